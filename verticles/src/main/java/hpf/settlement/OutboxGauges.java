package hpf.settlement;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox as SREs see it: how many instructions wait to be sent and how long the oldest has waited. A gauge
 * cannot query the database when scraped, so a timer refreshes both from PostgreSQL (every node shows the same
 * center-wide figures); a failed refresh keeps the last values and logs once per failure.
 */
public final class OutboxGauges {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxGauges.class);
  private static final long REFRESH_MILLIS = 5_000;
  private static final String PENDING_HELP = "Instructions waiting to be sent, per payee bank";
  private static final String REVIEW_HELP = "Instructions waiting for an operator, per payee bank";

  private final Pool pool;
  private final MeterRegistry registry;
  /** Per bank (the partner banks: bounded), registered as banks appear. */
  private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> manualReview = new ConcurrentHashMap<>();
  private final AtomicLong oldestSeconds = new AtomicLong();
  private final AtomicLong held = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final AtomicLong oldestUnknownSeconds = new AtomicLong();

  public OutboxGauges(Pool pool, MeterRegistry registry) {
    this.pool = pool;
    this.registry = registry;
    Gauge.builder("hpf_settlement_outbox_oldest_pending_seconds", oldestSeconds, AtomicLong::get)
        .description("Age of the oldest pending payment instruction (0 when none)").register(registry);
    Gauge.builder("hpf_settlement_outbox_held", held, AtomicLong::get)
        .description("Payment instructions waiting for a second person's release (four eyes)").register(registry);
    Gauge.builder("hpf_settlement_unknown", unknown, AtomicLong::get)
        .description("Instructions whose result is not known yet (sent or being asked about)").register(registry);
    Gauge.builder("hpf_settlement_unknown_oldest_seconds", oldestUnknownSeconds, AtomicLong::get)
        .description("Time since the oldest unresolved instruction was first sent (0 when none)").register(registry);
  }

  /** Refreshes now and then periodically; the timer ends with the Vert.x instance. */
  public void start(Vertx vertx) {
    refresh();
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
  }

  void refresh() {
    // Every partner bank's series exists, at 0 when nothing waits, so dashboards and alerts see them.
    pool.query("SELECT bank_code FROM partner_bank").execute().onSuccess(rows -> rows.forEach(row -> {
      gauge(pending, "hpf_settlement_outbox_pending", PENDING_HELP, row.getString("bank_code"));
      gauge(manualReview, "hpf_settlement_manual_review", REVIEW_HELP, row.getString("bank_code"));
    })).onComplete(registered -> counts());
  }

  private void counts() {
    pool.query("""
            SELECT bank_code,
                   count(*) FILTER (WHERE status = 'PENDING') AS pending,
                   count(*) FILTER (WHERE status = 'HELD') AS held,
                   count(*) FILTER (WHERE status IN ('SENT', 'UNKNOWN')) AS unknown,
                   count(*) FILTER (WHERE status = 'MANUAL_REVIEW') AS manual_review,
                   coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'PENDING')), 0)::bigint
                       AS oldest,
                   coalesce(extract(epoch FROM now() - min(coalesce(last_sent_at, created_at))
                       FILTER (WHERE status IN ('SENT', 'UNKNOWN'))), 0)::bigint AS oldest_unknown
              FROM settlement_instruction WHERE status IN ('PENDING', 'HELD', 'SENT', 'UNKNOWN', 'MANUAL_REVIEW')
             GROUP BY bank_code""").execute()
        .onSuccess(rows -> {
          long heldAll = 0;
          long unknownAll = 0;
          long oldest = 0;
          long oldestUnknown = 0;
          pending.values().forEach(g -> g.set(0));
          manualReview.values().forEach(g -> g.set(0));
          for (var row : rows) {
            String bank = row.getString("bank_code");
            gauge(pending, "hpf_settlement_outbox_pending", PENDING_HELP, bank)
                .set(row.getLong("pending"));
            gauge(manualReview, "hpf_settlement_manual_review", REVIEW_HELP, bank).set(row.getLong("manual_review"));
            heldAll += row.getLong("held");
            unknownAll += row.getLong("unknown");
            oldest = Math.max(oldest, row.getLong("oldest"));
            oldestUnknown = Math.max(oldestUnknown, row.getLong("oldest_unknown"));
          }
          held.set(heldAll);
          unknown.set(unknownAll);
          oldestSeconds.set(oldest);
          oldestUnknownSeconds.set(oldestUnknown);
        })
        .onFailure(e -> LOG.warn("outbox gauges not refreshed: {}", e.getMessage()));
  }

  private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String description, String bank) {
    return gauges.computeIfAbsent(bank, code -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(name, value, AtomicLong::get).description(description).tag("bank", code).register(registry);
      return value;
    });
  }
}
