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
 * store_unavailable; period is day or month; event (of quota leases) is taken, returned or expired; scope (of
 * unverified traffic) is source or global, never an address.
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

  /** A request refused before its body was read because unverified traffic spent the source's or the global budget. */
  void unverifiedRefused(String scope) {
    Counter.builder("hpf_traffic_unverified_refusals")
        .description("Requests refused unread because requests that failed authentication spent a budget, by scope")
        .tags("scope", scope).register(registry).increment();
  }

  /** A request that failed authentication (charged to its source's and the global unverified budget). */
  void unverifiedFailed() {
    Counter.builder("hpf_traffic_unverified_failures")
        .description("Requests on the public listener that failed channel app authentication (401)")
        .register(registry).increment();
  }

  /** The number of source addresses with an unverified-traffic bucket on this member. */
  void unverifiedSources(java.util.function.Supplier<Number> tracked) {
    Gauge.builder("hpf_traffic_unverified_sources", tracked)
        .description("Source addresses (IPv6: /64) holding an unverified-traffic bucket on this member (bounded)")
        .register(registry);
  }

  /** A lease of a block of a channel's quota taken, returned or (any member's, found by this one) expired. */
  void lease(String channel, String event, long count) {
    Counter.builder("hpf_traffic_quota_leases").description("Quota blocks leased by this member, by channel and event")
        .tags("channel", channel, "event", event).register(registry).increment(count);
  }

  /** Gauges of a channel's quota use and limits as this member sees them; registered once per channel. */
  void channel(String channel, ToDoubleFunction<String> used, ToDoubleFunction<String> limit,
               ToDoubleFunction<String> leaseRemaining) {
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
    Gauge.builder("hpf_traffic_quota_lease_remaining", () -> leaseRemaining.applyAsDouble(channel))
        .description("Units of the channel's quota leased to this member and not spent yet")
        .tags("channel", channel).register(registry);
  }
}
