package hpf.audit;

import hpf.boot.Database;
import hpf.boot.TestPlatform;
import hpf.crypto.Sm3;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database whose audit chain was written before the chains were keyed (plain SM3), upgraded: the old records
 * still verify, new ones are keyed from the recorded boundary on, and re-hashing the unkeyed prefix with plain SM3
 * is still caught at the first keyed record, which the attacker cannot re-hash.
 */
class KeyingUpgradeTest {

  @Test
  void recordsFromBeforeKeyingStayVerifiableAndTheBoundaryHolds() throws Exception {
    Database.Target platform = TestPlatform.app().database();
    String name = "upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql(platform, "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
    Database.Target target = new Database.Target(platform.host(), platform.port(), name, platform.user(),
        platform.password());
    Pool pool = Database.pool(TestPlatform.app().vertx(), target, 2);
    try {
      // The schema as it was before keying, with three records hashed the old way.
      Flyway.configure().dataSource(target.jdbcUrl(), target.user(), target.password())
          .locations("classpath:db/migration").target("41").load().migrate();
      String prev = AuditLog.GENESIS;
      for (long seq = 1; seq <= 3; seq++) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditEntry entry = new AuditEntry("operator", "OPERATOR", "admin", "oldOperation", "t:" + seq, "OK", "r" + seq,
            Map.of());
        String hash = Sm3.digestHex(AuditLog.canonical(entry.hashed(seq, at, prev)));
        pool.preparedQuery("""
                INSERT INTO audit_log (seq, at, actor, actor_kind, channel, operation, target, outcome, request_id,
                                       details, prev_hash, hash) VALUES ($1, $2, 'operator', 'OPERATOR', 'admin',
                                       'oldOperation', $3, 'OK', $4, $5, $6, $7)""")
            .execute(Tuple.from(new Object[] {seq, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), "t:" + seq, "r" + seq,
                new JsonObject(), prev, hash}))
            .await();
        prev = hash;
      }
      pool.preparedQuery("UPDATE audit_chain_head SET last_seq = 3, last_hash = $1").execute(Tuple.of(prev)).await();

      Database.migrateNow(target);
      AuditChainCheck check = new AuditChainCheck(TestPlatform.app().vertx(), pool, ChainSurgeon.KEYS);
      ChainWalk.Result upgraded = check.run(null, null).await();
      assertThat(upgraded.valid()).as(String.valueOf(upgraded.finding())).isTrue();
      assertThat(upgraded.keyedFrom()).isEqualTo(4);

      AuditLog log = new AuditLog(pool, ChainSurgeon.KEYS);
      for (int i = 0; i < 2; i++) {
        log.append(new AuditEntry("operator", "OPERATOR", "admin", "newOperation", "t", "OK", "n" + i, Map.of())).await();
      }
      ChainWalk.Result keyed = check.run(null, null).await();
      assertThat(keyed.valid()).isTrue();
      assertThat(keyed.checked()).isEqualTo(5);
      assertThat(pool.query("SELECT count(*) FROM audit_log WHERE key_version IS NULL").execute().await().iterator()
          .next().getLong(0)).isEqualTo(3);

      // A superuser edits an old record and re-hashes the unkeyed prefix with plain SM3 (all it can do).
      sql(target, "BEGIN; SET LOCAL session_replication_role = replica;"
          + " UPDATE audit_log SET outcome = 'DENIED' WHERE seq = 2; COMMIT");
      String kept = pool.query("SELECT hash FROM audit_log WHERE seq = 1").execute().await().iterator().next()
          .getString(0);
      for (long seq = 2; seq <= 3; seq++) {
        var row = pool.preparedQuery("SELECT * FROM audit_log WHERE seq = $1").execute(Tuple.of(seq)).await()
            .iterator().next();
        String hash = Sm3.digestHex(AuditLog.canonical(AuditLog.hashedFrom(row)));
        sql(target, "BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_log SET prev_hash = '" + kept
            + "', hash = '" + hash + "' WHERE seq = " + seq + "; UPDATE audit_log SET prev_hash = '" + hash
            + "' WHERE seq = " + (seq + 1) + "; COMMIT");
        kept = hash;
      }
      ChainWalk.Result attacked = check.run(null, null).await();
      assertThat(attacked.valid()).isFalse();
      assertThat(attacked.brokenAt()).isEqualTo(4);
      assertThat(attacked.finding().code()).isEqualTo("REHASHED");
    } finally {
      pool.close().await();
      sql(platform, "DROP DATABASE " + name + " WITH (FORCE)");
    }
  }

  private static void sql(Database.Target target, String statements) throws Exception {
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         Statement st = c.createStatement()) {
      st.execute(statements);
    }
  }
}
