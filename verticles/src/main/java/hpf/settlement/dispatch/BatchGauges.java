package hpf.settlement.dispatch;

import hpf.settlement.bank.BankGateway;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the night's batch files finish inside their window, as SREs see it: whether the window is open now, how
 * many files the banks have not finished (being submitted or processed) and how old the oldest is, per file kind
 * ({@code file}: payment, loan_deduction). Files still unfinished once the window has closed are a batch overrunning
 * its window. Center-wide figures, refreshed from
 * PostgreSQL by a timer like {@link hpf.settlement.OutboxGauges}; a failed refresh keeps the last values.
 */
public final class BatchGauges {

  private static final Logger LOG = LoggerFactory.getLogger(BatchGauges.class);
  private static final long REFRESH_MILLIS = 5_000;

  private final Pool pool;
  private final Map<BankGateway.FileKind, AtomicLong> unfinished = new EnumMap<>(BankGateway.FileKind.class);
  private final Map<BankGateway.FileKind, AtomicLong> oldestSeconds = new EnumMap<>(BankGateway.FileKind.class);

  public BatchGauges(Pool pool, MeterRegistry registry, BatchWindow window, Clock clock) {
    this.pool = pool;
    Gauge.builder("hpf_settlement_batch_window_open", () -> window.contains(clock.instant()) ? 1 : 0)
        .description("1 while the night batch window (HPF_SETTLEMENT_BATCH_WINDOW) is open, else 0")
        .register(registry);
    for (BankGateway.FileKind kind : List.of(BankGateway.FileKind.PAYMENT, BankGateway.FileKind.LOAN_DEDUCTION)) {
      String file = kind.name().toLowerCase(Locale.ROOT);
      unfinished.put(kind, new AtomicLong());
      oldestSeconds.put(kind, new AtomicLong());
      Gauge.builder("hpf_settlement_batch_files_unfinished", unfinished.get(kind), AtomicLong::get).tag("file", file)
          .description("Batch files being submitted to or processed by their bank").register(registry);
      Gauge.builder("hpf_settlement_batch_oldest_unfinished_seconds", oldestSeconds.get(kind), AtomicLong::get)
          .tag("file", file).description("Age of the oldest unfinished batch file (0 when none)").register(registry);
    }
  }

  /** Refreshes now and then periodically; the timer ends with the Vert.x instance. */
  public void start(Vertx vertx) {
    refresh();
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
  }

  void refresh() {
    pool.query("""
            SELECT kind, count(*) AS unfinished,
                   coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint AS oldest
              FROM settlement_batch WHERE state IN ('BUILDING', 'SUBMITTING', 'PROCESSING') GROUP BY kind""").execute()
        .onSuccess(rows -> {
          Map<BankGateway.FileKind, Row> byKind = new EnumMap<>(BankGateway.FileKind.class);
          rows.forEach(row -> byKind.put(BankGateway.FileKind.valueOf(row.getString("kind")), row));
          unfinished.forEach((kind, gauge) -> gauge.set(byKind.containsKey(kind)
              ? byKind.get(kind).getLong("unfinished") : 0));
          oldestSeconds.forEach((kind, gauge) -> gauge.set(byKind.containsKey(kind)
              ? byKind.get(kind).getLong("oldest") : 0));
        })
        .onFailure(e -> LOG.warn("batch gauges not refreshed: {}", e.getMessage()));
  }
}
