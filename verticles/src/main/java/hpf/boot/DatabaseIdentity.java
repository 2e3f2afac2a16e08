package hpf.boot;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import hpf.crypto.Sm3;
import hpf.kit.StartupException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster, one database. Nonces, quotas, revocations and isolation states in the cluster's maps are only
 * meaningful for the database they were made with: a member whose database is another one (two instances on one
 * host that found each other, a mistyped member list) leaves before it touches any of them, and its start-up fails.
 * The first member of a cluster records its database's identity in a cluster map; every later member compares.
 */
final class DatabaseIdentity {

  static final String MAP = "hpf.cluster.database";
  private static final String KEY = "identity";
  private static final long TIMEOUT_MILLIS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseIdentity.class);

  private DatabaseIdentity() {}

  /** Fails with a {@link StartupException} when the cluster already serves another database. */
  static Future<Void> requireClusterOf(Vertx vertx, HazelcastInstance hazelcast, Pool pool, Database.Target target) {
    IMap<String, String> shared = hazelcast.getMap(MAP);
    // Start-up only, once: the blocking putIfAbsent (IMap has no asynchronous one) runs on a worker thread.
    return of(pool, target).compose(mine -> vertx.executeBlocking(() -> shared.putIfAbsent(KEY, mine), false)
        .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(new StartupException(
            "cannot compare this instance's database with the cluster's: " + e.getMessage(), e)))
        .compose(theirs -> {
          if (theirs != null && !theirs.equals(mine)) {
            return Future.failedFuture(new StartupException("the cluster this instance joined serves another database "
                + "(database " + theirs.substring(0, 12) + "…, this instance's " + mine.substring(0, 12) + "…): "
                + "instances on different databases must never share a cluster; give each platform its own "
                + "HPF_CLUSTER_NAME and HPF_CLUSTER_MEMBERS (or its own data directory in the sandbox)"));
          }
          LOG.atInfo().addKeyValue("database", mine.substring(0, 12))
              .log(theirs == null ? "first member of the cluster for this database" : "joined the cluster of this database");
          return Future.<Void>succeededFuture();
        }));
  }

  /**
   * An SM3 digest of the database cluster's system identifier (set once by initdb, the same behind any host name or
   * proxy) and the database's name; where the server hides its control data, the address and name instead.
   */
  static Future<String> of(Pool pool, Database.Target target) {
    return pool.query("SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || current_database()")
        .execute()
        .map(rows -> rows.iterator().next().getString(0))
        .recover(e -> pool.query("SELECT current_database()").execute()
            .map(rows -> target.host() + ":" + target.port() + "/" + rows.iterator().next().getString(0)))
        .map(identity -> HexFormat.of().formatHex(Sm3.digest(identity.getBytes(StandardCharsets.UTF_8))));
  }
}
