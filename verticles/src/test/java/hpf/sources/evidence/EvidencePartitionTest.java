package hpf.sources.evidence;

import hpf.audit.ChainLab;
import hpf.audit.ChainWalk;
import hpf.audit.Checkpoint;
import hpf.boot.TestPlatform;
import hpf.crypto.CanonicalJson;
import hpf.crypto.SignedDocument;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partitioned evidence chain: open transactions on connections of different partitions all record before any of
 * them commits, tampering in a partition other than 0 is named, and the single chain written before the migration
 * stays verifiable, also against a checkpoint signed before it, as partition 0's history.
 */
class EvidencePartitionTest {

  private static EvidenceLog log(Pool pool) {
    return new EvidenceLog(TestPlatform.app().vertx(), pool, EvidenceSurgeon.FIELDS,
        EvidenceSurgeon.SECURITY.platformKeys(), EvidenceSurgeon.KEYS);
  }

  private static EvidenceChainCheck check(Pool pool) {
    return new EvidenceChainCheck(TestPlatform.app().vertx(), pool, new EvidenceCheck(EvidenceSurgeon.FIELDS,
        EvidenceSurgeon.SECURITY.platformKeys(), EvidenceSurgeon.KEYS));
  }

  private static Evidence evidence(int n) {
    return new Evidence("local.marriage", new JsonObject().put("n", n), new JsonObject().put("married", false),
        "withdrawal:T" + n, "P00000001");
  }

  private static int partition(SqlConnection conn) {
    return conn.query("SELECT (pg_backend_pid() % (SELECT count(*) FROM evidence_chain_head))::int").execute().await()
        .iterator().next().getInteger(0);
  }

  /** Records {@code count} on one connection, each in its own transaction. */
  private static void record(SqlConnection conn, EvidenceLog log, int count) {
    for (int i = 0; i < count; i++) {
      log.record(conn, evidence(i)).await();
    }
  }

  @Test
  void openTransactionsOnDifferentPartitionsAllRecordBeforeAnyCommits() throws Exception {
    try (ChainLab lab = ChainLab.at("latest")) {
      Pool pool = lab.pool(2);
      EvidenceLog log = log(pool);
      List<SqlConnection> connections = lab.connections(8);
      List<SqlConnection> distinct = new ArrayList<>();
      Set<Integer> partitions = new HashSet<>();
      for (SqlConnection conn : connections) {
        if (partitions.add(partition(conn))) {
          distinct.add(conn);
        }
      }
      try {
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(2);
        List<Transaction> open = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (SqlConnection conn : distinct) {
          open.add(conn.begin().await());
          // Every earlier transaction still holds its partition's head: this record must not wait for any of them
          // (a wait would never end, as nothing commits before all recorded).
          ids.add(UUID.fromString(log.record(conn, evidence(ids.size())).await(10, TimeUnit.SECONDS)));
        }
        for (int i = open.size() - 1; i >= 0; i--) {
          open.get(i).commit().await();
        }
        Set<Integer> written = new HashSet<>();
        pool.preparedQuery("SELECT part FROM evidence_record WHERE evidence_id = ANY($1)")
            .execute(Tuple.of(ids.toArray(UUID[]::new))).await().forEach(row -> written.add(row.getInteger(0)));
        assertThat(written).isEqualTo(partitions);
        ChainWalk.Result walked = check(pool).run(null, null).await();
        assertThat(walked.valid()).as(String.valueOf(walked.finding())).isTrue();
        assertThat(walked.checked()).isEqualTo(distinct.size());
        assertThat(walked.heads().parts()).hasSize(16);
      } finally {
        connections.forEach(conn -> conn.close().await());
      }
    }
  }

  @Test
  void tamperingInAPartitionOtherThanZeroIsNamed() throws Exception {
    try (ChainLab base = ChainLab.at("latest")) {
      Pool pool = base.pool(2);
      EvidenceLog log = log(pool);
      List<SqlConnection> connections = base.connections(10);
      connections.forEach(conn -> record(conn, log, 3));
      // One more on each: every partition's head passes the others' first records.
      connections.forEach(conn -> record(conn, log, 1));
      connections.forEach(conn -> conn.close().await());
      assertThat(check(pool).run(null, null).await().valid()).isTrue();
      int part = pool.query("SELECT part FROM evidence_record WHERE part > 0 GROUP BY part HAVING count(*) >= 3"
          + " ORDER BY part LIMIT 1").execute().await().iterator().next().getInteger(0);
      List<Long> seqs = new ArrayList<>();
      pool.query("SELECT seq FROM evidence_record WHERE part = " + part + " ORDER BY seq").execute().await()
          .forEach(row -> seqs.add(row.getLong(0)));
      // Another partition whose head is past the attacked partition's middle record.
      int other = pool.query("SELECT part FROM evidence_chain_head WHERE part <> " + part + " AND last_seq > "
          + seqs.get(1) + " ORDER BY part LIMIT 1").execute().await().iterator().next().getInteger(0);
      base.closePools();
      long middle = seqs.get(1);
      long third = seqs.get(2);
      String where = " WHERE seq = " + middle;
      assertNamed(base, "DELETE FROM evidence_record" + where, "UNLINKED", third);
      assertNamed(base, "UPDATE evidence_record SET part = " + other + where, "UNLINKED", middle);
      assertNamed(base, "UPDATE evidence_record SET content_enc = (SELECT content_enc FROM evidence_record WHERE seq = "
          + third + ")" + where, "REHASHED", middle);
      assertNamed(base, "UPDATE evidence_chain_head SET last_digest = repeat('f', 64) WHERE part = " + part,
          "HEAD_CHANGED", seqs.get(seqs.size() - 1));
    }
  }

