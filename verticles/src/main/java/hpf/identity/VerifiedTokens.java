package hpf.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import hpf.crypto.SignedToken;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Access tokens whose SM2 signature this member has already verified, with their claims, until the token expires:
 * a session's later requests skip the signature check (and the hop to a worker thread it needs). Only the signature
 * and the parsing are saved: the caller still checks expiry here on every hit, then revocation and the app binding
 * as for a fresh token. The key is the whole token text, so only the very same token can hit an entry; only tokens
 * that verified are put, so a flood of forged ones cannot fill it. Bounded by an estimate of the memory held.
 */
final class VerifiedTokens {

  /** The most memory the cache is meant to hold: about 60,000 sessions of about 1 KiB each. */
  static final long MAX_WEIGHT = 64L * 1024 * 1024;
  /** The claims, Caffeine's node and the token String's header, beside the token's characters (one byte each). */
  static final int ENTRY_OVERHEAD = 640;
  /** No entry is kept longer than this, whatever a token says (access tokens live at most 120 minutes). */
  static final Duration LONGEST = Duration.ofHours(3);

  private final Clock clock;
  private final Cache<String, SignedToken.Claims> verified;
  private final Counter hits;
  private final Counter misses;

  VerifiedTokens(MeterRegistry registry, Clock clock) {
    this(registry, clock, MAX_WEIGHT);
  }

  VerifiedTokens(MeterRegistry registry, Clock clock, long maxWeight) {
    this.clock = clock;
    this.verified = Caffeine.newBuilder()
        .maximumWeight(maxWeight)
        .weigher((String token, SignedToken.Claims claims) -> token.length() + ENTRY_OVERHEAD)
        .expireAfter(new UntilTokenExpires())
        // The platform's clock, so an entry leaves when its token expires by the time the expiry check uses.
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        // Upkeep runs on the caller's thread: no pool, no thread started from a request.
        .executor(Runnable::run)
        .build();
    this.hits = Counter.builder("hpf_identity_token_cache_lookups_total")
        .description("Session token checks answered from the cache of verified tokens (no signature check)")
        .tag("result", "hit").register(registry);
    this.misses = Counter.builder("hpf_identity_token_cache_lookups_total")
        .description("Session token checks answered from the cache of verified tokens (no signature check)")
        .tag("result", "miss").register(registry);
    Gauge.builder("hpf_identity_token_cache_size", verified, Cache::estimatedSize)
        .description("Verified session tokens held on this member (bounded)").strongReference(true).register(registry);
  }

  /** The claims of this very token if its signature was verified here and it has not expired at {@code now}. */
  SignedToken.Claims claims(String token, Instant now) {
    SignedToken.Claims claims = verified.getIfPresent(token);
    if (claims != null && !now.isBefore(claims.expiresAt())) {
      // Expired but not yet evicted: the full check answers it, as for any expired token.
      verified.invalidate(token);
      claims = null;
    }
    (claims == null ? misses : hits).increment();
    return claims;
  }

  /** Remembers a token whose signature, audience and expiry were just verified. */
  void verified(String token, SignedToken.Claims claims) {
    if (clock.instant().isBefore(claims.expiresAt())) {
      verified.put(token, claims);
    }
  }

  long size() {
    verified.cleanUp();
    return verified.estimatedSize();
  }

  /** Each entry lives until its token's expiry (never past {@link #LONGEST}); reads do not extend it. */
  private final class UntilTokenExpires implements Expiry<String, SignedToken.Claims> {
    @Override
    public long expireAfterCreate(String token, SignedToken.Claims claims, long currentTime) {
      Duration left = Duration.between(clock.instant(), claims.expiresAt());
      return left.isNegative() ? 0 : left.compareTo(LONGEST) > 0 ? LONGEST.toNanos() : left.toNanos();
    }

    @Override
    public long expireAfterUpdate(String token, SignedToken.Claims claims, long currentTime, long currentDuration) {
      return expireAfterCreate(token, claims, currentTime);
    }

    @Override
    public long expireAfterRead(String token, SignedToken.Claims claims, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
