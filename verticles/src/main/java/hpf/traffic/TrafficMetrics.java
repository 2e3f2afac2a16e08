package hpf.traffic;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Traffic meters. Labels are bounded: channel is a registered app id or {@code anonymous}; decision is
 * accepted, rejected or shadow; limit is one of rate, operation_rate, daily, monthly, member, suspended,
 * store_unavailable; period is day or month.
 */
final class TrafficMetrics {

  private final MeterRegistry registry;
  private final Map<String, Boolean> gauged = new ConcurrentHashMap<>();

  TrafficMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void request(String channel, String decision) {
    Counter.builder("hpf_traffic_requests").description("Requests through traffic control, by channel and decision")
        .tags("channel", channel, "decision", decision).register(registry).increment();
  }

  void rejected(String channel, String limit) {
    Counter.builder("hpf_traffic_rejected").description("Requests refused by traffic control, by channel and limit")
        .tags("channel", channel, "limit", limit).register(registry).increment();
  }

  /** Gauges of a channel's quota use and limits as this member sees them; registered once per channel. */
  void channel(String channel, ToDoubleFunction<String> used, ToDoubleFunction<String> limit) {
    if (gauged.putIfAbsent(channel, true) != null) {
      return;
    }
    for (String period : new String[] {"day", "month"}) {
      Gauge.builder("hpf_traffic_quota_used", () -> used.applyAsDouble(channel + "|" + period))
          .description("Business transactions counted toward the channel's quota in the current period")
          .tags("channel", channel, "period", period).register(registry);
      Gauge.builder("hpf_traffic_quota_limit", () -> limit.applyAsDouble(channel + "|" + period))
          .description("The channel's quota for the period (+Inf: unlimited)")
          .tags("channel", channel, "period", period).register(registry);
    }
  }
}