  private static void assertNamed(ChainLab base, String attack, String code, long brokenAt) throws Exception {
    try (ChainLab lab = base.copy()) {
      lab.attack(attack);
      ChainWalk.Result walked = check(lab.pool(2)).run(null, null).await();
      assertThat(walked.valid()).as(attack).isFalse();
      assertThat(walked.finding().code()).as(attack + ": " + walked.finding()).isEqualTo(code);
      assertThat(walked.brokenAt()).as(attack + ": " + walked.finding()).isEqualTo(brokenAt);
    }
  }

  @Test
  void theSingleChainWrittenBeforeTheMigrationIsPartitionZerosHistory() throws Exception {
    try (ChainLab lab = ChainLab.at("52")) {
      String lastDigest = singleChain(lab.pool(2), 3);
      // A checkpoint as the platform signed it before partitioning: one head, no parts.
      Checkpoint before = new Checkpoint("evidence", 3, lastDigest, 1, Instant.parse("2026-12-01T00:00:00Z"));
      lab.closePools();
      lab.migrate();
      Pool pool = lab.pool(2);
      EvidenceChainCheck check = check(pool);
      ChainWalk.Result migrated = check.run(before, "request").await();
      assertThat(migrated.valid()).as(String.valueOf(migrated.finding())).isTrue();
      assertThat(migrated.checked()).isEqualTo(3);
      assertThat(migrated.heads().parts()).hasSize(16);

      EvidenceLog log = log(pool);
      List<SqlConnection> connections = lab.connections(4);
      connections.forEach(conn -> record(conn, log, 2));
      connections.forEach(conn -> conn.close().await());
      ChainWalk.Result grown = check.run(before, "request").await();
      assertThat(grown.valid()).as(String.valueOf(grown.finding())).isTrue();
      assertThat(grown.checked()).isEqualTo(11);
      assertThat(grown.headSeq()).isEqualTo(11);
      Checkpoint now = Checkpoint.of("evidence", grown.heads().parts(), grown.keyedFrom(),
          Instant.parse("2026-12-02T00:00:00Z"));
      assertThat(check.run(now, "request").await().valid()).isTrue();

      // Partition 0 cut back below the old checkpoint (head moved along): the old checkpoint names it.
      String first = pool.query("SELECT digest FROM evidence_record WHERE seq = 1").execute().await().iterator().next()
          .getString(0);
      lab.attack("DELETE FROM evidence_record WHERE part = 0 AND seq >= 2; UPDATE evidence_chain_head SET last_seq = 1,"
          + " last_digest = '" + first + "' WHERE part = 0");
      assertThat(check.run(before, "request").await().finding().code()).isEqualTo("TRUNCATED");
      assertThat(check.run(now, "request").await().finding().code()).isEqualTo("TRUNCATED");
    }
  }

  /** Writes {@code count} records as the single chain wrote them before partitioning; answers the last digest. */
  private static String singleChain(Pool pool, int count) {
    String prev = EvidenceLog.GENESIS;
    String keyId = EvidenceSurgeon.SECURITY.platformKeys().id() + ":"
        + EvidenceSurgeon.SECURITY.platformKeys().currentVersion();
    for (long seq = 1; seq <= count; seq++) {
      Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
      String evidenceId = UUID.randomUUID().toString();
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("seq", seq);
      content.put("evidenceId", evidenceId);
      content.put("recordedAt", at.toString());
      content.put("dependency", "local.marriage");
      content.put("businessRef", "withdrawal:OLD" + seq);
      content.put("personId", "P00000001");
      content.put("query", Map.of("personId", "P00000001"));
      content.put("answer", Map.of("married", false));
      content.put("prevDigest", prev);
      String canonical = CanonicalJson.write(content);
      String digest = EvidenceSurgeon.KEYS.hash(canonical);
      String signature = (String) ((Map<?, ?>) SignedDocument.sign(content, keyId,
          EvidenceSurgeon.SECURITY.platformKeys().current()).get("signature")).get("value");
      pool.preparedQuery("""
              INSERT INTO evidence_record (seq, evidence_id, recorded_at, dependency, business_ref, person_id,
                                           content_enc, prev_digest, digest, key_id, signature, key_version)
              VALUES ($1, $2, $3, 'local.marriage', $4, 'P00000001', $5, $6, $7, $8, $9, $10)""")
          .execute(Tuple.from(new Object[] {seq, UUID.fromString(evidenceId), OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
              "withdrawal:OLD" + seq, EvidenceSurgeon.FIELDS.encrypt(EvidenceLog.FIELD, evidenceId, canonical), prev,
              digest, keyId, signature, EvidenceSurgeon.KEYS.currentVersion()}))
          .await();
      prev = digest;
    }
    pool.preparedQuery("UPDATE evidence_chain_head SET last_seq = $1, last_digest = $2").execute(Tuple.of(count, prev))
        .await();
    return prev;
  }
}
