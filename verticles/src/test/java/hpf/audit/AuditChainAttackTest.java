package hpf.audit;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.crypto.CanonicalJson;
import hpf.crypto.SignedDocument;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database superuser attacks the audit chain of the running platform and the auditor's verification over HTTP
 * names it: a record edited and re-hashed with plain SM3 (head moved along) is REHASHED; a tail cut off with the head
 * moved back is TRUNCATED against the newest signed checkpoint, the platform's and the one the auditor kept.
 */
@ExtendWith(VertxExtension.class)
class AuditChainAttackTest {

  private WebClient client;
  private ContractCheck contract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.ADMIN);
  }

  @Test
  void aRecordEditedAndReHashedWithPlainSm3IsNamedRehashed() throws Exception {
    appendSome();
    JsonObject kept = checkpoints().getJsonArray("items").getJsonObject(0);
    AtomicLong edited = new AtomicLong();
    ChainSurgeon.operate(conn -> {
      long k = ChainSurgeon.before(conn, ChainSurgeon.headSeq(conn));
      edited.set(k);
      conn.query("UPDATE audit_log SET outcome = 'DENIED' WHERE seq = " + k).execute().await();
      ChainSurgeon.rehash(conn, k, false);
    });
    try {
      JsonObject verdict = verify("/v1/audit-log/verification");
      assertThat(verdict.getBoolean("valid")).isFalse();
      assertThat(verdict.getString("code")).isEqualTo("REHASHED");
      assertThat(verdict.getLong("brokenAt")).isEqualTo(edited.get());
      JsonObject againstKept = verify("/v1/audit-log/verification?checkpoint=" + encoded(kept));
      assertThat(againstKept.getString("code")).isEqualTo("REHASHED");
      assertThat(againstKept.getJsonObject("anchor").getString("source")).isEqualTo("request");
    } finally {
      ChainSurgeon.operate(conn -> {
        conn.query("UPDATE audit_log SET outcome = 'OK' WHERE seq = " + edited.get()).execute().await();
        ChainSurgeon.rehash(conn, edited.get(), true);
      });
    }
    assertThat(verify("/v1/audit-log/verification").getBoolean("valid")).isTrue();
  }

  @Test
  void aTailCutOffWithTheHeadMovedBackIsNamedTruncatedAgainstTheNewestCheckpoint() throws Exception {
    appendSome();
    JsonObject kept = checkpoints().getJsonArray("items").getJsonObject(0);
    long anchored = kept.getJsonObject("content").getLong("seq");
    AtomicReference<List<Row>> cut = new AtomicReference<>();
    // The attacker also holds the head row: after the cut, the chain alone looks whole.
    ChainSurgeon.operate(conn -> cut.set(ChainSurgeon.truncate(conn, anchored - 2)));
    try {
      JsonObject verdict = verify("/v1/audit-log/verification");
      assertThat(verdict.getBoolean("valid")).as(verdict.encode()).isFalse();
      assertThat(verdict.getString("code")).isEqualTo("TRUNCATED");
      assertThat(verdict.getJsonObject("anchor").getString("source")).isEqualTo("platform");
      assertThat(verdict.getJsonObject("anchor").getLong("seq")).isGreaterThanOrEqualTo(anchored);
      JsonObject againstKept = verify("/v1/audit-log/verification?checkpoint=" + encoded(kept));
      assertThat(againstKept.getString("code")).isEqualTo("TRUNCATED");
      assertThat(againstKept.getJsonObject("anchor").getLong("seq")).isEqualTo(anchored);
      // Nor will the platform sign the cut chain as a newer checkpoint.
      HttpResponse<Buffer> refused = admin(HttpMethod.POST, "/v1/audit-chain/checkpoints").send().await(30, TimeUnit.SECONDS);
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("CHAIN_INVALID");
      contract.conforms("createChainCheckpoints", refused);
    } finally {
      ChainSurgeon.operate(conn -> ChainSurgeon.restore(conn, anchored - 2, cut.get()));
    }
    assertThat(verify("/v1/audit-log/verification").getBoolean("valid")).isTrue();
  }

  @Test
  void checkpointsAreSignedAndKeptOutsideTheDatabase() throws Exception {
    appendSome();
    checkpoints();
    HttpResponse<Buffer> latest = admin(HttpMethod.GET, "/v1/audit-chain/checkpoints/latest?chain=audit").send()
        .await(10, TimeUnit.SECONDS);
    assertThat(latest.statusCode()).isEqualTo(200);
    contract.conforms("getLatestChainCheckpoint", latest);
    Map<?, ?> document = (Map<?, ?>) CanonicalJson.parse(latest.bodyAsString());
    var platform = hpf.boot.HpfConfig.from(hpf.kit.Settings.of(Map.of())).security().platformKeys();
    assertThat(SignedDocument.verify(document, keyId -> platform.version(Integer.parseInt(keyId.split(":")[1]))
        .publicKey())).isTrue();
    // The same document in the data directory, and the head's sequence as a metric.
    Path file = TestPlatform.dataDir().resolve("chain-anchors").resolve("audit.json");
    long seq = ((Number) ((Map<?, ?>) document.get("content")).get("seq")).longValue();
    assertThat(((Map<?, ?>) ((Map<?, ?>) CanonicalJson.parse(Files.readString(file))).get("content")).get("seq"))
        .isEqualTo(seq);
    String metrics = client.get(TestPlatform.port(Zone.MANAGEMENT), "127.0.0.1", "/metrics").send()
        .await(10, TimeUnit.SECONDS).bodyAsString();
    assertThat(metrics).contains("hpf_audit_chain_head_sequence{chain=\"audit\"}",
        "hpf_audit_chain_head_sequence{chain=\"evidence\"}");
    // A checkpoint not signed by the platform is refused.
    String forged = latest.bodyAsString().replace("\"seq\":" + seq, "\"seq\":" + (seq + 1000));
    HttpResponse<Buffer> refused = admin(HttpMethod.GET, "/v1/audit-log/verification?checkpoint=" + encoded(forged))
        .send().await(60, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("CHECKPOINT_INVALID");
  }

  private static void appendSome() {
    AuditLog log = new AuditLog(TestPlatform.app().pool(), ChainSurgeon.KEYS);
    for (int i = 0; i < 3; i++) {
      log.append(new AuditEntry("auditor.test", "OPERATOR", "admin", "chainAttackTest", "record:" + i, "OK",
          "req-chain-" + i, Map.of("n", String.valueOf(i)))).await();
    }
  }

  private JsonObject checkpoints() throws Exception {
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/v1/audit-chain/checkpoints").send().await(60, TimeUnit.SECONDS);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    contract.conforms("createChainCheckpoints", created);
    return created.bodyAsJsonObject();
  }

  private JsonObject verify(String uri) throws Exception {
    HttpResponse<Buffer> answer = admin(HttpMethod.GET, uri).send().await(60, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    contract.conforms("verifyAuditChain", answer);
    return answer.bodyAsJsonObject();
  }

  private static String encoded(JsonObject document) {
    return encoded(document.encode());
  }

  private static String encoded(String document) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(document.getBytes(StandardCharsets.UTF_8));
  }

  private io.vertx.ext.web.client.HttpRequest<Buffer> admin(HttpMethod method, String uri) {
    return client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.AUDITOR));
  }
}
