package hpf.account;

import hpf.ledger.Ledger;
import hpf.settlement.PartnerBanks;
import hpf.settlement.SettlementOutcome;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * The account room's instructions settled by the banks, in the dispatcher's transaction, by business reference
 * prefix. Payments (a contribution refund, a suspense refund, a transfer-out) that were paid take their payable
 * down against the center's special account at the paying bank; refused ones are undone (reversing entries, the
 * record back where it was: the member credited again, the suspense item open again, the account sealed again). A
 * direct-debit collection that was collected pays the list; a refused one leaves the list due again.
 */
public final class AccountSettlements {

  private AccountSettlements() {}

  /** Every outcome of this room, by prefix. */
  public static Map<String, SettlementOutcome> all(Clock clock) {
    Remittances remittances = new Remittances(new Ledger(), clock);
    return Map.of(
        "refund", new Payable(ContributionRefunds.PAYABLE, "01", "退款支付", (conn, s, reason) ->
            reverseRecorded(conn, "SELECT ledger_txn FROM contribution_refund WHERE refund_id = $1 FOR UPDATE", s,
                "refund-failed")),
        "suspense-refund", new Payable(ContributionRefunds.PAYABLE, "01", "暂收款退回支付", (conn, s, reason) ->
            reverseRecorded(conn, "SELECT close_txn AS ledger_txn FROM suspense_item WHERE item_id = $1 FOR UPDATE", s,
                "suspense-refund-failed")
                .compose(v -> conn.preparedQuery("""
                        UPDATE suspense_item SET status = 'OPEN', close_txn = NULL, instruction_id = NULL,
                               closed_at = NULL WHERE item_id = $1""")
                    .execute(Tuple.of(s.recordId()))).mapEmpty()),
        "transfer-out", new Payable(TransfersOut.PAYABLE, "07", "转移支付", (conn, s, reason) ->
            conn.preparedQuery("SELECT * FROM transfer_out WHERE transfer_id = $1 FOR UPDATE")
                .execute(Tuple.of(s.recordId()))
                .compose(rows -> TransfersOut.undo(conn, s.recordId(), rows.iterator().next(), s.settledOn(),
                    "transfer-failed", "CANCELLED"))),
        "remittance", new Collection(remittances));
  }

  /** What a refused payment undoes in its room. */
  @FunctionalInterface
  private interface Undo {
    Future<Void> undo(SqlConnection conn, SettlementOutcome.Settled settled, String reason);
  }

  /** A payment out of a payable: paid → payable down against the bank; refused → the room's undo. */
  private record Payable(String payable, String businessType, String memo, Undo undo) implements SettlementOutcome {
    @Override
    public Future<Void> succeeded(SqlConnection conn, Settled paid) {
      return new Ledger().post(conn, new Ledger.Posting(businessType, paid.businessRef(), "settled:" + paid.instructionId(),
          paid.settledOn(), memo + "（银行流水 " + paid.hostSeqNo() + "）", List.of(
              new Ledger.Entry(payable, Ledger.Side.DEBIT, paid.amount()),
              new Ledger.Entry(PartnerBanks.specialAccount(paid.bankCode()), Ledger.Side.CREDIT, paid.amount()))))
          .mapEmpty();
    }

    @Override
    public Future<Void> failed(SqlConnection conn, Settled refused, String reason) {
      return undo.undo(conn, refused, reason);
    }
  }

  /** A direct debit of a remittance list ({@code remittance:<employer>:<month>}). */
  private record Collection(Remittances remittances) implements SettlementOutcome {
    @Override
    public Future<Void> succeeded(SqlConnection conn, Settled collected) {
      String[] parts = collected.recordId().split(":");
      return remittances.pay(conn, parts[0], YearMonth.parse(parts[1]),
          Funds.collectedAt(collected.bankCode(), collected.amount())).mapEmpty();
    }

    @Override
    public Future<Void> failed(SqlConnection conn, Settled refused, String reason) {
      return conn.preparedQuery("""
              UPDATE remittance SET status = 'DUE', collection_instruction = NULL
               WHERE collection_instruction = $1 AND status = 'COLLECTING'""")
          .execute(Tuple.of(refused.instructionId())).mapEmpty();
    }
  }

  /** Reverses the business posting the row names (its {@code ledger_txn}), under a key of its own. */
  private static Future<Void> reverseRecorded(SqlConnection conn, String select, SettlementOutcome.Settled s,
                                              String keyPrefix) {
    return conn.preparedQuery(select).execute(Tuple.of(s.recordId())).compose(rows -> {
      Row row = rows.iterator().next();
      return new Ledger().reverse(conn, row.getUUID("ledger_txn"), keyPrefix + ":" + s.instructionId(),
          s.settledOn(), "银行退回，支付未成功").mapEmpty();
    });
  }
}
