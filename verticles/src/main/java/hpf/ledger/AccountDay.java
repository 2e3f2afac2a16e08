package hpf.ledger;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The entries of one ledger account on one business date, for rooms that set the books against an outside
 * statement (the settlement room's daily reconciliation with each bank). Reversed transactions and their reversals
 * are marked, not hidden: the caller decides what a reversal means for its comparison.
 */
public final class AccountDay {

  /** One entry with its transaction's reference, key and memo; {@code reversed}/{@code reversal} as in the ledger. */
  public record Booked(UUID txnId, String businessType, String businessRef, String idempotencyKey, String memo,
                       Ledger.Side side, Money amount, boolean reversed, boolean reversal) {}

  private AccountDay() {}

  /** In posting order; bounded by the caller's day (a special account books at most some thousands a day). */
  public static Future<List<Booked>> entries(SqlClient sql, String accountId, LocalDate businessDate) {
    return sql.preparedQuery("""
            SELECT t.txn_id, t.business_type, t.business_ref, t.idempotency_key, t.memo, e.side, e.amount,
                   t.reverses IS NOT NULL AS reversal,
                   EXISTS (SELECT 1 FROM ledger_transaction r WHERE r.reverses = t.txn_id) AS reversed
              FROM ledger_entry e JOIN ledger_transaction t ON t.txn_id = e.txn_id
             WHERE e.account_id = $1 AND t.business_date = $2
             ORDER BY e.entry_id""")
        .execute(Tuple.of(accountId, businessDate))
        .map(rows -> {
          List<Booked> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Booked(r.getUUID("txn_id"), r.getString("business_type"),
              r.getString("business_ref"), r.getString("idempotency_key"), r.getString("memo"),
              Ledger.Side.valueOf(r.getString("side")), Money.of(r.getBigDecimal("amount")), r.getBoolean("reversed"),
              r.getBoolean("reversal"))));
          return out;
        });
  }
}
