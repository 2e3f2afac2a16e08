package hpf.audit;

import hpf.boot.TestPlatform;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A superuser attacks one partition of the audit chain (not partition 0, which holds the older single chain): an
 * edited, inserted, removed, moved or reordered record, a changed or removed head, and a tail cut back below a
 * checkpoint (also written again) are each named, at the record where they happen.
 */
class PartitionTamperTest {

  private static ChainLab base;
  private static Checkpoint checkpoint;
  private static int part;
  /** Three records of the attacked partition, in order, all covered by the checkpoint; then its head, after it. */
  private static long first;
  private static long middle;
  private static long third;
  private static long head;
  /** Another partition whose head is past the attacked partition's middle record. */
  private static int other;

  @BeforeAll
  static void chainInManyPartitions() throws Exception {
    base = ChainLab.at("latest");
    Pool pool = base.pool(2);
    AuditLog log = new AuditLog(pool, ChainSurgeon.KEYS);
    List<SqlConnection> connections = base.connections(10);
    connections.forEach(conn -> ChainLab.append(conn, log, 3));
    AuditChainCheck check = new AuditChainCheck(TestPlatform.app().vertx(), pool, ChainSurgeon.KEYS);
    ChainWalk.Result walked = check.run(null, null).await();
    assertThat(walked.valid()).isTrue();
    checkpoint = walked.heads().checkpoint(AuditChainCheck.TABLE, Instant.parse("2026-12-03T00:00:00Z"));
    connections.forEach(conn -> ChainLab.append(conn, log, 1));
    connections.forEach(conn -> conn.close().await());
    part = pool.query("SELECT part FROM audit_log WHERE part > 0 GROUP BY part HAVING count(*) >= 4 ORDER BY part LIMIT 1")
        .execute().await().iterator().next().getInteger(0);
    List<Long> seqs = new ArrayList<>();
    pool.query("SELECT seq FROM audit_log WHERE part = " + part + " ORDER BY seq").execute().await()
        .forEach(row -> seqs.add(row.getLong(0)));
    first = seqs.get(0);
    middle = seqs.get(1);
    third = seqs.get(2);
    head = seqs.get(seqs.size() - 1);
    other = pool.query("SELECT part FROM audit_chain_head WHERE part <> " + part + " AND last_seq > " + middle
        + " ORDER BY part LIMIT 1").execute().await().iterator().next().getInteger(0);
    assertThat(checkpoint.heads().get(part).seq()).isGreaterThanOrEqualTo(third).isLessThan(head);
    base.closePools();
  }

  @AfterAll
  static void drop() throws Exception {
    base.close();
  }

  @Test
  void anEditedRecordIsRehashed() throws Exception {
    assertNamed("UPDATE audit_log SET outcome = 'DENIED' WHERE seq = " + middle, null, "REHASHED", middle);
  }

