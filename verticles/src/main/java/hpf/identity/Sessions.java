package hpf.identity;

import com.hazelcast.map.IMap;
import hpf.crypto.KeyRing;
import hpf.crypto.SignedToken;
import hpf.crypto.Sm2Keys;
import hpf.crypto.Sm3;
import hpf.kit.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Sessions: a short-lived SM2-signed access token (see {@link SignedToken}) naming the session, and a
 * refresh token (random, stored as SM3) that is rotated on every use. Logout revokes the session in the
 * database and in a cluster-wide map that every request consults, so a revoked access token stops working
 * on every instance at once, not when it expires; where the map is silent the database is asked too
 * ({@link Revocations}).
 */
public final class Sessions {

  public static final String REVOKED_MAP = "hpf.sessions.revoked";
  /** How long the refresh token just replaced still works: a retry after a lost answer is not a theft. */
  static final int REFRESH_RETRY_SECONDS = 30;
  static final String AUDIENCE = "public";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a login or refresh hands back to the caller. */
  record Issued(String accessToken, Instant accessExpires, String refreshToken, Instant refreshExpires, Caller caller) {
    JsonObject toJson() {
      return new JsonObject()
          .put("accessToken", accessToken)
          .put("tokenType", "Bearer")
          .put("expiresAt", accessExpires.toString())
          .put("refreshToken", refreshToken)
          .put("refreshExpiresAt", refreshExpires.toString())
          .put("subjectKind", caller.kind())
          .put("subjectId", caller.subjectId())
          .put("roles", caller.roles());
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final KeyRing<Sm2Keys.Private> signing;
  private final KeyRing<Sm2Keys.Public> verifying;
  private final Revocations revocations;
  private final VerifiedTokens verified;
  private final Duration accessLifetime;
  private final Duration refreshLifetime;
  private final Clock clock;

  public Sessions(Vertx vertx, Pool pool, KeyRing<Sm2Keys.Private> signing, IMap<String, Boolean> revoked,
                  Duration accessLifetime, Duration refreshLifetime, MeterRegistry registry, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.signing = signing;
    this.verifying = signing.map(Sm2Keys.Private::publicKey);
    this.revocations = new Revocations(vertx, pool, revoked, accessLifetime);
    this.verified = new VerifiedTokens(registry, clock);
    this.accessLifetime = accessLifetime;
    this.refreshLifetime = refreshLifetime;
    this.clock = clock;
  }

  Future<Issued> open(String kind, String subjectId, List<String> roles, String appId) {
    String sessionId = UUID.randomUUID().toString();
    String refresh = newRefreshToken();
    Instant now = clock.instant();
    Instant refreshExpires = now.plus(refreshLifetime);
    return pool.preparedQuery("""
            INSERT INTO session (session_id, subject_kind, subject_id, roles, app_id, refresh_hash, refresh_expires)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""")
        .execute(Tuple.of(sessionId, kind, subjectId, roles.toArray(new String[0]), appId, hash(refresh),
            OffsetDateTime.ofInstant(refreshExpires, ZoneOffset.UTC)))
        .compose(done -> issue(new Caller(kind, subjectId, roles, sessionId, appId), refresh, refreshExpires, now));
  }

  /**
   * Rotates the refresh token and issues a new access token, for the app the session was opened through.
   * An unknown token fails; the token just replaced, presented again, means it was copied: the session ends.
   */
  Future<Issued> refresh(String refreshToken, String appId) {
    String next = newRefreshToken();
    Instant now = clock.instant();
    return pool.preparedQuery("""
            UPDATE session SET previous_refresh_hash = refresh_hash, refresh_hash = $2, rotated_at = now()
             WHERE refresh_hash = $1 AND app_id = $3 AND revoked_at IS NULL AND refresh_expires > now()
             RETURNING session_id, subject_kind, subject_id, roles, refresh_expires""")
        .execute(Tuple.of(hash(refreshToken), hash(next), appId))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(rows) : retryOfLastRotation(refreshToken, next, appId))
        .compose(rows -> {
          if (rows == null || rows.size() == 0) {
            return revokeIfReused(refreshToken)
                .compose(v -> Future.failedFuture(new ProblemException(IdentityProblems.refreshInvalid())));
          }
          Row row = rows.iterator().next();
          Caller caller = new Caller(row.getString("subject_kind"), row.getString("subject_id"),
              Arrays.asList(row.getArrayOfStrings("roles")), row.getString("session_id"), appId);
          return issue(caller, next, row.getOffsetDateTime("refresh_expires").toInstant(), now);
        });
  }

