package hpf.audit;

import hpf.boot.Database;
import hpf.boot.TestPlatform;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A database of its own on the test platform's PostgreSQL, for the chains' tests (audit and evidence): made at a migration version,
 * filled with records the way the single chain wrote them, migrated on, cloned, attacked as a superuser, dropped.
 */
public final class ChainLab implements AutoCloseable {

  private final Database.Target target;
  private final List<Pool> pools = new ArrayList<>();

  private ChainLab(Database.Target target) {
    this.target = target;
  }

  /** A new database migrated up to {@code version} ("latest": every migration). */
  public static ChainLab at(String version) throws Exception {
    ChainLab lab = new ChainLab(create("TEMPLATE template0 ENCODING 'UTF8'"));
    if ("latest".equals(version)) {
      Database.migrateNow(lab.target);
    } else {
      Flyway.configure().dataSource(lab.target.jdbcUrl(), lab.target.user(), lab.target.password())
          .locations("classpath:db/migration").target(version).load().migrate();
    }
    return lab;
  }

  /** A copy of this database (whose pools must be closed): each attack gets its own. */
  public ChainLab copy() throws Exception {
    return new ChainLab(create("TEMPLATE " + target.database()));
  }

  private static Database.Target create(String how) throws Exception {
    Database.Target platform = TestPlatform.app().database();
    String name = "chains_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql(platform, "CREATE DATABASE " + name + " " + how);
    return new Database.Target(platform.host(), platform.port(), name, platform.user(), platform.password());
  }

  public void migrate() {
    Database.migrateNow(target);
  }

  public Pool pool(int size) {
    Pool pool = Database.pool(TestPlatform.app().vertx(), target, size);
    pools.add(pool);
    return pool;
  }

  /** {@code count} connections, each of a pool of its own (each its own database backend). */
  public List<SqlConnection> connections(int count) {
    List<SqlConnection> connections = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      connections.add(pool(1).getConnection().await());
    }
    return connections;
  }

  public void closePools() {
    pools.forEach(pool -> pool.close().await());
    pools.clear();
  }

  /** Runs statements as the superuser with the append-only triggers off, in one transaction. */
  public void attack(String statements) throws Exception {
    sql(target, "BEGIN; SET LOCAL session_replication_role = replica; " + statements + "; COMMIT");
  }

  /** Writes {@code count} records as the single chain wrote them before partitioning (keyed); answers the last hash. */
  static String singleChain(Pool pool, int count) {
    String prev = AuditLog.GENESIS;
    for (long seq = 1; seq <= count; seq++) {
      Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
      AuditEntry entry = new AuditEntry("operator", "OPERATOR", "admin", "oldOperation", "t:" + seq, "OK", "r" + seq,
          Map.of());
      String hash = ChainSurgeon.KEYS.hash(AuditLog.canonical(entry.hashed(seq, at, prev)));
      pool.preparedQuery("""
              INSERT INTO audit_log (seq, at, actor, actor_kind, channel, operation, target, outcome, request_id,
                                     details, prev_hash, hash, key_version) VALUES ($1, $2, 'operator', 'OPERATOR',
                                     'admin', 'oldOperation', $3, 'OK', $4, $5, $6, $7, $8)""")
          .execute(Tuple.from(new Object[] {seq, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), "t:" + seq, "r" + seq,
              new JsonObject(), prev, hash, ChainSurgeon.KEYS.currentVersion()}))
          .await();
      prev = hash;
    }
    pool.preparedQuery("UPDATE audit_chain_head SET last_seq = $1, last_hash = $2").execute(Tuple.of(count, prev))
        .await();
    return prev;
  }

  /** Appends {@code count} records on one connection, each in its own transaction; answers their sequence numbers. */
  static List<Long> append(SqlConnection conn, AuditLog log, int count) {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Transaction tx = conn.begin().await();
      seqs.add(log.append(conn, new AuditEntry("tester", "OPERATOR", "admin", "labOperation", "t:" + i, "OK",
          "lab-" + UUID.randomUUID(), Map.of("n", String.valueOf(i)))).await());
      tx.commit().await();
    }
    return seqs;
  }

  /** The partition a connection's records go to. */
  static int partition(SqlConnection conn) {
    return conn.query("SELECT (pg_backend_pid() % (SELECT count(*) FROM audit_chain_head))::int").execute().await()
        .iterator().next().getInteger(0);
  }

  @Override
  public void close() throws Exception {
    closePools();
    sql(TestPlatform.app().database(), "DROP DATABASE " + target.database() + " WITH (FORCE)");
  }

  private static void sql(Database.Target target, String statements) throws Exception {
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement st = c.createStatement()) {
      st.execute(statements);
    }
  }
}
