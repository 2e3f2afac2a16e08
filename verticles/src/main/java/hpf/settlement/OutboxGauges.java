package hpf.settlement;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
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
  private static final long REFRESH_MILLIS = 15_000;

  private final Pool pool;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong oldestSeconds = new AtomicLong();
  private final AtomicLong held = new AtomicLong();

  public OutboxGauges(Pool pool, MeterRegistry registry) {
    this.pool = pool;
    Gauge.builder("hpf_settlement_outbox_pending", pending, AtomicLong::get)
        .description("Payment instructions waiting in the settlement outbox").register(registry);
    Gauge.builder("hpf_settlement_outbox_oldest_pending_seconds", oldestSeconds, AtomicLong::get)
        .description("Age of the oldest pending payment instruction (0 when none)").register(registry);
    Gauge.builder("hpf_settlement_outbox_held", held, AtomicLong::get)
        .description("Payment instructions waiting for a second person's release (four eyes)").register(registry);
  }

  /** Refreshes now and then periodically; the timer ends with the Vert.x instance. */
  public void start(Vertx vertx) {
    refresh();
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
  }

  void refresh() {
    pool.query("""
            SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,
                   count(*) FILTER (WHERE status = 'HELD') AS held,
                   coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'PENDING')), 0)::bigint
                       AS oldest
              FROM settlement_instruction WHERE status IN ('PENDING', 'HELD')""").execute()
        .onSuccess(rows -> {
          var row = rows.iterator().next();
          pending.set(row.getLong("pending"));
          held.set(row.getLong("held"));
          oldestSeconds.set(row.getLong("oldest"));
        })
        .onFailure(e -> LOG.warn("outbox gauges not refreshed: {}", e.getMessage()));
  }
}
