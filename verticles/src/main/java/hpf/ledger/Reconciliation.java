package hpf.ledger;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The books check (账账相符): every transaction balances, every kept balance (the sum of an account's balance
 * buckets) equals the sum of its account's entries, no bucket of a guarded account is negative, and the debit-normal side of the books (bank accounts, receivables) equals the credit-normal side
 * (member accounts, suspense, payables). Names each difference it finds.
 */
public final class Reconciliation {

  /** The totals compared, and the differences found (empty when the books agree). */
  public record Report(Money memberBooks, Money bankBooks, Money debitSide, Money creditSide, List<String> differences,
                       Map<String, Money> bankAccounts) {
    public boolean balanced() {
      return differences.isEmpty();
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("balanced", balanced())
          .put("memberBooks", memberBooks.toString())
          .put("bankBooks", bankBooks.toString())
          .put("debitSide", debitSide.toString())
          .put("creditSide", creditSide.toString())
          .put("differences", new JsonArray(differences))
          .put("bankAccounts", bankAccounts(bankAccounts));
    }

    /** Each special account (专户) with its balance, to set against that bank's statement. */
    private static JsonArray bankAccounts(Map<String, Money> accounts) {
      JsonArray out = new JsonArray();
      accounts.forEach((account, balance) -> out.add(new JsonObject().put("account", account)
          .put("balance", balance.toString())));
      return out;
    }
  }

  private final Pool pool;

  public Reconciliation(Pool pool) {
    this.pool = pool;
  }

  public Future<Report> run() {
    Future<List<String>> unbalanced = pool.query("""
            SELECT txn_id, sum(CASE side WHEN 'DEBIT' THEN amount ELSE -amount END) AS difference
              FROM ledger_entry GROUP BY txn_id
            HAVING sum(CASE side WHEN 'DEBIT' THEN amount ELSE -amount END) <> 0 LIMIT 100""").execute()
        .map(rows -> lines(rows, r -> "transaction " + r.getUUID("txn_id") + " does not balance by "
            + Money.of(r.getBigDecimal("difference"))));
    // A hot account's balance is the sum of its buckets: that sum is what must equal its entries.
    Future<List<String>> drifted = pool.query("""
            WITH kept AS (SELECT account_id, sum(balance) AS balance FROM ledger_balance GROUP BY account_id),
                 derived AS (SELECT e.account_id,
                                    sum(CASE WHEN e.side = a.normal_side THEN e.amount ELSE -e.amount END) AS derived
                               FROM ledger_entry e JOIN ledger_account a ON a.account_id = e.account_id
                              GROUP BY e.account_id)
            SELECT k.account_id, k.balance, coalesce(d.derived, 0) AS derived
              FROM ledger_account a JOIN kept k ON k.account_id = a.account_id
              LEFT JOIN derived d ON d.account_id = a.account_id
             WHERE k.balance <> coalesce(d.derived, 0)
             ORDER BY k.account_id LIMIT 100""").execute()
        .map(rows -> lines(rows, r -> "account " + r.getString("account_id") + " shows " + Money.of(r.getBigDecimal("balance"))
            + " but its entries add up to " + Money.of(r.getBigDecimal("derived"))));
    // The guard keeps every bucket of a guarded account non-negative; a negative one was written around the ledger.
    Future<List<String>> negative = pool.query("""
            SELECT b.account_id, b.bucket, b.balance FROM ledger_balance b
              JOIN ledger_account a ON a.account_id = b.account_id
             WHERE NOT a.allow_negative AND b.balance < 0 ORDER BY b.account_id, b.bucket LIMIT 100""").execute()
        .map(rows -> lines(rows, r -> "account " + r.getString("account_id") + " may not go negative but its balance row "
            + r.getInteger("bucket") + " shows " + Money.of(r.getBigDecimal("balance"))));
    Future<Row> totals = pool.query("""
            SELECT coalesce(sum(b.balance) FILTER (WHERE a.kind = 'MEMBER'), 0) AS members,
                   coalesce(sum(b.balance) FILTER (WHERE a.kind = 'CENTER_BANK'), 0) AS banks,
                   coalesce(sum(b.balance) FILTER (WHERE a.normal_side = 'DEBIT'), 0) AS debit_side,
                   coalesce(sum(b.balance) FILTER (WHERE a.normal_side = 'CREDIT'), 0) AS credit_side
              FROM ledger_account a JOIN ledger_balance b ON b.account_id = a.account_id""").execute()
        .map(rows -> rows.iterator().next());
    Future<Map<String, Money>> banks = pool.query("""
            SELECT a.account_id, sum(b.balance) AS balance
              FROM ledger_account a JOIN ledger_balance b ON b.account_id = a.account_id
             WHERE a.kind = 'CENTER_BANK' GROUP BY a.account_id ORDER BY a.account_id""").execute()
        .map(rows -> {
          Map<String, Money> out = new java.util.LinkedHashMap<>();
          rows.forEach(r -> out.put(r.getString("account_id"), Money.of(r.getBigDecimal("balance"))));
          return out;
        });
    return Future.all(List.of(unbalanced, drifted, negative, totals, banks)).map(done -> {
      Row t = totals.result();
      Money debit = Money.of(t.getBigDecimal("debit_side"));
      Money credit = Money.of(t.getBigDecimal("credit_side"));
      List<String> differences = new ArrayList<>(unbalanced.result());
      differences.addAll(drifted.result());
      differences.addAll(negative.result());
      if (!debit.equals(credit)) {
        differences.add("the debit side of the books (" + debit + ") differs from the credit side (" + credit + ") by "
            + debit.minus(credit));
      }
      return new Report(Money.of(t.getBigDecimal("members")), Money.of(t.getBigDecimal("banks")), debit, credit,
          List.copyOf(differences), banks.result());
    });
  }

  private static List<String> lines(io.vertx.sqlclient.RowSet<Row> rows, java.util.function.Function<Row, String> line) {
    List<String> out = new ArrayList<>();
    rows.forEach(row -> out.add(line.apply(row)));
    return out;
  }
}
