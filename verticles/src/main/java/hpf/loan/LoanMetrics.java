package hpf.loan;

import hpf.kit.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loan room as SREs see it: {@code hpf_loan_application_outcomes_total{outcome}} counts what became of each
 * application and decision (accepted into review, sent to manual review, refused with its code, approved, returned,
 * cancelled), and {@code hpf_loan_applications{state}} is the number of applications in each state, center-wide,
 * refreshed from PostgreSQL by a timer (a gauge cannot query when scraped). Labels come from fixed sets only. The
 * two names differ in more than the suffix: Prometheus would fold a counter named after the gauge into its family.
 */
final class LoanMetrics {

  private static final long REFRESH_MILLIS = 15_000;
  /** The refusal codes counted by name; any other failure is counted as ERROR. */
  private static final Set<String> REFUSALS = Set.of("LOAN_APPLICATION_OPEN", "LOAN_NOT_ELIGIBLE",
      "LOAN_AMOUNT_ABOVE_CEILING", "LOAN_CO_BORROWER_INVALID", "LOAN_CHANNEL_NOT_ALLOWED", "LOAN_TERMS_INVALID",
      "BANK_CARD_INVALID", "CONSENT_REQUIRED");

  private final MeterRegistry registry;
  private final Pool pool;
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> states = new ConcurrentHashMap<>();

  LoanMetrics(MeterRegistry registry, Pool pool) {
    this.registry = registry;
    this.pool = pool;
    for (String state : LoanStates.ALL) {
      AtomicLong value = new AtomicLong();
      states.put(state, value);
      Gauge.builder("hpf_loan_applications", value, AtomicLong::get)
          .description("Loan applications in each state, center-wide").tag("state", state).register(registry);
    }
  }

  /** Refreshes the state gauge now and then periodically; the timer ends with the Vert.x instance. */
  void start(Vertx vertx) {
    refresh();
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
  }

  void refresh() {
    pool.query("SELECT state, count(*) AS n FROM loan_application GROUP BY state").execute().onSuccess(rows -> {
      states.values().forEach(v -> v.set(0));
      rows.forEach(row -> {
        AtomicLong value = states.get(row.getString("state"));
        if (value != null) {
          value.set(row.getLong("n"));
        }
      });
    });
  }

  /** An application accepted: into review with every check passed, or to manual review. */
  void applied(List<LoanCheck> checks) {
    count(checks.stream().allMatch(c -> c.outcome() == LoanCheck.Outcome.PASSED) ? "IN_REVIEW" : "MANUAL_REVIEW");
  }

  /** An application refused before anything was written. */
  void refused(Throwable e) {
    count(e instanceof ProblemException p && REFUSALS.contains(p.problem().code()) ? p.problem().code() : "ERROR");
  }

  /** A review outcome or the applicant's cancellation or resubmission. */
  void count(String outcome) {
    outcomes.computeIfAbsent(outcome, o -> Counter.builder("hpf_loan_application_outcomes_total")
        .description("Loan applications and their decisions, by outcome").tag("outcome", o).register(registry))
        .increment();
  }

  /** Runs {@code action} once the connection's transaction has committed (at once outside a transaction). */
  void afterCommit(SqlConnection conn, Runnable action) {
    var transaction = conn.transaction();
    if (transaction == null) {
      action.run();
    } else {
      transaction.completion().onSuccess(v -> action.run());
    }
  }
}