  @Test
  void aRecordInsertedWithoutTheChainKeyIsRehashed() throws Exception {
    try (ChainLab lab = base.copy()) {
      Pool pool = lab.pool(2);
      Row last = pool.query("SELECT * FROM audit_log WHERE seq = " + head).execute().await().iterator().next();
      long forged = head + 1000;
      AuditEntry entry = new AuditEntry("tester", "OPERATOR", "admin", "forged", "t", "OK", "forged", Map.of());
      Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      String hash = hpf.crypto.Sm3.digestHex(AuditLog.canonical(entry.hashed(forged, at, last.getString("hash"))));
      lab.attack("INSERT INTO audit_log (seq, part, at, actor, actor_kind, channel, operation, target, outcome, request_id,"
          + " prev_hash, hash) VALUES (" + forged + ", " + part + ", '" + OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)
          + "', 'tester', 'OPERATOR', 'admin', 'forged', 't', 'OK', 'forged', '" + last.getString("hash") + "', '" + hash
          + "'); UPDATE audit_chain_head SET last_seq = " + forged + ", last_hash = '" + hash + "' WHERE part = " + part);
      expect(lab, pool, null, "REHASHED", forged);
    }
  }

  @Test
  void aRemovedRecordLeavesItsSuccessorUnlinked() throws Exception {
    assertNamed("DELETE FROM audit_log WHERE seq = " + middle, checkpoint, "UNLINKED", third);
  }

  @Test
  void aRecordMovedToAnotherPartitionIsUnlinked() throws Exception {
    assertNamed("UPDATE audit_log SET part = " + other + " WHERE seq = " + middle, null, "UNLINKED", middle);
  }

  @Test
  void reorderedRecordsAreRehashed() throws Exception {
    assertNamed("UPDATE audit_log SET seq = -1 WHERE seq = " + middle + "; UPDATE audit_log SET seq = " + middle
        + " WHERE seq = " + third + "; UPDATE audit_log SET seq = " + third + " WHERE seq = -1", null, "REHASHED", middle);
  }

  @Test
  void aChangedOrRemovedHeadIsNamed() throws Exception {
    assertNamed("UPDATE audit_chain_head SET last_hash = repeat('a', 64) WHERE part = " + part, null, "HEAD_CHANGED",
        head);
    assertNamed("DELETE FROM audit_chain_head WHERE part = " + part, null, "HEAD_CHANGED", first);
  }

  @Test
  void aTailCutBelowTheCheckpointIsTruncatedAlsoWhenWrittenAgain() throws Exception {
    long anchored = checkpoint.heads().get(part).seq();
    String cut = "DELETE FROM audit_log WHERE part = " + part + " AND seq > " + middle
        + "; UPDATE audit_chain_head SET (last_seq, last_hash) = (SELECT seq, hash FROM audit_log WHERE seq = " + middle
        + ") WHERE part = " + part;
    try (ChainLab lab = base.copy()) {
      Pool pool = lab.pool(2);
      lab.attack(cut);
      // Alone the partition looks whole: the checkpoint is what names the cut.
      expect(lab, pool, null, null, 0);
      expect(lab, pool, checkpoint, "TRUNCATED", middle + 1);
      // Written again after the cut, with the chain key even: the checkpoint's record is not there.
      AuditEntry entry = new AuditEntry("tester", "OPERATOR", "admin", "rewritten", "t", "OK", "again", Map.of());
      Row last = pool.query("SELECT hash FROM audit_log WHERE seq = " + middle).execute().await().iterator().next();
      long again = head + 1000;
      Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
      String hash = ChainSurgeon.KEYS.hash(AuditLog.canonical(entry.hashed(again, at, last.getString(0))));
      lab.attack("INSERT INTO audit_log (seq, part, at, actor, actor_kind, channel, operation, target, outcome, request_id,"
          + " prev_hash, hash, key_version) VALUES (" + again + ", " + part + ", '" + OffsetDateTime.ofInstant(at,
          java.time.ZoneOffset.UTC) + "', 'tester', 'OPERATOR', 'admin', 'rewritten', 't', 'OK', 'again', '"
          + last.getString(0) + "', '" + hash + "', " + ChainSurgeon.KEYS.currentVersion() + "); UPDATE audit_chain_head"
          + " SET last_seq = " + again + ", last_hash = '" + hash + "' WHERE part = " + part);
      expect(lab, pool, null, null, 0);
      expect(lab, pool, checkpoint, "TRUNCATED", anchored);
    }
  }

  @Test
  void theAnchoringChecksWhatFollowsTheCheckpointInEveryPartition() throws Exception {
    try (ChainLab lab = base.copy()) {
      ChainWalk walk = new AuditChainCheck(TestPlatform.app().vertx(), lab.pool(2), ChainSurgeon.KEYS).walk();
      ChainWalk.Result since = walk.since(checkpoint).await();
      assertThat(since.valid()).as(String.valueOf(since.finding())).isTrue();
      // One record per connection was appended after the checkpoint: only those are checked.
      assertThat(since.checked()).isEqualTo(10);
      lab.attack("UPDATE audit_log SET outcome = 'DENIED' WHERE seq = " + head);
      assertThat(walk.since(checkpoint).await().brokenAt()).isEqualTo(head);
      lab.attack("UPDATE audit_log SET outcome = 'OK' WHERE seq = " + head + "; DELETE FROM audit_log WHERE part = " + part
          + " AND seq > " + middle + "; UPDATE audit_chain_head SET (last_seq, last_hash) = (SELECT seq, hash FROM"
          + " audit_log WHERE seq = " + middle + ") WHERE part = " + part);
      assertThat(walk.since(checkpoint).await().finding().code()).isEqualTo("TRUNCATED");
    }
  }

  private static void assertNamed(String attack, Checkpoint anchor, String code, long brokenAt) throws Exception {
    try (ChainLab lab = base.copy()) {
      Pool pool = lab.pool(2);
      expect(lab, pool, anchor, null, 0);
      lab.attack(attack);
      expect(lab, pool, anchor, code, brokenAt);
    }
  }

  /** The walk's verdict: valid when {@code code} is null. */
  private static void expect(ChainLab lab, Pool pool, Checkpoint anchor, String code, long brokenAt) {
    ChainWalk.Result result = new AuditChainCheck(TestPlatform.app().vertx(), pool, ChainSurgeon.KEYS)
        .run(anchor, anchor == null ? null : "request").await();
    JsonObject answer = result.toJson(null);
    if (code == null) {
      assertThat(result.valid()).as(answer.encode()).isTrue();
    } else {
      assertThat(answer.getString("code")).as(answer.encode()).isEqualTo(code);
      assertThat(answer.getLong("brokenAt")).as(answer.encode()).isEqualTo(brokenAt);
    }
  }
}
