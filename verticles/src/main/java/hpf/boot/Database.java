package hpf.boot;

import hpf.kit.StartupException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the database is and how the process gets to it: waits for it at start-up (with backoff, bounded),
 * applies Flyway migrations (JDBC, start-up only), then hands out the vertx-pg-client pool for all traffic.
 */
public final class Database {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final int MIN_SERVER_VERSION = 150000;
  private static final long MAX_BACKOFF_MS = 5000;
  private static final int CONNECT_TIMEOUT_MS = 5000;

  /** A reachable PostgreSQL: host, port, database, credentials and TLS (sslmode). */
  public record Target(String host, int port, String database, String user, String password, DatabaseUrl.Tls tls) {

    public Target(String host, int port, String database, String user, String password) {
      this(host, port, database, user, password, DatabaseUrl.Tls.NONE);
    }

    public PgConnectOptions connectOptions() {
      return tls.apply(new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user)
          .setPassword(password).setCachePreparedStatements(true)
          .addProperty("application_name", "hpf"));
    }

    public String jdbcUrl() {
      return new DatabaseUrl(host, port, database, tls).jdbcUrl();
    }

    @Override
    public String toString() {
      return new DatabaseUrl(host, port, database, tls).toString();
    }
  }

  private Database() {}

  public static Target embedded(EmbeddedDatabase db) {
    return new Target("127.0.0.1", db.port(), EmbeddedDatabase.DATABASE, EmbeddedDatabase.USER, db.password());
  }

  /** The external database as the runtime user (HPF_DB_USER) reaches it. */
  public static Target external(HpfConfig.DatabaseConfig config) {
    DatabaseUrl url = DatabaseUrl.parse(config.url());
    return new Target(url.host(), url.port(), url.database(), config.user(), config.password(), url.tls());
  }

  /** The external database as the migration user (HPF_DB_MIGRATION_USER, else HPF_DB_USER) reaches it. */
  public static Target externalOwner(HpfConfig.DatabaseConfig config) {
    DatabaseUrl url = DatabaseUrl.parse(config.url());
    return new Target(url.host(), url.port(), url.database(), config.migrationUser(), config.migrationPassword(), url.tls());
  }

  /**
   * After migrations: the target the runtime pool connects as. The embedded run's own role {@code hpf_app}; for an
   * external database HPF_DB_USER, granted the rows of the migration user's tables when the two differ. Blocking.
   */
  public static Target runtime(Target owner, HpfConfig config) {
    if (config.database().embedded()) {
      return RuntimeRole.embedded(owner, config.dataDir());
    }
    Target runtime = external(config.database());
    if (!runtime.user().equals(owner.user())) {
      RuntimeRole.grant(owner, runtime.user());
    }
    return runtime;
  }

  /** Refuses (production) or warns (sandbox) when the pool's user is a superuser or bypasses row security. */
  public static Future<Void> checkRuntimeUser(Pool pool, boolean sandbox) {
    return RuntimeRole.check(pool, sandbox);
  }

  /** Retries a connection with growing pauses until it works or {@code timeout} has passed. */
  public static Future<Void> awaitReachable(Vertx vertx, Target target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Promise<Void> done = Promise.promise();
    attempt(vertx, target, deadline, 250, done);
    return done.future();
  }

  private static void attempt(Vertx vertx, Target target, long deadline, long backoffMs, Promise<Void> done) {
    PgConnection.connect(vertx, target.connectOptions())
        .timeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .compose(conn -> conn.query("SELECT current_setting('server_version_num')::int AS v").execute()
            .map(rows -> rows.iterator().next().getInteger("v"))
            .eventually(conn::close))
        .onSuccess(version -> {
          if (version < MIN_SERVER_VERSION) {
            done.fail(new StartupException("database " + target + " runs PostgreSQL " + version
                + "; HPF needs PostgreSQL 15 or newer"));
          } else {
            done.complete();
          }
        })
        .onFailure(e -> {
          if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs) > deadline) {
            done.fail(new StartupException("database " + target + " is unreachable (" + e.getMessage()
                + "); gave up after HPF_DB_CONNECT_TIMEOUT_SECONDS. Check HPF_DB_URL, HPF_DB_USER, HPF_DB_PASSWORD"));
            return;
          }
          LOG.atWarn().addKeyValue("database", target.toString()).addKeyValue("retryInMs", backoffMs)
              .log("database not reachable yet: " + e.getMessage());
          vertx.setTimer(backoffMs, t -> attempt(vertx, target, deadline, Math.min(backoffMs * 2, MAX_BACKOFF_MS), done));
        });
  }

  /** Applies pending migrations on a worker thread and returns the schema version now in force. */
  public static Future<String> migrate(Vertx vertx, Target target) {
    return vertx.executeBlocking(() -> migrateNow(target), false);
  }

  /** Applies pending migrations on the calling thread (blocking: commands and worker threads only). */
  public static String migrateNow(Target target) {
    Flyway flyway = Flyway.configure()
        .dataSource(target.jdbcUrl(), target.user(), target.password())
        .locations("classpath:db/migration")
        .load();
    flyway.migrate();
    return flyway.info().current().getVersion().getVersion();
  }

  public static Pool pool(Vertx vertx, Target target, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName("hpf-db").setShared(false))
        .with(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS))
        .connectingTo(target.connectOptions())
        .using(vertx)
        .build();
  }

  /** Readiness: the schema version this build expects is recorded as applied and nothing failed. */
  public static Future<Boolean> migrationsApplied(Pool pool, String expectedVersion) {
    return pool.preparedQuery("""
            SELECT bool_and(success) AS all_ok, bool_or(version = $1 AND success) AS expected
              FROM flyway_schema_history""")
        .execute(Tuple.of(expectedVersion))
        .map(rows -> {
          var row = rows.iterator().next();
          return Boolean.TRUE.equals(row.getBoolean("all_ok")) && Boolean.TRUE.equals(row.getBoolean("expected"));
        });
  }
}
