package hpf.settlement.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code hpf_settlement_reconciliation_mismatches{bank}}: the differences of each bank's latest report, refreshed from
 * PostgreSQL (every node shows the center-wide figure, whoever ran the report) and at once after a run here;
 * {@code hpf_settlement_reconciliation_runs_total{bank,outcome}} (reconciled, mismatched, failed). Banks are the
 * partner banks: bounded.
 */
public final class ReconciliationMetrics {

  private static final long REFRESH_MILLIS = 60_000;

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> mismatches = new ConcurrentHashMap<>();

  public ReconciliationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Reads the latest reports now and then periodically; the timer ends with the Vert.x instance. */
  void start(Vertx vertx, ReportStore reports) {
    refresh(reports);
    vertx.setPeriodic(REFRESH_MILLIS, id -> refresh(reports));
  }

  private void refresh(ReportStore reports) {
    reports.latestMismatches().onSuccess(latest -> latest.forEach(this::mismatches));
  }

  void mismatches(String bank, long count) {
    mismatches.computeIfAbsent(bank, b -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("hpf_settlement_reconciliation_mismatches", value, AtomicLong::get)
          .description("Differences found by the latest reconciliation of the bank's day (0: reconciled)")
          .tags("bank", b).register(registry);
      return value;
    }).set(count);
  }

  void run(String bank, String outcome) {
    Counter.builder("hpf_settlement_reconciliation_runs_total").description("Reconciliation runs, by outcome")
        .tags("bank", bank, "outcome", outcome).register(registry).increment();
  }
}
