package hpf.loan.servicing;

import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Overdue reporting to the credit reference system (征信报送): each day, every installment still owing
 * {@code creditReportDays} after its due date (T+15) gets one OVERDUE line with what it owes that day, and a reported
 * installment found paid gets one CLEARED line. Lines are never changed; the key (contract, period, kind) makes the day's
 * run idempotent and safe on several instances. The credit reference front-end takes a day's lines
 * ({@link #day}); this room never talks to the credit system itself.
 */
final class CreditReports {

  private static final int CHUNK = 500;
  static final int MAX_PAGE = 1000;

  private final Pool pool;

  CreditReports(Pool pool) {
    this.pool = pool;
  }

  /** The day's lines for every loan; answers how many were written. */
  Future<Integer> run(LocalDate day) {
    return new Policies(pool).asOf(day).map(OverduePolicy::of).compose(policy -> chunk(day, policy, "", 0));
  }

  private Future<Integer> chunk(LocalDate day, OverduePolicy policy, String after, int sofar) {
    return pool.preparedQuery("""
            SELECT contract_id FROM (
              SELECT contract_id FROM loan_contract WHERE state = 'ACTIVE' AND next_due_on <= $1::date - $2::int
              UNION
              SELECT r.contract_id FROM loan_credit_report r WHERE r.kind = 'OVERDUE'
                 AND NOT EXISTS (SELECT 1 FROM loan_credit_report c WHERE c.contract_id = r.contract_id
                                   AND c.period = r.period AND c.kind = 'CLEARED')) candidates
             WHERE contract_id > $3 ORDER BY contract_id LIMIT $4""")
        .execute(Tuple.of(day, policy.creditReportDays(), after, CHUNK))
        .compose(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getString("contract_id")));
          Future<Integer> chain = Future.succeededFuture(sofar);
          for (String id : ids) {
            chain = chain.compose(n -> one(id, day, policy).map(written -> n + written));
          }
          return ids.size() < CHUNK ? chain : chain.compose(n -> chunk(day, policy, ids.get(ids.size() - 1), n));
        });
  }

  /** One loan: OVERDUE lines for installments owing since T+N, CLEARED lines for reported ones no longer owing. */
  private Future<Integer> one(String contractId, LocalDate day, OverduePolicy policy) {
    return ServicedLoan.read(pool, contractId).compose(loan -> pool.preparedQuery("""
            SELECT period FROM loan_credit_report r WHERE contract_id = $1 AND kind = 'OVERDUE'
               AND NOT EXISTS (SELECT 1 FROM loan_credit_report c WHERE c.contract_id = r.contract_id
                                 AND c.period = r.period AND c.kind = 'CLEARED')""")
        .execute(Tuple.of(contractId))
        .compose(open -> {
          List<Owed> owed = Arrears.on(loan.periods(), loan.annualRate(), day, policy);
          Set<Integer> owing = owed.stream().map(Owed::period).collect(Collectors.toSet());
          int overdue = Arrears.overdueNow(owed);
          List<Tuple> lines = new ArrayList<>();
          LocalDate reportable = day.minusDays(policy.creditReportDays());
          for (Owed o : owed) {
            if (!o.dueOn().isAfter(reportable) && o.principal().add(o.interest()).signum() > 0) {
              lines.add(line(loan, o.period(), "OVERDUE", day, o.dueOn(), o.principal(), o.interest(), o.penalty(),
                  overdue));
            }
          }
          for (Row r : open) {
            int period = r.getInteger("period");
            if (!owing.contains(period)) {
              LocalDate due = loan.periods().stream().filter(p -> p.period() == period).findFirst()
                  .map(Period::dueOn).orElse(day);
              lines.add(line(loan, period, "CLEARED", day, due, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                  overdue));
            }
          }
          return lines.isEmpty() ? Future.succeededFuture(0) : pool.preparedQuery("""
                  INSERT INTO loan_credit_report (contract_id, period, kind, report_on, due_on, person_id, principal,
                                                  interest, penalty, overdue_periods)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING""")
              .executeBatch(lines).map(CreditReports::inserted);
        }));
  }

  private static Tuple line(ServicedLoan loan, int period, String kind, LocalDate day, LocalDate due,
                            BigDecimal principal, BigDecimal interest, BigDecimal penalty, int overdue) {
    return Tuple.from(List.of(loan.contractId(), period, kind, day, due, loan.personId(), principal, interest, penalty,
        overdue));
  }

  private static int inserted(io.vertx.sqlclient.RowSet<Row> rows) {
    int n = 0;
    for (io.vertx.sqlclient.RowSet<Row> r = rows; r != null; r = r.next()) {
      n += r.rowCount();
    }
    return n;
  }

  /** A page of one report day's lines, by contract, period and kind. */
  static Future<JsonObject> day(SqlClient sql, LocalDate day, int page, int size) {
    return sql.preparedQuery("""
            SELECT *, count(*) OVER () AS total FROM loan_credit_report WHERE report_on = $1
             ORDER BY contract_id, period, kind LIMIT $2 OFFSET $3""")
        .execute(Tuple.of(day, size, (long) (page - 1) * size))
        .map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(new JsonObject().put("contractId", r.getString("contract_id")).put("period", r.getInteger("period"))
                .put("kind", r.getString("kind")).put("dueOn", r.getLocalDate("due_on").toString())
                .put("personId", r.getString("person_id"))
                .put("principal", r.getBigDecimal("principal").setScale(2).toPlainString())
                .put("interest", r.getBigDecimal("interest").setScale(2).toPlainString())
                .put("penalty", r.getBigDecimal("penalty").setScale(2).toPlainString())
                .put("overduePeriods", r.getInteger("overdue_periods")));
          }
          return new JsonObject().put("day", day.toString()).put("page", page).put("size", size).put("total", total)
              .put("items", items);
        });
  }
}
