package hpf.review;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review room as SREs see it. Counters (counted when the transaction commits): cases opened per business type,
 * decisions per business type and outcome. Gauges per deciding role, refreshed from PostgreSQL by a timer like the
 * outbox gauges (center-wide figures on every node): open cases waiting for the role, and the age of the oldest.
 * Labels are bounded: business types are the registered ones, roles the deciding roles, outcomes a fixed set.
 */
public final class ReviewMetrics {

  private static final Logger LOG = LoggerFactory.getLogger(ReviewMetrics.class);
  private static final long REFRESH_MILLIS = 15_000;
  static final java.util.List<String> OUTCOMES = java.util.List.of("PASSED", "APPROVED", "RETURNED", "REFUSED",
      "CANCELLED");

  private final Pool pool;
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> oldest = new ConcurrentHashMap<>();

  public ReviewMetrics(Pool pool, MeterRegistry registry) {
    this.pool = pool;
    this.registry = registry;
    for (String role : ReviewFlow.DECIDING_ROLES) {
      open.put(role, gauge("hpf_review_open_cases", "Cases in review waiting for a staff role", role));
      oldest.put(role, gauge("hpf_review_oldest_case_seconds",
          "Age of the oldest case in review waiting for a staff role (0 when none)", role));
    }
  }

  /** Every series of a registered business type exists from the start, at 0. */
  void businessType(String businessType) {
    opened(businessType, 0);
    OUTCOMES.forEach(outcome -> decided(businessType, outcome, 0));
  }

  void opened(String businessType) {
    opened(businessType, 1);
  }

  /** PASSED: a step approved and the case moved on; the others are the case's outcomes. */
  void decided(String businessType, String outcome) {
    decided(businessType, outcome, 1);
  }

  private void opened(String businessType, int n) {
    Counter.builder("hpf_review_cases_opened").description("Review cases opened")
        .tag("business_type", businessType).register(registry).increment(n);
  }

  private void decided(String businessType, String outcome, int n) {
    Counter.builder("hpf_review_decisions").description("Review decisions and outcomes")
        .tag("business_type", businessType).tag("outcome", outcome).register(registry).increment(n);
  }

  /** Refreshes now and then periodically; the timer ends with the Vert.x instance. */
  public void start(Vertx vertx) {
    refresh();
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
  }

  /** Reads the gauges' figures once; a failure keeps the last values (logged, and the answer fails). */
  Future<Void> refresh() {
    // The current step's role is read from the case's flow version: jsonb element at the step index.
    return pool.query("""
            SELECT f.steps -> c.step_index ->> 'role' AS role, count(*) AS open,
                   coalesce(extract(epoch FROM now() - min(c.opened_at)), 0)::bigint AS oldest
              FROM review_case c JOIN review_flow f ON f.business_type = c.business_type AND f.version = c.flow_version
             WHERE c.state = 'IN_REVIEW' GROUP BY 1""").execute()
        .onSuccess(rows -> {
          open.values().forEach(g -> g.set(0));
          oldest.values().forEach(g -> g.set(0));
          rows.forEach(row -> {
            AtomicLong count = open.get(row.getString("role"));
            if (count != null) {
              count.set(row.getLong("open"));
              oldest.get(row.getString("role")).set(row.getLong("oldest"));
            }
          });
        })
        .onFailure(e -> LOG.warn("review gauges not refreshed: {}", e.getMessage()))
        .mapEmpty();
  }

  private AtomicLong gauge(String name, String description, String role) {
    AtomicLong value = new AtomicLong();
    Gauge.builder(name, value, AtomicLong::get).description(description).tag("role", role).register(registry);
    return value;
  }
}
