package hpf.loan.servicing;

import hpf.kit.BusinessTime;
import hpf.policy.Policies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Servicing's meters: deductions by outcome (counted once their transaction committed) and the
 * loans overdue by how long the oldest unpaid installment is past due, with the principal and interest their overdue
 * installments still owe (bands of days, refreshed from PostgreSQL by a timer; only loans past their grace period
 * count). Labels come from fixed sets only.
 */
final class ServicingMetrics {

  private static final long REFRESH_MILLIS = 60_000;
  static final List<String> BANDS = List.of("1-30", "31-90", "91-180", "181+");
  private static final List<String> OUTCOMES = List.of("ENQUEUED", "SUCCEEDED", "FAILED");

  private final Pool pool;
  private final Clock clock;
  private final Map<String, Counter> deductions = new ConcurrentHashMap<>();
  private final Map<String, Counter> repricings = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> overdue = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<BigDecimal>> overdueAmount = new ConcurrentHashMap<>();

  ServicingMetrics(MeterRegistry registry, Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
    for (String outcome : OUTCOMES) {
      deductions.put(outcome, Counter.builder("hpf_loan_deductions_total")
          .description("Loan deductions sent to the outbox, collected by the bank, refused by the bank")
          .tag("outcome", outcome).register(registry));
    }
    for (String outcome : List.of("REPRICED", "UNCHANGED")) {
      repricings.put(outcome, Counter.builder("hpf_loan_repricings_total")
          .description("Loans looked at by the 1 January repricing: rate changed, or left at their rate")
          .tag("outcome", outcome).register(registry));
    }
    if (pool == null) {
      return; // the settlement node's outcomes count deductions only; the room's own instance keeps the gauges
    }
    for (String band : BANDS) {
      AtomicLong value = new AtomicLong();
      overdue.put(band, value);
      Gauge.builder("hpf_loan_overdue_loans", value, AtomicLong::get)
          .description("Active loans past the grace period, by days since the oldest unpaid installment was due")
          .tag("days", band).register(registry);
      AtomicReference<BigDecimal> amount = new AtomicReference<>(BigDecimal.ZERO);
      overdueAmount.put(band, amount);
      // The sum stays a BigDecimal to the fen; a gauge is a double by nature, so it becomes one only when scraped.
      Gauge.builder("hpf_loan_overdue_amount_yuan", amount, a -> a.get().doubleValue())
          .description("Principal and interest still owed by the overdue installments of the loans in the band, yuan")
          .tag("days", band).register(registry);
    }
  }

  void start(Vertx vertx) {
    refresh();
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
  }

  Future<Void> refresh() {
    return refresh(BusinessTime.today(clock));
  }

  /**
   * Reads the overdue loans and amounts of {@code today} in one query and sets every band (none overdue: 0). A loan
   * is past grace when its oldest unpaid installment ({@code next_due_on}) was due more than (grace end − due date)
   * days ago; its amount is what the installments past grace still owe of principal and interest (the scheduled parts
   * less the parts received; every installment before {@code next_due_on} is received in full).
   */
  Future<Void> refresh(LocalDate today) {
    return new Policies(pool).asOf(today).map(OverduePolicy::of).compose(policy -> pool.preparedQuery("""
            SELECT CASE WHEN d <= 30 THEN '1-30' WHEN d <= 90 THEN '31-90' WHEN d <= 180 THEN '91-180' ELSE '181+' END
                   AS band, count(*) AS n, coalesce(sum(unpaid), 0) AS amount
              FROM (SELECT $1::date - c.next_due_on AS d,
                           (SELECT coalesce(sum(i.principal + i.interest - coalesce(
                                     (SELECT sum(p.amount) FROM loan_repayment_part p
                                       WHERE p.contract_id = i.contract_id AND p.period = i.period
                                         AND p.part IN ('PRINCIPAL', 'INTEREST')), 0)), 0)
                              FROM loan_installment i
                             WHERE i.contract_id = c.contract_id AND i.version = c.schedule_version
                               AND i.due_on >= c.next_due_on AND i.due_on < $1::date - $2::int) AS unpaid
                      FROM loan_contract c
                     WHERE c.state = 'ACTIVE' AND c.next_due_on < $1::date - $2::int) t
             GROUP BY band""")
        .execute(Tuple.of(today, (int) ChronoUnit.DAYS.between(today, policy.graceEnd(today)))))
        .map(rows -> {
          Map<String, Long> loans = new HashMap<>();
          Map<String, BigDecimal> amounts = new HashMap<>();
          rows.forEach(row -> {
            loans.put(row.getString("band"), row.getLong("n"));
            amounts.put(row.getString("band"), row.getBigDecimal("amount"));
          });
          for (String band : BANDS) {
            overdue.get(band).set(loans.getOrDefault(band, 0L));
            overdueAmount.get(band).set(amounts.getOrDefault(band, BigDecimal.ZERO));
          }
          return null;
        });
  }

  /** Counts a deduction outcome once {@code conn}'s transaction has committed. */
  void deduction(SqlConnection conn, String outcome) {
    afterCommit(conn, deductions.get(outcome));
  }

  /** Counts a repricing outcome once {@code conn}'s transaction has committed. */
  void repricing(SqlConnection conn, String outcome) {
    afterCommit(conn, repricings.get(outcome));
  }

  private static void afterCommit(SqlConnection conn, Counter counter) {
    var transaction = conn.transaction();
    if (transaction == null) {
      counter.increment();
    } else {
      transaction.completion().onSuccess(v -> counter.increment());
    }
  }
}
