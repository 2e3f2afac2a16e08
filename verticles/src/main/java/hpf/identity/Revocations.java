package hpf.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hazelcast.map.IMap;
import hpf.kit.ClusterFutures;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether a session was revoked (logout, a reused refresh token). The cluster-wide map answers at once on every
 * member; but anyone who reaches the cluster network could remove an entry from it, so when the map is silent
 * PostgreSQL, where every revocation is written first, has the last word. Its "not revoked" answers are kept a few
 * seconds per session (a bounded cache, never a "revoked" answer), so an active session costs one indexed read
 * every few seconds, not one per request; a revocation found only in the database is put back into the map.
 */
final class Revocations {

  /** How long the database's "not revoked" answer stands in for it: the most a removed map entry can win. */
  static final Duration TRUST_NOT_REVOKED = Duration.ofSeconds(5);
  private static final long MAP_TIMEOUT_MILLIS = 2000;

  private final Vertx vertx;
  private final Pool pool;
  private final IMap<String, Boolean> revoked;
  private final long rememberMillis;
  private final Cache<String, Boolean> notRevoked;

  Revocations(Vertx vertx, Pool pool, IMap<String, Boolean> revoked, Duration accessLifetime) {
    this.vertx = vertx;
    this.pool = pool;
    this.revoked = revoked;
    // Remembered for as long as an access token of this session could still be presented.
    this.rememberMillis = accessLifetime.toMillis() + 60_000;
    this.notRevoked = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(TRUST_NOT_REVOKED)
        // Upkeep runs on the caller's thread: no pool, no thread started from a request.
        .executor(Runnable::run).build();
  }

  /** Marks the session revoked cluster-wide (after the database row says so). */
  Future<Void> remember(String sessionId) {
    notRevoked.invalidate(sessionId);
    return ClusterFutures.onContext(revoked.setAsync(sessionId, Boolean.TRUE, rememberMillis, TimeUnit.MILLISECONDS),
        vertx.getOrCreateContext());
  }

  /** Fails with SESSION_REVOKED when revoked, with a busy refusal when neither the map nor the database answered. */
  Future<Void> requireNotRevoked(String sessionId) {
    return ClusterFutures.onContext(revoked.getAsync(sessionId), vertx.getOrCreateContext())
        .timeout(MAP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .compose(inMap -> Boolean.TRUE.equals(inMap) ? Future.succeededFuture(true) : inDatabase(sessionId))
        // Not known in time whether the session was revoked (an overloaded cluster or database): refused, as busy.
        .recover(e -> Future.failedFuture(ProblemException.busy()))
        .compose(isRevoked -> isRevoked
            ? Future.failedFuture(new ProblemException(IdentityProblems.sessionRevoked()))
            : Future.succeededFuture());
  }

  private Future<Boolean> inDatabase(String sessionId) {
    if (notRevoked.getIfPresent(sessionId) != null) {
      return Future.succeededFuture(false);
    }
    return pool.preparedQuery("SELECT revoked_at IS NOT NULL FROM session WHERE session_id = $1")
        .execute(Tuple.of(sessionId))
        .compose(rows -> {
          // A token names a session written before it was signed; no row means it is gone: as good as revoked.
          boolean isRevoked = rows.size() == 0 || rows.iterator().next().getBoolean(0);
          if (!isRevoked) {
            notRevoked.put(sessionId, Boolean.TRUE);
            return Future.succeededFuture(false);
          }
          // The map had lost it (removed, or a restarted cluster): put it back for the other members.
          return remember(sessionId).otherwise((Void) null).map(true);
        });
  }
}
