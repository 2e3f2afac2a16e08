package hpf.boot;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The configured database for an operator command that works on the data directly (not through a running
 * platform): the embedded PostgreSQL under HPF_DATA_DIR, taken with the same exclusive lock as the platform (so
 * never while the platform runs on it), or the external HPF_DB_URL; migrated to this build's schema. Blocking:
 * commands only. Closing stops what it started.
 */
public final class CommandDatabase implements AutoCloseable {

  private final Vertx vertx;
  private final Database.Target target;
  private final DataDirLock lock;
  private final EmbeddedDatabase embedded;
  private final Pool pool;

  private CommandDatabase(Vertx vertx, Database.Target target, DataDirLock lock, EmbeddedDatabase embedded, int poolSize) {
    this.vertx = vertx;
    this.target = target;
    this.lock = lock;
    this.embedded = embedded;
    this.pool = Database.pool(vertx, target, poolSize);
  }

  /** Opens (starting the embedded database if configured), waits until reachable and applies migrations. */
  public static CommandDatabase open(HpfConfig config) {
    DataDirLock lock = null;
    EmbeddedDatabase embedded = null;
    Vertx vertx = Vertx.vertx();
    try {
      Database.Target target;
      if (config.database().embedded()) {
        lock = DataDirLock.acquire(config.dataDir());
        embedded = EmbeddedDatabase.start(config.dataDir(), config.database().embeddedPort());
        target = Database.embedded(embedded);
      } else {
        target = Database.externalOwner(config.database());
      }
      Database.awaitReachable(vertx, target, config.database().connectTimeout()).await();
      Database.migrateNow(target);
      // Like the platform: the command's reads and writes go through the runtime user, bound by the same guards.
      return new CommandDatabase(vertx, Database.runtime(target, config), lock, embedded, 4);
    } catch (RuntimeException e) {
      close(vertx, embedded, lock);
      throw e;
    }
  }

  /** The vertx-pg-client pool, for the rooms' own (asynchronous) reads and writes. */
  public Pool pool() {
    return pool;
  }

  public Database.Target target() {
    return target;
  }

  /** A new JDBC connection (bulk COPY); the caller closes it. */
  public Connection jdbc() throws SQLException {
    return DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
  }

  @Override
  public void close() {
    pool.close().await();
    close(vertx, embedded, lock);
  }

  private static void close(Vertx vertx, EmbeddedDatabase embedded, DataDirLock lock) {
    vertx.close().await();
    if (embedded != null) {
      embedded.close();
    }
    if (lock != null) {
      lock.close();
    }
  }
}
