package hpf.sources.evidence;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database superuser attacks the evidence chain of the running platform (even holding the field key) and the
 * auditor's verification over HTTP names it: a record edited and re-hashed with plain SM3, the head moved along, is
 * REHASHED; a tail cut off with the head moved back is TRUNCATED against the newest signed checkpoint.
 */
@ExtendWith(VertxExtension.class)
class EvidenceChainAttackTest {

  private WebClient client;
  private ContractCheck contract;
  private EvidenceLog log;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.ADMIN);
    log = new EvidenceLog(TestPlatform.app().vertx(), TestPlatform.app().pool(), EvidenceSurgeon.FIELDS,
        EvidenceSurgeon.SECURITY.platformKeys(), EvidenceSurgeon.KEYS);
  }

  @Test
  void aRecordEditedAndReHashedWithPlainSm3IsNamedRehashed() throws Exception {
    recordSome();
    checkpoint();
    AtomicLong edited = new AtomicLong();
    AtomicReference<Object> answer = new AtomicReference<>();
    EvidenceSurgeon.operate(conn -> {
      long k = EvidenceSurgeon.beforeLast(conn);
      edited.set(k);
      EvidenceSurgeon.rehash(conn, k, false, content -> {
        if (((Number) content.get("seq")).longValue() == k) {
          answer.set(content.get("answer"));
          content.put("answer", Map.of("married", true));
        }
      });
    });
    try {
      JsonObject verdict = verify(null);
      assertThat(verdict.getBoolean("valid")).isFalse();
      assertThat(verdict.getString("code")).isEqualTo("REHASHED");
      assertThat(verdict.getLong("brokenAt")).isEqualTo(edited.get());
      assertThat(verdict.getString("evidenceId")).isNotNull();
    } finally {
      EvidenceSurgeon.operate(conn -> EvidenceSurgeon.rehash(conn, edited.get(), true, content -> {
        if (((Number) content.get("seq")).longValue() == edited.get()) {
          content.put("answer", answer.get());
        }
      }));
    }
    assertThat(verify(null).getBoolean("valid")).isTrue();
  }

  @Test
  void aTailCutOffWithTheHeadMovedBackIsNamedTruncatedAgainstTheNewestCheckpoint() throws Exception {
    recordSome();
    JsonObject kept = checkpoint();
    long anchored = kept.getJsonObject("content").getLong("seq");
    AtomicReference<List<Row>> cut = new AtomicReference<>();
    EvidenceSurgeon.operate(conn -> cut.set(EvidenceSurgeon.truncate(conn, anchored - 2)));
    try {
      JsonObject verdict = verify(null);
      assertThat(verdict.getBoolean("valid")).as(verdict.encode()).isFalse();
      assertThat(verdict.getString("code")).isEqualTo("TRUNCATED");
      assertThat(verdict.getJsonObject("anchor").getString("source")).isEqualTo("platform");
      JsonObject againstKept = verify(Base64.getEncoder().encodeToString(kept.encode().getBytes(StandardCharsets.UTF_8)));
      assertThat(againstKept.getString("code")).isEqualTo("TRUNCATED");
      assertThat(againstKept.getJsonObject("anchor").getString("source")).isEqualTo("request");
    } finally {
      EvidenceSurgeon.operate(conn -> EvidenceSurgeon.restore(conn, anchored - 2, cut.get()));
    }
    assertThat(verify(null).getBoolean("valid")).isTrue();
  }

  private void recordSome() {
    String businessRef = "withdrawal:T" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      log.record(new Evidence("local.marriage", new JsonObject().put("personId", "P00000001"),
          new JsonObject().put("married", false), businessRef, "P00000001")).await();
    }
  }

  /** Anchors both chains now; answers the evidence chain's signed checkpoint. */
  private JsonObject checkpoint() throws Exception {
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/v1/audit-chain/checkpoints").send().await(60, TimeUnit.SECONDS);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject evidence = created.bodyAsJsonObject().getJsonArray("items").getJsonObject(1);
    assertThat(evidence.getJsonObject("content").getString("chain")).isEqualTo("evidence");
    return evidence;
  }

  private JsonObject verify(String checkpoint) throws Exception {
    HttpRequest<Buffer> request = admin(HttpMethod.GET, "/v1/evidence-chain/verification");
    if (checkpoint != null) {
      request.addQueryParam("checkpoint", checkpoint);
    }
    HttpResponse<Buffer> answer = request.send().await(60, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    contract.conforms("verifyEvidenceChain", answer);
    return answer.bodyAsJsonObject();
  }

  private HttpRequest<Buffer> admin(HttpMethod method, String uri) {
    return client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.AUDITOR));
  }
}
