package hpf.crypto.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import hpf.crypto.GenericCurveSm2;
import hpf.crypto.KeyRing;
import hpf.crypto.SignedToken;
import hpf.crypto.Sm2Keys;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A session token's check, one thread: the key built on the generic {@code ECCurve.Fp} (as hex keys once were), on
 * the dedicated SM2P256V1Curve every key is built on now, and a token found in a cache of verified tokens shaped
 * like the platform's (hpf.identity.VerifiedTokens: Caffeine keyed by the whole token, expiry checked on each hit;
 * its hit/miss counter is not included). Run: bench/crypto.sh SessionToken
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SessionTokenBenchmark {

  private static final String KEY = "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8";

  private KeyRing<Sm2Keys.Public> genericKeys;
  private KeyRing<Sm2Keys.Public> dedicatedKeys;
  private Cache<String, SignedToken.Claims> verified;
  private String token;
  private Instant now;

  @Setup
  public void setUp() {
    KeyRing<Sm2Keys.Private> signing = new KeyRing<>("session", Map.of(1, Sm2Keys.privateFromHex(KEY)), 1);
    dedicatedKeys = signing.map(Sm2Keys.Private::publicKey);
    genericKeys = new KeyRing<>("session", Map.of(1, GenericCurveSm2.publicKey(new BigInteger(KEY, 16))), 1);
    now = Instant.now();
    token = SignedToken.issue(new SignedToken.Claims("P00000001", "member", List.of(), "public", "demo-mobile",
        "0b8f2c1e-6a4d-4f0e-9a51-3c2d7e8f9a10", now, now.plusSeconds(900)), signing);
    verified = Caffeine.newBuilder().maximumWeight(64L * 1024 * 1024)
        .weigher((String t, SignedToken.Claims c) -> t.length() + 640)
        .expireAfterWrite(15, TimeUnit.MINUTES).executor(Runnable::run).build();
    verified.put(token, SignedToken.verify(token, dedicatedKeys, "public", now));
  }

  @Benchmark
  public SignedToken.Claims verifyOnGenericCurve() {
    return SignedToken.verify(token, genericKeys, "public", now);
  }

  @Benchmark
  public SignedToken.Claims verifyOnDedicatedCurve() {
    return SignedToken.verify(token, dedicatedKeys, "public", now);
  }

  /** The same token again: the cache answers, the expiry is checked; a miss would verify and remember it. */
  @Benchmark
  public SignedToken.Claims verifiedBefore() {
    // A copy of the text, as each request brings its own String (its hash is computed on every lookup).
    String presented = new String(token.toCharArray());
    SignedToken.Claims claims = verified.getIfPresent(presented);
    if (claims == null || !now.isBefore(claims.expiresAt())) {
      claims = SignedToken.verify(presented, dedicatedKeys, "public", now);
      verified.put(presented, claims);
    }
    return claims;
  }
}
