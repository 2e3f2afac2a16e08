package hpf.identity;

import hpf.crypto.Sm3;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Operator sessions: an opaque random 256-bit bearer token, of which only the SM3 digest is stored. A session ends
 * when idle longer than the idle timeout, at its absolute lifetime, at logout, or when its account is disabled or
 * reset; every use moves its idle deadline. The clock is injected so tests can move time.
 */
public final class OperatorSessions {

  /** Who a valid session belongs to, as the admin listener sees it. */
  public record Principal(String username, String role, boolean passwordMustChange) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final OperatorPolicy policy;
  private final Clock clock;

  public OperatorSessions(Pool pool, OperatorPolicy policy, Clock clock) {
    this.pool = pool;
    this.policy = policy;
    this.clock = clock;
  }

  /** Opens a session and answers its token (shown once; not recoverable from the database). */
  Future<String> open(String username) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = clock.instant();
    return pool.preparedQuery("""
            INSERT INTO operator_session (token_hash, username, created_at, last_seen_at) VALUES ($1, $2, $3, $3)""")
        .execute(Tuple.of(digest(token), username, Operators.utc(now)))
        // Sessions past their lifetime are kept 30 days (who was signed in when), then go: the table stays bounded.
        .compose(v -> pool.preparedQuery("DELETE FROM operator_session WHERE created_at < $1")
            .execute(Tuple.of(Operators.utc(now.minus(policy.absoluteTimeout()).minus(Duration.ofDays(30))))))
        .map(token);
  }

  /**
   * The session's principal, and the use recorded (idle deadline moved) in the same statement; null when the token
   * is unknown, ended, idle too long, past its absolute lifetime, or its account is no longer active.
   */
  public Future<Principal> authenticate(String token) {
    Instant now = clock.instant();
    return pool.preparedQuery("""
            UPDATE operator_session s SET last_seen_at = $2
            FROM operator_account a
            WHERE s.token_hash = $1 AND s.ended_at IS NULL AND a.username = s.username AND a.status = 'ACTIVE'
              AND s.last_seen_at > $3 AND s.created_at > $4
            RETURNING a.username, a.role, a.password_must_change""")
        .execute(Tuple.of(digest(token), Operators.utc(now), Operators.utc(now.minus(policy.idleTimeout())),
            Operators.utc(now.minus(policy.absoluteTimeout()))))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next())
        .map(row -> row == null ? null : new Principal(row.getString("username"), row.getString("role"),
            row.getBoolean("password_must_change")));
  }

  /** Logout: ends this session; true when it was open. */
  Future<Boolean> end(String token) {
    return pool.preparedQuery("""
            UPDATE operator_session SET ended_at = $2, end_reason = 'LOGOUT' WHERE token_hash = $1 AND ended_at IS NULL""")
        .execute(Tuple.of(digest(token), Operators.utc(clock.instant()))).map(rows -> rows.rowCount() == 1);
  }

  /** Ends every open session of an account (disabled, credentials reset, password changed), with the reason. */
  Future<Void> endAll(SqlClient client, String username, String reason) {
    return client.preparedQuery("""
            UPDATE operator_session SET ended_at = $2, end_reason = $3 WHERE username = $1 AND ended_at IS NULL""")
        .execute(Tuple.of(username, Operators.utc(clock.instant()), reason)).mapEmpty();
  }

  /** Ends every open session of an account except the caller's own (a password change keeps the session in use). */
  Future<Void> endOthers(String username, String keepToken, String reason) {
    return pool.preparedQuery("""
            UPDATE operator_session SET ended_at = $2, end_reason = $3
            WHERE username = $1 AND ended_at IS NULL AND token_hash <> $4""")
        .execute(Tuple.of(username, Operators.utc(clock.instant()), reason, digest(keepToken))).mapEmpty();
  }

  public Instant now() {
    return clock.instant();
  }

  OperatorPolicy policy() {
    return policy;
  }

  private static String digest(String token) {
    return Sm3.digestHex(token);
  }
}
