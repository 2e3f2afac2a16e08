package hpf.loan.servicing;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.ledger.LedgerQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The loans against the ledger (贷款账实核对): each loan's receivable equals its principal less the principal
 * received (for a loan whose disbursement is booked: DISBURSING, ACTIVE, SETTLED), their sums agree, and the interest
 * and penalty income equal the parts received. Differences are listed (at most 50 loans).
 */
final class LoanBooks {

  private static final int MAX_LISTED = 50;

  private LoanBooks() {}

  /**
   * Compares several queries, so they read one snapshot (REPEATABLE READ, read only, one connection): a receipt
   * committed between two of them would otherwise show as a difference that is not there.
   */
  static Future<JsonObject> reconcile(Pool pool) {
    return pool.withConnection(conn -> conn.begin().compose(tx -> conn
        .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
        .compose(v -> compare(conn))
        .compose(report -> tx.commit().map(report), failure -> tx.rollback().transform(ignored ->
            Future.<JsonObject>failedFuture(failure)))));
  }

  private static Future<JsonObject> compare(SqlClient sql) {
    Future<Map<String, Money>> expected = sql.query("""
            SELECT c.contract_id, c.principal - coalesce(p.paid, 0) AS outstanding
              FROM loan_contract c
              LEFT JOIN (SELECT contract_id, sum(amount) AS paid FROM loan_repayment_part WHERE part = 'PRINCIPAL'
                          GROUP BY contract_id) p ON p.contract_id = c.contract_id
             WHERE c.state IN ('DISBURSING', 'ACTIVE', 'SETTLED')""").execute()
        .map(rows -> {
          Map<String, Money> out = new HashMap<>();
          rows.forEach(r -> out.put(Receipts.receivable(r.getString("contract_id")),
              Money.of(r.getBigDecimal("outstanding"))));
          return out;
        });
    Future<Map<String, Money>> booked = LedgerQueries.balancesOfKind(sql, "LOAN_RECEIVABLE");
    Future<JsonObject> parts = sql.query("""
            SELECT coalesce(sum(amount) FILTER (WHERE part = 'INTEREST'), 0) AS interest,
                   coalesce(sum(amount) FILTER (WHERE part = 'PENALTY'), 0) AS penalty FROM loan_repayment_part""")
        .execute().map(rows -> new JsonObject()
            .put("interest", Money.of(rows.iterator().next().getBigDecimal("interest")).toString())
            .put("penalty", Money.of(rows.iterator().next().getBigDecimal("penalty")).toString()));
    Ledger ledger = new Ledger();
    Future<Money> interestIncome = ledger.balance(sql, Receipts.INTEREST_INCOME);
    Future<Money> penaltyIncome = ledger.balance(sql, Receipts.PENALTY_INCOME);
    return Future.all(expected, booked, parts, interestIncome, penaltyIncome).map(done -> {
      Money outstanding = Money.ZERO;
      Money receivable = Money.ZERO;
      JsonArray differences = new JsonArray();
      TreeSet<String> accounts = new TreeSet<>(expected.result().keySet());
      accounts.addAll(booked.result().keySet());
      for (String account : accounts) {
        Money e = expected.result().getOrDefault(account, Money.ZERO);
        Money b = booked.result().getOrDefault(account, Money.ZERO);
        outstanding = outstanding.plus(e);
        receivable = receivable.plus(b);
        if (!e.equals(b) && differences.size() < MAX_LISTED) {
          differences.add(new JsonObject().put("account", account).put("outstanding", e.toString())
              .put("receivable", b.toString()));
        }
      }
      boolean income = parts.result().getString("interest").equals(interestIncome.result().toString())
          && parts.result().getString("penalty").equals(penaltyIncome.result().toString());
      return new JsonObject().put("loans", accounts.size()).put("outstandingPrincipal", outstanding.toString())
          .put("loanReceivable", receivable.toString())
          .put("interestReceived", parts.result().getString("interest"))
          .put("interestIncome", interestIncome.result().toString())
          .put("penaltyReceived", parts.result().getString("penalty"))
          .put("penaltyIncome", penaltyIncome.result().toString())
          .put("differences", differences)
          .put("balanced", differences.isEmpty() && income && outstanding.equals(receivable));
    });
  }
}
