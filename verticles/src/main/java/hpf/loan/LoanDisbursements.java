package hpf.loan;

import hpf.kit.Money;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Disbursement (放款), asked by loan staff for a pre-registered contract, in one transaction: the loan's receivable
 * is booked against the disbursements payable (L01) and a payment of the principal to the seller's account (BusType
 * 04) enters the outbox as HELD, so a second staff member releases it before it can be sent (four eyes). The bank's
 * answer comes back through {@link LoanDisbursementOutcome}. A payment the bank refused is reversed there, and a
 * new one may be asked for; each attempt has its own idempotency key, so none is booked twice.
 */
final class LoanDisbursements {

  static final String BUS_TYPE = "04";
  static final String BUSINESS_TYPE = "L01";
  static final String PAYABLE = "PAYABLE:loan-disbursements";
  static final String PREFIX = "loan";

  private final Ledger ledger = new Ledger();
  private final SettlementOutbox outbox = new SettlementOutbox();

  static String receivable(String contractId) {
    return "LOAN:" + contractId;
  }

  /** Asks for the payment; answers the instruction id. */
  Future<UUID> request(SqlConnection conn, String contractId, String staff, LocalDate today, OffsetDateTime now) {
    return LoanContractRows.lock(conn, contractId, null).compose(contract -> {
      String state = contract.getString("state");
      if (!LoanContractRows.PRE_REGISTERED.equals(state) && !LoanContractRows.DISBURSEMENT_FAILED.equals(state)) {
        return Future.failedFuture(new ProblemException(LoanContractProblems.NOT_READY_FOR_DISBURSEMENT));
      }
      Money principal = Money.of(contract.getBigDecimal("principal"));
      String ref = PREFIX + ":" + contractId;
      return LoanContractRows.times(conn, contractId, LoanContractRows.DISBURSING).compose(attempts -> {
        String key = ref + ":disbursement:" + (attempts + 1);
        return ledger.openAccount(conn, receivable(contractId), "LOAN_RECEIVABLE", Ledger.Side.DEBIT, false,
                "个人住房贷款 " + contractId)
            .compose(v -> ledger.post(conn, new Ledger.Posting(BUSINESS_TYPE, ref, key, today,
                "贷款发放 " + contractId, List.of(
                    new Ledger.Entry(receivable(contractId), Ledger.Side.DEBIT, principal),
                    new Ledger.Entry(PAYABLE, Ledger.Side.CREDIT, principal)))))
            .compose(posted -> PayeeAccounts.find(conn, contract.getLong("payee_id"))
                .compose(payee -> outbox.enqueueHeld(conn, new SettlementOutbox.ToAccount(BUS_TYPE, payee, principal,
                    ref), staff))
                .compose(instruction -> conn.preparedQuery("""
                        UPDATE loan_contract SET instruction_id = $2, ledger_txn = $3, requested_by = $4
                         WHERE contract_id = $1""")
                    .execute(Tuple.of(contractId, instruction, posted.txnId(), staff))
                    .compose(v -> LoanContractRows.move(conn, contractId, state, LoanContractRows.DISBURSING,
                        "放款指令 " + instruction + " 待复核放行", staff, now))
                    .map(v -> instruction)));
      });
    });
  }
}
