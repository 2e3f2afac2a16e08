package hpf.withdrawal;

import hpf.account.MemberLocks;
import hpf.ledger.Ledger;
import hpf.settlement.PartnerBanks;
import hpf.settlement.SettlementOutcome;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * A withdrawal's payment settled by the bank (business reference {@code withdrawal:<id>}), in the dispatcher's
 * transaction. Paid: the withdrawals payable goes down against the center's special account at the paying bank,
 * and the application is PAID. Refused by the bank (card frozen, name mismatch...): the payout is undone as a
 * cancellation would (reversing entries, a closed account reopened) and the application is PAYMENT_FAILED; the
 * member may apply again (with another card).
 */
public final class WithdrawalSettlement implements SettlementOutcome {

  public static final String PREFIX = "withdrawal";

  private final Ledger ledger = new Ledger();
  private final WithdrawalPayout payout = new WithdrawalPayout();

  @Override
  public Future<Void> succeeded(SqlConnection conn, Settled paid) {
    String ref = paid.businessRef();
    return WithdrawalRecords.lock(conn, paid.recordId(), null)
        .compose(application -> ledger.post(conn, new Ledger.Posting(
                application.getBoolean("closing") ? "12" : "11", ref, "settled:" + paid.instructionId(),
                paid.settledOn(), "提取支付（银行流水 " + paid.hostSeqNo() + "）", List.of(
                    new Ledger.Entry(WithdrawalPayout.PAYABLE, Ledger.Side.DEBIT, paid.amount()),
                    new Ledger.Entry(PartnerBanks.specialAccount(paid.bankCode()), Ledger.Side.CREDIT, paid.amount()))))
            .compose(posted -> WithdrawalRecords.setStatus(conn, paid.recordId(), "PAID")));
  }

  @Override
  public Future<Void> failed(SqlConnection conn, Settled refused, String reason) {
    String applicationId = refused.recordId();
    return WithdrawalRecords.lock(conn, applicationId, null).compose(application -> MemberLocks.account(conn,
            application.getString("account_no"))
        .compose(locked -> payout.undo(conn, applicationId, application.getUUID("ledger_txn"),
            application.getUUID("interest_txn"), application.getString("closed_from"),
            application.getString("account_no"), refused.settledOn()))
        .compose(v -> WithdrawalRecords.setStatus(conn, applicationId, "PAYMENT_FAILED")));
  }
}