  /**
   * The token just replaced, from the same app, within the retry window counted from that rotation (not
   * extended by retries): rotate once more instead of ending the session.
   */
  private Future<io.vertx.sqlclient.RowSet<Row>> retryOfLastRotation(String refreshToken, String next, String appId) {
    return pool.preparedQuery("""
            UPDATE session SET refresh_hash = $2
             WHERE previous_refresh_hash = $1 AND app_id = $3 AND revoked_at IS NULL AND refresh_expires > now()
               AND rotated_at > now() - make_interval(secs => $4)
             RETURNING session_id, subject_kind, subject_id, roles, refresh_expires""")
        .execute(Tuple.of(hash(refreshToken), hash(next), appId, (double) REFRESH_RETRY_SECONDS));
  }

  private Future<Void> revokeIfReused(String refreshToken) {
    return pool.preparedQuery("""
            UPDATE session SET revoked_at = now() WHERE previous_refresh_hash = $1 AND revoked_at IS NULL
            RETURNING session_id""")
        .execute(Tuple.of(hash(refreshToken)))
        .compose(rows -> {
          List<Future<Void>> revoking = new java.util.ArrayList<>();
          rows.forEach(row -> revoking.add(this.revocations.remember(row.getString("session_id"))));
          return Future.all(revoking).mapEmpty();
        });
  }

  Future<Void> revoke(Caller caller) {
    return pool.preparedQuery("UPDATE session SET revoked_at = now() WHERE session_id = $1 AND revoked_at IS NULL")
        .execute(Tuple.of(caller.sessionId()))
        .compose(done -> revocations.remember(caller.sessionId()));
  }

  /** Marks sessions already revoked in the database as revoked on every instance (their access tokens stop). */
  Future<Void> markRevoked(List<String> sessionIds) {
    List<Future<Void>> puts = new java.util.ArrayList<>();
    sessionIds.forEach(id -> puts.add(revocations.remember(id)));
    return Future.all(puts).mapEmpty();
  }

  /**
   * Puts the sessions revoked while their access tokens could still be valid back into the cluster-wide map:
   * after a restart of the whole cluster the map starts empty, and a logout must not come undone.
   */
  public Future<Void> restoreRevocations() {
    return pool.preparedQuery("SELECT session_id FROM session WHERE revoked_at > now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) accessLifetime.plusMinutes(1).toSeconds()))
        .compose(rows -> {
          List<Future<Void>> puts = new java.util.ArrayList<>();
          rows.forEach(row -> puts.add(revocations.remember(row.getString("session_id"))));
          return Future.all(puts).mapEmpty();
        });
  }

  /**
   * Verifies an access token (SM2, on a worker thread) and that its session was not revoked. A token this member
   * verified before skips the signature check (its expiry is still checked); the revocation check is never skipped.
   */
  Future<Caller> authenticate(String accessToken) {
    SignedToken.Claims known = verified.claims(accessToken, clock.instant());
    return (known != null ? Future.succeededFuture(known) : verify(accessToken))
        .compose(claims -> revocations.requireNotRevoked(claims.sessionId())
            .map(v -> new Caller(claims.kind(), claims.subject(), claims.roles(), claims.sessionId(), claims.app())));
  }

  private Future<SignedToken.Claims> verify(String accessToken) {
    return vertx.<SignedToken.Claims>executeBlocking(() -> {
          SignedToken.Claims claims = SignedToken.verify(accessToken, verifying, AUDIENCE, clock.instant());
          verified.verified(accessToken, claims);
          return claims;
        }, false)
        .recover(e -> Future.failedFuture(new ProblemException(
            e instanceof SignedToken.Rejected r && r.reason() == SignedToken.Rejection.EXPIRED
                ? IdentityProblems.sessionExpired() : IdentityProblems.sessionRequired())));
  }

  private Future<Issued> issue(Caller caller, String refresh, Instant refreshExpires, Instant now) {
    Instant expires = now.plus(accessLifetime);
    SignedToken.Claims claims = new SignedToken.Claims(caller.subjectId(), caller.kind(), caller.roles(), AUDIENCE,
        caller.appId(), caller.sessionId(), now, expires);
    // Signing is SM2 too: off the event loop.
    return vertx.executeBlocking(() -> new Issued(SignedToken.issue(claims, signing), expires, refresh, refreshExpires,
        caller), false);
  }

  private static String newRefreshToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String hash(String token) {
    return HexFormat.of().formatHex(Sm3.digest(token.getBytes(StandardCharsets.US_ASCII)));
  }
}
