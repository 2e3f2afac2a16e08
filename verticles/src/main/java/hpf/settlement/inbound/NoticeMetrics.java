package hpf.settlement.inbound;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code hpf_settlement_notices_total{bank,kind,outcome}}: the bank (authenticated partner banks only), the kind
 * ({@code account_change}, {@code tx_result}) and the outcome (the recorded outcome in lower case, or
 * {@code replayed} for a notice id seen before). All three bounded.
 */
final class NoticeMetrics {

  private final MeterRegistry registry;

  NoticeMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void received(String bank, String kind, String outcome) {
    Counter.builder("hpf_settlement_notices_total")
        .description("Bank notices received on the bank listener, by kind and outcome")
        .tags("bank", bank, "kind", kind.toLowerCase(java.util.Locale.ROOT),
            "outcome", outcome.toLowerCase(java.util.Locale.ROOT))
        .register(registry).increment();
  }
}
