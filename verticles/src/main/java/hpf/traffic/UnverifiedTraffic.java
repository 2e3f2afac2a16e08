package hpf.traffic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import hpf.traffic.ChannelPolicy.Rate;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Budgets of traffic that has not proved a channel app's signature (see docs/traffic-unverified.md). A channel's
 * buckets are charged only once its signature verified, so a request that fails authentication is charged here
 * instead: to its source address and to a global bucket. When its source's budget is spent, or the global budget
 * is spent and the source failed recently, the next request from that source is refused before its body is read,
 * before any signature work. Sources that never failed keep being served while others flood. Local to this member
 * (no I/O); the per-source buckets live in a bounded, expiring cache, so a flood from many addresses cannot grow
 * memory without bound.
 */
public final class UnverifiedTraffic {

  /**
   * Failed authentications allowed per second and in a burst, per source address and for all sources together, on
   * each member; and the proxies whose X-Forwarded-For is believed (empty: none).
   */
  public record Settings(int perSourcePerSecond, int perSourceBurst, int globalPerSecond, int globalBurst,
                         String trustedProxies) {
    public static final Settings DEFAULTS = new Settings(5, 50, 200, 2000, "");

    public Settings {
      SourceAddress.parse(trustedProxies); // fails on a malformed list, naming the entry
    }
  }

  /** A refusal: which budget is spent ({@code source} or {@code global}) and when to come back. */
  record Refusal(String scope, long retryAfterSeconds) {}

  /** While the global budget is spent, a source that failed within this window is refused before its body is read. */
  static final Duration RECENT = Duration.ofSeconds(60);
  static final int MAX_SOURCES = 100_000;

  /** One source's bucket and when it last failed. */
  private static final class Source {
    final RateLimiter.Bucket bucket;
    volatile long lastFailure;

    Source(Rate rate, long now) {
      this.bucket = new RateLimiter.Bucket(rate, 1, now);
    }
  }

  private final Rate perSource;
  private final RateLimiter.Bucket global;
  private final Cache<String, Source> sources;
  private final SourceAddress addresses;

  UnverifiedTraffic(Settings settings, long now) {
    this.perSource = new Rate(settings.perSourcePerSecond(), settings.perSourceBurst());
    this.global = new RateLimiter.Bucket(new Rate(settings.globalPerSecond(), settings.globalBurst()), 1, now);
    // Maintenance runs on the calling thread: no executor threads on the request path.
    this.sources = Caffeine.newBuilder().maximumSize(MAX_SOURCES).expireAfterAccess(10, TimeUnit.MINUTES)
        .executor(Runnable::run).build();
    this.addresses = new SourceAddress(SourceAddress.parse(settings.trustedProxies()));
  }

  /** The request's source address key (see {@link SourceAddress}). */
  String source(HttpServerRequest request) {
    return addresses.of(request);
  }

  /** Null when a request from this source may be read and checked; else the budget that refuses it. */
  Refusal check(String source, long now) {
    Source s = sources.getIfPresent(source);
    if (s == null) {
      return null; // never failed (or not for a long while): nothing to hold against it
    }
    if (s.bucket.remaining(now) < 1) {
      return new Refusal("source", s.bucket.secondsToNextToken(now));
    }
    if (global.remaining(now) < 1 && now - s.lastFailure < RECENT.toNanos()) {
      return new Refusal("global", global.secondsToNextToken(now));
    }
    return null;
  }

  /**
   * A request that needs no caller check (certificate verification, the contract, the docs) spends its source's
   * budget, so one address cannot empty the {@code anonymous} bucket everyone's open requests share. False when the
   * source's budget is spent.
   */
  boolean spendOpen(String source, long now) {
    return sources.get(source, k -> new Source(perSource, now)).bucket.tryTake(now);
  }

  /** A request from this source failed authentication: it spends the source's and the global budget. */
  void failed(String source, long now) {
    Source s = sources.get(source, k -> new Source(perSource, now));
    s.bucket.tryTake(now);
    s.lastFailure = now;
    global.tryTake(now);
  }

  /** Sources with a bucket here (an estimate; bounded by {@link #MAX_SOURCES}). */
  long trackedSources() {
    return sources.estimatedSize();
  }
}
