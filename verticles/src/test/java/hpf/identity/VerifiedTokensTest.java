package hpf.identity;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.crypto.SignedToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache of verified session tokens: exact keys, never past a token's expiry, bounded, and metered. */
class VerifiedTokensTest {

  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

  private final MovableClock clock = new MovableClock(T0);
  private final MeterRegistry registry = new SimpleMeterRegistry();

  private static SignedToken.Claims claims(String sessionId, Instant expires) {
    return new SignedToken.Claims("P00000001", "member", List.of(), "public", "demo-mobile", sessionId, T0, expires);
  }

  @Test
  void onlyTheVeryTokenThatVerifiedHits() {
    VerifiedTokens tokens = new VerifiedTokens(registry, clock);
    String token = "aGVhZGVy.Y2xhaW1z.c2lnbmF0dXJl";
    tokens.verified(token, claims("s-1", T0.plusSeconds(900)));
    assertThat(tokens.claims(token, clock.instant())).isEqualTo(claims("s-1", T0.plusSeconds(900)));
    // Another signature, a trailing character, a prefix: each is another token, verified on its own.
    assertThat(tokens.claims("aGVhZGVy.Y2xhaW1z.c2lnbmF0dXJF", clock.instant())).isNull();
    assertThat(tokens.claims(token + "=", clock.instant())).isNull();
    assertThat(tokens.claims("aGVhZGVy.Y2xhaW1z.", clock.instant())).isNull();
    assertThat(registry.get("hpf_identity_token_cache_lookups_total").tag("result", "hit").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("hpf_identity_token_cache_lookups_total").tag("result", "miss").counter().count())
        .isEqualTo(3);
    assertThat(registry.get("hpf_identity_token_cache_size").gauge().value()).isEqualTo(1);
  }

  @Test
  void anEntryNeverOutlivesItsToken() {
    VerifiedTokens tokens = new VerifiedTokens(registry, clock);
    tokens.verified("short", claims("s-1", T0.plusSeconds(60)));
    tokens.verified("long", claims("s-2", T0.plusSeconds(900)));
    tokens.verified("already-expired", claims("s-3", T0));
    assertThat(tokens.claims("already-expired", clock.instant())).isNull();
    clock.move(Duration.ofSeconds(59));
    assertThat(tokens.claims("short", clock.instant())).isNotNull();
    clock.move(Duration.ofSeconds(1));
    // At its expiry the token is no longer answered, even before the cache's own upkeep removed it.
    assertThat(tokens.claims("short", T0.plusSeconds(60))).isNull();
    assertThat(tokens.size()).isEqualTo(1);
    assertThat(tokens.claims("long", clock.instant())).isNotNull();
    clock.move(Duration.ofSeconds(840));
    assertThat(tokens.size()).isZero();
    assertThat(tokens.claims("long", clock.instant())).isNull();
  }

  @Test
  void theCacheIsBounded() {
    long entryWeight = 8 + VerifiedTokens.ENTRY_OVERHEAD;
    VerifiedTokens tokens = new VerifiedTokens(registry, clock, 100 * entryWeight);
    for (int i = 0; i < 1_000; i++) {
      tokens.verified(String.format("tok%05d", i), claims("s-" + i, T0.plusSeconds(900)));
    }
    assertThat(tokens.size()).isBetween(1L, 100L);
  }

  /** A clock tests move by hand. */
  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void move(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
