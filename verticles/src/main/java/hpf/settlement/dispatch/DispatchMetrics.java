package hpf.settlement.dispatch;

import hpf.settlement.bank.BankGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * What the dispatchers do, per bank (bounded: the partner banks), file (single: sent alone; payment: a row or file
 * of same-bank payouts, BDC103; loan_deduction: of loan deductions, BDC105) and outcome (succeeded, failed, unknown,
 * not_sent, resent, manual_review, lease_lost; for files batch_submitted, batch_not_sent, batch_unknown,
 * batch_refused): {@code hpf_settlement_dispatch_total} and the bank call latency
 * {@code hpf_settlement_dispatch_latency_seconds}. The queue gauges are {@link hpf.settlement.OutboxGauges}'.
 */
public final class DispatchMetrics {

  private final MeterRegistry registry;

  public DispatchMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A single instruction's exchange. */
  void dispatched(String bank, String outcome) {
    count(bank, "single", outcome);
  }

  /** A batch file's or a batch row's outcome (a row asked about alone after its file counts under its file too). */
  void batch(String bank, BankGateway.FileKind kind, String outcome) {
    count(bank, kind.name().toLowerCase(Locale.ROOT), outcome);
  }

  private void count(String bank, String file, String outcome) {
    Counter.builder("hpf_settlement_dispatch_total")
        .description("Settlement instructions' exchanges with banks, by file kind and outcome")
        .tags("bank", bank, "file", file, "outcome", outcome).register(registry).increment();
  }

  void latency(String bank, long nanos) {
    Timer.builder("hpf_settlement_dispatch_latency_seconds")
        .description("Time of a payment or collection call to a bank, answered or not")
        .tags("bank", bank).register(registry).record(Duration.ofNanos(nanos));
  }
}
