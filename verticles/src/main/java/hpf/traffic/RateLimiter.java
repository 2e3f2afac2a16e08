package hpf.traffic;

import hpf.traffic.ChannelPolicy.Rate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Local token buckets, one per channel and one per (channel, operation). A rate is a cluster-wide figure: each
 * member refills {@code perSecond / members} and holds {@code burst / members}, so the cluster as a whole never
 * lets more through than the policy says (with uneven load balancing it lets through less). No I/O, no shared
 * state: a check costs a map lookup and a short lock (see docs/performance.md).
 */
final class RateLimiter {

  /** One bucket; replaced when its rate or the member count changes. */
  static final class Bucket {
    final Rate rate;
    final int members;
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    Bucket(Rate rate, int members, long now) {
      this.rate = rate;
      this.members = members;
      this.perNano = rate.perSecond() / members / 1e9;
      this.capacity = Math.max(1.0, (double) rate.burst() / members);
      this.tokens = capacity;
      this.last = now;
    }

    synchronized boolean tryTake(long now) {
      refill(now);
      if (tokens >= 1.0) {
        tokens -= 1.0;
        return true;
      }
      return false;
    }

    /** A token back: the request it let through was refused by another limit. */
    synchronized void giveBack() {
      tokens = Math.min(capacity, tokens + 1.0);
    }

    synchronized long remaining(long now) {
      refill(now);
      return (long) Math.floor(tokens);
    }

    /** Whole seconds until a token is there again (at least 1). */
    long secondsToNextToken(long now) {
      double missing;
      synchronized (this) {
        refill(now);
        missing = Math.max(0, 1.0 - tokens);
      }
      return Math.max(1, (long) Math.ceil(missing / perNano / 1e9));
    }

    /** This member's share of the burst: the RateLimit-Limit it reports. */
    long limit() {
      return (long) Math.floor(capacity);
    }

    private void refill(long now) {
      if (now > last) {
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
      }
    }
  }

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final IntSupplier members;
  private final LongSupplier nanos;

  RateLimiter(IntSupplier members, LongSupplier nanos) {
    this.members = members;
    this.nanos = nanos;
  }

  /** The bucket of {@code key} for {@code rate}, made anew when the rate or the cluster size changed. */
  Bucket bucket(String key, Rate rate) {
    int n = Math.max(1, members.getAsInt());
    Bucket b = buckets.get(key);
    if (b == null || !b.rate.equals(rate) || b.members != n) {
      Bucket fresh = new Bucket(rate, n, nanos.getAsLong());
      b = buckets.compute(key, (k, old) -> old == null || !old.rate.equals(rate) || old.members != n ? fresh : old);
    }
    return b;
  }

  long now() {
    return nanos.getAsLong();
  }
}
