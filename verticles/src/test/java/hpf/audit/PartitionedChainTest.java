package hpf.audit;

import hpf.boot.Database;
import hpf.boot.HpfApplication;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partitioned audit chain: open transactions on connections of different partitions all append before any of
 * them commits (none waits for another's head), and the single chain written before the migration stays verifiable,
 * also against a checkpoint signed before it, as partition 0's history.
 */
class PartitionedChainTest {

  private final Vertx vertx = TestPlatform.app().vertx();

  @Test
  void openTransactionsOnDifferentPartitionsAllAppendBeforeAnyCommits() throws Exception {
    try (ChainLab lab = ChainLab.at("latest")) {
      Pool pool = lab.pool(2);
      AuditLog log = new AuditLog(pool, ChainSurgeon.KEYS);
      List<SqlConnection> connections = lab.connections(8);
      List<SqlConnection> distinct = new ArrayList<>();
      Set<Integer> partitions = new HashSet<>();
      for (SqlConnection conn : connections) {
        if (partitions.add(ChainLab.partition(conn))) {
          distinct.add(conn);
        }
      }
      try {
        assertThat(distinct).hasSizeGreaterThanOrEqualTo(2);
        List<Transaction> open = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (SqlConnection conn : distinct) {
          open.add(conn.begin().await());
          // Every earlier transaction still holds its partition's head: this append must not wait for any of them
          // (a wait would never end, as nothing commits before all appended).
          seqs.add(log.append(conn, new AuditEntry("tester", "OPERATOR", "admin", "concurrentAppend", "t", "OK",
              "req-" + seqs.size(), Map.of())).await(10, TimeUnit.SECONDS));
        }
        for (int i = open.size() - 1; i >= 0; i--) {
          open.get(i).commit().await();
        }
        Set<Integer> written = new HashSet<>();
        pool.preparedQuery("SELECT part FROM audit_log WHERE seq = ANY($1)").execute(Tuple.of(seqs.toArray(Long[]::new)))
            .await().forEach(row -> written.add(row.getInteger(0)));
        assertThat(written).isEqualTo(partitions);
        ChainWalk.Result walked = new AuditChainCheck(vertx, pool, ChainSurgeon.KEYS).run(null, null).await();
        assertThat(walked.valid()).as(String.valueOf(walked.finding())).isTrue();
        assertThat(walked.checked()).isEqualTo(distinct.size());
        assertThat(walked.headSeq()).isEqualTo(seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
      } finally {
        connections.forEach(conn -> conn.close().await());
      }
    }
  }

  @Test
  void theAuditorsVerificationAndCheckpointsCoverEveryPartition() throws Exception {
    HpfApplication app = TestPlatform.app();
    AuditLog log = new AuditLog(app.pool(), ChainSurgeon.KEYS);
    Set<Integer> partitions = new HashSet<>();
    long last = 0;
    for (int i = 0; i < 4; i++) {
      Pool one = Database.pool(vertx, app.database(), 1);
      try {
        SqlConnection conn = one.getConnection().await();
        partitions.add(ChainLab.partition(conn));
        last = Math.max(last, ChainLab.append(conn, log, 1).get(0));
        conn.close().await();
      } finally {
        one.close().await();
      }
    }
    assertThat(partitions).hasSizeGreaterThanOrEqualTo(2);
    WebClient client = WebClient.create(vertx);
    ContractCheck contract = new ContractCheck(vertx, Zone.ADMIN);
    HttpResponse<Buffer> created = client.post(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/audit-chain/checkpoints")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.AUDITOR)).send()
        .await(60, TimeUnit.SECONDS);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    contract.conforms("createChainCheckpoints", created);
    Checkpoint signed = Checkpoint.of((Map<?, ?>) hpf.crypto.CanonicalJson.parse(created.bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0).getJsonObject("content").encode()));
    assertThat(signed.parts()).hasSize(16);
    assertThat(signed.seq()).isGreaterThanOrEqualTo(last);
    HttpResponse<Buffer> answer = client.get(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/audit-log/verification")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.AUDITOR)).send()
        .await(60, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(200);
    contract.conforms("verifyAuditChain", answer);
    JsonObject verdict = answer.bodyAsJsonObject();
    assertThat(verdict.getBoolean("valid")).as(verdict.encode()).isTrue();
    assertThat(verdict.getLong("headSeq")).isGreaterThanOrEqualTo(signed.seq());
    assertThat(verdict.getJsonObject("anchor").getLong("seq")).isGreaterThanOrEqualTo(signed.seq());
    assertThat(verdict.getJsonObject("anchor").getString("source")).isEqualTo("platform");
  }

  @Test
  void theSingleChainWrittenBeforeTheMigrationIsPartitionZerosHistory() throws Exception {
    try (ChainLab lab = ChainLab.at("50")) {
      String lastHash = ChainLab.singleChain(lab.pool(2), 3);
      // A checkpoint as the platform signed it before partitioning: one head, no parts.
      Checkpoint before = new Checkpoint("audit", 3, lastHash, 1, Instant.parse("2026-12-01T00:00:00Z"));
      lab.closePools();
      lab.migrate();
      Pool pool = lab.pool(2);
      AuditChainCheck check = new AuditChainCheck(vertx, pool, ChainSurgeon.KEYS);
      ChainWalk.Result migrated = check.run(before, "request").await();
      assertThat(migrated.valid()).as(String.valueOf(migrated.finding())).isTrue();
      assertThat(migrated.checked()).isEqualTo(3);
      assertThat(migrated.headSeq()).isEqualTo(3);
      assertThat(migrated.heads().parts()).hasSize(16);
      assertThat(migrated.heads().head(0)).isEqualTo(new Checkpoint.Part(0, 3, lastHash));

      AuditLog log = new AuditLog(pool, ChainSurgeon.KEYS);
      List<SqlConnection> connections = lab.connections(4);
      connections.forEach(conn -> ChainLab.append(conn, log, 2));
      connections.forEach(conn -> conn.close().await());
      ChainWalk.Result grown = check.run(before, "request").await();
      assertThat(grown.valid()).as(String.valueOf(grown.finding())).isTrue();
      assertThat(grown.checked()).isEqualTo(11);
      assertThat(grown.headSeq()).isEqualTo(11);

      // The checkpoint of today's heads names every partition and reads back from its signed content.
      Checkpoint now = grown.heads().checkpoint(AuditChainCheck.TABLE, Instant.parse("2026-12-02T00:00:00Z"));
      assertThat(Checkpoint.of(now.content())).isEqualTo(now);
      assertThat(now.seq()).isEqualTo(11);
      assertThat(check.run(now, "request").await().valid()).isTrue();

      // Partition 0 cut back below the old checkpoint (head moved along): the old checkpoint names it.
      Row first = pool.query("SELECT hash FROM audit_log WHERE seq = 1").execute().await().iterator().next();
      lab.attack("DELETE FROM audit_log WHERE part = 0 AND seq >= 2; UPDATE audit_chain_head SET last_seq = 1,"
          + " last_hash = '" + first.getString(0) + "' WHERE part = 0");
      ChainWalk.Result cut = check.run(before, "request").await();
      assertThat(cut.valid()).isFalse();
      assertThat(cut.finding().code()).isEqualTo("TRUNCATED");
      assertThat(check.run(now, "request").await().finding().code()).isEqualTo("TRUNCATED");
    }
  }
}
