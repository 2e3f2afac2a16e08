package hpf.loan;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loan contracts' meters: contracts in each state (refreshed from PostgreSQL by a timer) and disbursements by the
 * bank's outcome, counted once their transaction committed. Labels come from fixed sets only.
 */
final class LoanContractMetrics {

  private static final long REFRESH_MILLIS = 15_000;
  private static final Set<String> OUTCOMES = Set.of("REQUESTED", "PAID", "FAILED");

  private final Pool pool;
  private final Map<String, Counter> disbursements = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> states = new ConcurrentHashMap<>();

  LoanContractMetrics(MeterRegistry registry, Pool pool) {
    this.pool = pool;
    for (String state : LoanContractRows.ALL) {
      AtomicLong value = new AtomicLong();
      states.put(state, value);
      Gauge.builder("hpf_loan_contracts", value, AtomicLong::get)
          .description("Loan contracts in each state, center-wide").tag("state", state).register(registry);
    }
    for (String outcome : OUTCOMES) {
      disbursements.put(outcome, Counter.builder("hpf_loan_disbursements_total")
          .description("Loan disbursements asked for, paid by the bank, refused by the bank").tag("outcome", outcome)
          .register(registry));
    }
  }

  void start(Vertx vertx) {
    refresh();
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
  }

  void refresh() {
    pool.query("SELECT state, count(*) AS n FROM loan_contract GROUP BY state").execute().onSuccess(rows -> {
      states.values().forEach(v -> v.set(0));
      rows.forEach(row -> {
        AtomicLong value = states.get(row.getString("state"));
        if (value != null) {
          value.set(row.getLong("n"));
        }
      });
    });
  }

  /** Counts a disbursement outcome once {@code conn}'s transaction has committed. */
  void disbursement(SqlConnection conn, String outcome) {
    var transaction = conn.transaction();
    if (transaction == null) {
      disbursements.get(outcome).increment();
    } else {
      transaction.completion().onSuccess(v -> disbursements.get(outcome).increment());
    }
  }
}
