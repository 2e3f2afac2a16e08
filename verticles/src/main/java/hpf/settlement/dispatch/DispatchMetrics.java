package hpf.settlement.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What the dispatchers do, per bank (bounded: the partner banks) and outcome (succeeded, failed, unknown,
 * not_sent, resent, manual_review, lease_lost): {@code hpf_settlement_dispatch_total} and the bank call latency
 * {@code hpf_settlement_dispatch_latency_seconds}. The queue gauges are {@link hpf.settlement.OutboxGauges}'.
 */
public final class DispatchMetrics {

  private final MeterRegistry registry;

  public DispatchMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void dispatched(String bank, String outcome) {
    Counter.builder("hpf_settlement_dispatch_total")
        .description("Settlement instructions' exchanges with banks, by outcome")
        .tags("bank", bank, "outcome", outcome).register(registry).increment();
  }

  void latency(String bank, long nanos) {
    Timer.builder("hpf_settlement_dispatch_latency_seconds")
        .description("Time of a payment or collection call to a bank, answered or not")
        .tags("bank", bank).register(registry).record(Duration.ofNanos(nanos));
  }
}
