package hpf.loan.servicing;

import hpf.loan.terms.Installment;
import hpf.loan.terms.LoanPolicies;
import hpf.loan.terms.LoanPolicy;
import hpf.loan.terms.RepaymentMethod;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The 1 January repricing of a year (利率调整), once per loan and year: every ACTIVE loan of more than twelve months
 * disbursed before that day gets the rate in force on it ({@link Repricings}); a changed rate writes the schedule's
 * next version and the contract's new rate, and either way a loan_repricing row records the outcome, in one
 * transaction with the loan locked. Running it again, or on several nodes, changes nothing more.
 */
final class RepricingJob {

  private static final int CHUNK = 200;

  /** What a run did for a year: loans looked at, repriced, left at their rate. */
  record Run(int year, int looked, int repriced, int unchanged) {}

  private final Pool pool;
  private final ServicingMetrics metrics;

  RepricingJob(Pool pool, ServicingMetrics metrics) {
    this.pool = pool;
    this.metrics = metrics;
  }

  Future<Run> run(int year) {
    LocalDate januaryFirst = LocalDate.of(year, 1, 1);
    return LoanPolicies.inForce(pool, januaryFirst)
        .compose(policy -> chunk(year, policy, "", new Run(year, 0, 0, 0)));
  }

  private Future<Run> chunk(int year, LoanPolicy policy, String after, Run sofar) {
    return pool.preparedQuery("""
            SELECT c.contract_id FROM loan_contract c
             WHERE c.state = 'ACTIVE' AND c.term_months > $1 AND c.disbursed_on < $2 AND c.contract_id > $3
               AND NOT EXISTS (SELECT 1 FROM loan_repricing r WHERE r.contract_id = c.contract_id AND r.year = $4)
             ORDER BY c.contract_id LIMIT $5""")
        .execute(Tuple.of(Repricings.FIXED_RATE_MAX_MONTHS, LocalDate.of(year, 1, 1), after, year, CHUNK))
        .compose(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getString("contract_id")));
          Future<Run> chain = Future.succeededFuture(sofar);
          for (String id : ids) {
            chain = chain.compose(run -> pool.withTransaction(conn -> reprice(conn, id, year, policy))
                .map(changed -> changed == null ? run : new Run(year, run.looked() + 1,
                    run.repriced() + (changed ? 1 : 0), run.unchanged() + (changed ? 0 : 1))));
          }
          return ids.size() < CHUNK ? chain : chain.compose(run -> chunk(year, policy, ids.get(ids.size() - 1), run));
        });
  }

  /** True repriced, false left at its rate, null when another run did it first. */
  Future<Boolean> reprice(SqlConnection conn, String contractId, int year, LoanPolicy policy) {
    LocalDate januaryFirst = LocalDate.of(year, 1, 1);
    return conn.preparedQuery("""
            SELECT c.*, EXISTS (SELECT 1 FROM loan_repricing r WHERE r.contract_id = c.contract_id AND r.year = $2)
                   AS done
              FROM loan_contract c WHERE c.contract_id = $1 FOR UPDATE""")
        .execute(Tuple.of(contractId, year))
        .compose(rows -> {
          Row c = rows.iterator().next();
          if (c.getBoolean("done") || !"ACTIVE".equals(c.getString("state"))) {
            return Future.succeededFuture((Boolean) null);
          }
          short version = c.getShort("schedule_version");
          var oldRate = c.getBigDecimal("annual_rate");
          var newRate = policy.rate(c.getInteger("term_months"), c.getShort("home_ordinal"));
          if (newRate.compareTo(oldRate) == 0) {
            return record(conn, contractId, year, oldRate, newRate, null, version).map(false);
          }
          return schedule(conn, contractId, version).compose(current -> {
            List<Installment> repriced = Repricings.reprice(current, c.getLocalDate("disbursed_on"), januaryFirst,
                newRate, RepaymentMethod.ofCode(c.getString("repayment_method")));
            int from = firstChanged(current, januaryFirst);
            if (from == 0) {
              return record(conn, contractId, year, oldRate, newRate, null, version).map(false);
            }
            short next = (short) (version + 1);
            return write(conn, contractId, next, repriced)
                .compose(v -> conn.preparedQuery("""
                        UPDATE loan_contract SET schedule_version = $2, annual_rate = $3, updated_at = now()
                         WHERE contract_id = $1""").execute(Tuple.of(contractId, next, newRate)))
                .compose(v -> record(conn, contractId, year, oldRate, newRate, from, next))
                .map(true);
          });
        })
        .onSuccess(changed -> {
          if (changed != null) {
            metrics.repricing(conn, changed ? "REPRICED" : "UNCHANGED");
          }
        });
  }

  private static int firstChanged(List<Installment> schedule, LocalDate januaryFirst) {
    return schedule.stream().filter(i -> i.due().isAfter(januaryFirst)).mapToInt(Installment::period).findFirst()
        .orElse(0);
  }

  static Future<List<Installment>> schedule(SqlConnection conn, String contractId, short version) {
    return conn.preparedQuery("""
            SELECT period, due_on, principal, interest, payment, outstanding_after FROM loan_installment
             WHERE contract_id = $1 AND version = $2 ORDER BY period""")
        .execute(Tuple.of(contractId, version))
        .map(rows -> {
          List<Installment> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Installment(r.getInteger("period"), r.getLocalDate("due_on"),
              r.getBigDecimal("principal"), r.getBigDecimal("interest"), r.getBigDecimal("payment"),
              r.getBigDecimal("outstanding_after"))));
          return out;
        });
  }

  static Future<Void> write(SqlConnection conn, String contractId, short version, List<Installment> rows) {
    List<Tuple> batch = new ArrayList<>(rows.size());
    for (Installment i : rows) {
      batch.add(Tuple.from(new Object[] {contractId, version, i.period(), i.due(), i.principal(), i.interest(),
          i.payment(), i.outstandingAfter()}));
    }
    return conn.preparedQuery("""
            INSERT INTO loan_installment (contract_id, version, period, due_on, principal, interest, payment,
                                          outstanding_after)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""").executeBatch(batch).mapEmpty();
  }

  private static Future<Void> record(SqlConnection conn, String contractId, int year, java.math.BigDecimal oldRate,
                                     java.math.BigDecimal newRate, Integer from, short version) {
    return conn.preparedQuery("""
            INSERT INTO loan_repricing (contract_id, year, old_rate, new_rate, from_period, version)
            VALUES ($1, $2, $3, $4, $5, $6)""")
        .execute(Tuple.from(new Object[] {contractId, year, oldRate, newRate, from, version})).mapEmpty();
  }
}
