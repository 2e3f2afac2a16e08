package hpf.sources.evidence;

import hpf.audit.ChainKeys;
import hpf.boot.HpfConfig;
import hpf.boot.SecurityConfig;
import hpf.boot.Superuser;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.crypto.CanonicalJson;
import hpf.crypto.FieldCipher;
import hpf.crypto.Sm3;
import hpf.kit.Settings;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Evidence against PostgreSQL and over HTTP: records are kept encrypted, signed and chained (concurrent appends
 * included), staff fetch them as signed documents anyone can verify and check them one by one, operators check the
 * whole chain; the table refuses changes, and a record changed around the guard is named.
 */
@ExtendWith(VertxExtension.class)
class EvidenceTest {

  private Vertx vertx;
  private WebClient client;
  private SignedCalls calls;
  private FieldCipher fields;
  private EvidenceLog log;

  private byte[] chainKey;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    // The running platform's keys: the test platform runs with the documented sandbox defaults.
    SecurityConfig security = HpfConfig.from(Settings.of(TestPlatform.overrides(Files.createTempDirectory("hpf-ev-"))))
        .security();
    fields = new FieldCipher(security.fieldKeys(), security.blindIndexKey());
    chainKey = security.chains().keys().current();
    log = new EvidenceLog(TestPlatform.app().vertx(), TestPlatform.app().pool(), fields, security.platformKeys(),
        new ChainKeys(security.chains().keys()));
  }

  @Test
  void recordsAreSignedChainedEncryptedAndVerifiableByStaffAndAnyone() throws Exception {
    Pool pool = TestPlatform.app().pool();
    String businessRef = "withdrawal:T" + UUID.randomUUID();
    String idNumber = DemoPeople.person("P00000002").idNumber();
    JsonObject query = new JsonObject().put("idNumber", idNumber).put("query", "lease_filing");
    JsonObject answer = new JsonObject().put("filingNo", "ZL2026-0001").put("area", new BigDecimal("89.50"))
        .put("rent", "2300.00").put("rooms", 2).put("lessor", new JsonObject().put("name", "出租人"))
        .put("flags", new JsonArray().add(true).add("x"));
    String first = pool.withTransaction(conn -> log.record(conn, new Evidence("national.lease_filing", query, answer,
        businessRef, "P00000002"))).await(10, TimeUnit.SECONDS);
    // No answer came (e.g. a timeout): that is kept too; outside a transaction the log opens its own.
    String second = log.record(new Evidence("national.loan_info", query, null, businessRef, "P00000002"))
        .await(10, TimeUnit.SECONDS);

    // At rest: encrypted (the ID number is nowhere in clear), chained to the record before.
    List<Row> rows = rows("SELECT * FROM evidence_record WHERE business_ref = $1 ORDER BY seq", businessRef);
    assertThat(rows).hasSize(2);
    rows.forEach(row -> assertThat(row.toJson().encode()).doesNotContain(idNumber));
    assertThat(rows.get(1).getString("prev_digest")).isEqualTo(rows.get(0).getString("digest"));
    String canonical = fields.decrypt(EvidenceLog.FIELD, first, rows.get(0).getString("content_enc"));
    // The digest is keyed with the chain key (HMAC-SM3), which the database does not hold.
    assertThat(Sm3.hmacHex(chainKey, canonical)).isEqualTo(rows.get(0).getString("digest"));
    assertThat(canonical).contains("\"area\":89.50", "\"businessRef\":\"" + businessRef + "\"");

    // Staff (an auditor) fetch it as a signed document, audited; the document verifies at the public endpoint.
    String auditor = calls.staffToken("auditor.qian");
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    HttpResponse<Buffer> fetched = get(auditor, "/v1/evidence/" + first);
    assertThat(fetched.statusCode()).as(fetched.bodyAsString()).isEqualTo(200);
    contract.conforms("getEvidence", fetched);
    assertThat(fetched.bodyAsString()).contains(canonical);
    JsonObject document = fetched.bodyAsJsonObject().getJsonObject("document");
    assertThat(document.getJsonObject("content").getJsonObject("query").getString("idNumber")).isEqualTo(idNumber);
    HttpResponse<Buffer> publicCheck = client.post(TestPlatform.port(Zone.PUBLIC), "127.0.0.1",
            "/v1/certificates/verification").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(fetched.bodyAsString().substring(fetched.bodyAsString().indexOf("\"document\":") + 11,
            fetched.bodyAsString().length() - 1))).await(10, TimeUnit.SECONDS);
    assertThat(publicCheck.bodyAsJsonObject().getBoolean("valid")).as(publicCheck.bodyAsString()).isTrue();
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'getEvidence' AND target = $1",
        "evidence:" + first)).isEqualTo(1);

    HttpResponse<Buffer> listed = get(auditor, "/v1/evidence?businessRef=" + businessRef);
    contract.conforms("listEvidence", listed);
    assertThat(listed.bodyAsJsonObject().getLong("total")).isEqualTo(2);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items").getJsonObject(1).getString("evidenceId")).isEqualTo(second);

    HttpResponse<Buffer> verified = get(auditor, "/v1/evidence/" + second + "/verification");
    contract.conforms("verifyEvidence", verified);
    assertThat(verified.bodyAsJsonObject().getMap()).containsEntry("valid", true).containsEntry("digestValid", true)
        .containsEntry("signatureValid", true).containsEntry("linkValid", true);
    assertThat(get(auditor, "/v1/evidence/" + UUID.randomUUID()).bodyAsJsonObject().getString("code"))
        .isEqualTo("EVIDENCE_NOT_FOUND");

    // Members never read evidence, not even about themselves.
    String member = memberToken("P00000002");
    assertThat(calls.request("demo-mobile", HttpMethod.GET, "/v1/evidence/" + first, null, System.currentTimeMillis())
        .bearerTokenAuthentication(member).send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
    assertBooksReconcile();
  }

  @Test
  void concurrentAppendsFormOneChain() throws Exception {
    String businessRef = "loan:T" + UUID.randomUUID();
    List<Future<String>> appends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      appends.add(log.record(new Evidence("national.loan_count", new JsonObject().put("n", i),
          new JsonObject().put("total", i), businessRef, null)));
    }
    Future.all(appends).await(30, TimeUnit.SECONDS);
    List<Row> rows = rows("SELECT * FROM evidence_record WHERE business_ref = $1 ORDER BY seq", businessRef);
    assertThat(rows).hasSize(20);
    assertThat(new HashSet<>(rows.stream().map(r -> r.getString("prev_digest")).toList())).hasSize(20);
    JsonObject chain = verifyChain();
    assertThat(chain.getBoolean("valid")).as(chain.encode()).isTrue();
    assertThat(chain.getLong("checked")).isGreaterThanOrEqualTo(20);
  }

  @Test
  void theTableRefusesChangesAndARecordChangedAroundTheGuardIsNamed() throws Exception {
    Pool pool = TestPlatform.app().pool();
    String businessRef = "withdrawal:T" + UUID.randomUUID();
    String target = log.record(new Evidence("local.marriage", new JsonObject().put("personId", "P00000001"),
        new JsonObject().put("married", false), businessRef, "P00000001")).await(10, TimeUnit.SECONDS);
    log.record(new Evidence("local.marriage", new JsonObject().put("personId", "P00000001"),
        new JsonObject().put("married", false), businessRef, "P00000001")).await(10, TimeUnit.SECONDS);
    Row original = rows("SELECT * FROM evidence_record WHERE evidence_id = $1::uuid", target).get(0);
    long seq = original.getLong("seq");

    // The application's own paths cannot change, remove or truncate a record.
    assertThatThrownBy(() -> pool.preparedQuery("UPDATE evidence_record SET business_ref = 'x' WHERE seq = $1")
        .execute(Tuple.of(seq)).await(10, TimeUnit.SECONDS)).hasMessageContaining("append-only");
    assertThatThrownBy(() -> pool.preparedQuery("DELETE FROM evidence_record WHERE seq = $1")
        .execute(Tuple.of(seq)).await(10, TimeUnit.SECONDS)).hasMessageContaining("append-only");
    // TRUNCATE: the runtime role has no right to it; the owner meets the statement trigger.
    assertThatThrownBy(() -> pool.query("TRUNCATE evidence_record").execute().await(10, TimeUnit.SECONDS))
        .hasMessageContaining("permission denied");
    assertThatThrownBy(() -> Superuser.pool().query("TRUNCATE evidence_record").execute().await(10, TimeUnit.SECONDS))
        .hasMessageContaining("append-only");

    // Content replaced with a well-encrypted other answer (the guard lets content_enc change, for key rotation):
    // the digest no longer matches.
    String canonical = fields.decrypt(EvidenceLog.FIELD, target, original.getString("content_enc"));
    Map<String, Object> changed = new java.util.LinkedHashMap<>();
    ((Map<?, ?>) CanonicalJson.parse(canonical)).forEach((k, v) -> changed.put((String) k, v));
    changed.put("answer", Map.of("married", true));
    String forged = CanonicalJson.write(changed);
    tamper(seq, fields.encrypt(EvidenceLog.FIELD, target, forged), original.getString("digest"));
    try {
      JsonObject verdict = verifyOne(target);
      assertThat(verdict.getBoolean("valid")).isFalse();
      assertThat(verdict.getBoolean("digestValid")).isFalse();
      assertThat(verdict.getString("problem")).isEqualTo("record " + seq + " was changed after it was written");
      JsonObject chain = verifyChain();
      assertThat(chain.getBoolean("valid")).isFalse();
      assertThat(chain.getLong("brokenAt")).isEqualTo(seq);
      assertThat(chain.getString("evidenceId")).isEqualTo(target);

      // A superuser who also recomputes the digest has no chain key (and cannot sign): named as re-hashed.
      tamper(seq, fields.encrypt(EvidenceLog.FIELD, target, forged), Sm3.digestHex(forged));
      verdict = verifyOne(target);
      assertThat(verdict.getBoolean("digestValid")).isFalse();
      assertThat(verdict.getBoolean("signatureValid")).isFalse();
      assertThat(verifyChain().getLong("brokenAt")).isEqualTo(seq);
      assertThat(verifyChain().getString("code")).isEqualTo("REHASHED");
    } finally {
      tamper(seq, original.getString("content_enc"), original.getString("digest"));
    }
    assertThat(verifyOne(target).getBoolean("valid")).isTrue();
    assertThat(verifyChain().getBoolean("valid")).isTrue();
  }

  /** Changes a record as a superuser would: around the append-only guard. */
  private void tamper(long seq, String contentEnc, String digest) throws Exception {
    Superuser.pool().withTransaction(conn -> conn.query(
            "ALTER TABLE evidence_record DISABLE TRIGGER evidence_record_no_update").execute()
        .compose(v -> conn.preparedQuery("UPDATE evidence_record SET content_enc = $2, digest = $3 WHERE seq = $1")
            .execute(Tuple.of(seq, contentEnc, digest)))
        .compose(v -> conn.query("ALTER TABLE evidence_record ENABLE TRIGGER evidence_record_no_update").execute()))
        .await(10, TimeUnit.SECONDS);
  }

  private JsonObject verifyOne(String evidenceId) throws Exception {
    HttpResponse<Buffer> answer = get(calls.staffToken("reviewer.zhao"), "/v1/evidence/" + evidenceId + "/verification");
    new ContractCheck(vertx, Zone.PUBLIC).conforms("verifyEvidence", answer);
    return answer.bodyAsJsonObject();
  }

  private JsonObject verifyChain() throws Exception {
    HttpResponse<Buffer> answer = client.request(HttpMethod.GET, TestPlatform.port(Zone.ADMIN), "127.0.0.1",
            "/v1/evidence-chain/verification").putHeader("Authorization", TestOperators.authorization(TestOperators.AUDITOR)).send()
        .await(60, TimeUnit.SECONDS);
    new ContractCheck(vertx, Zone.ADMIN).conforms("verifyEvidenceChain", answer);
    return answer.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> get(String token, String uri) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }

  private String memberToken(String personId) throws Exception {
    String ticket = client.post(TestPlatform.app().sandboxPort(), "127.0.0.1", "/idp/tickets")
        .sendJsonObject(new JsonObject().put("idNumber", DemoPeople.person(personId).idNumber()))
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("ticket");
    return calls.send("demo-mobile", HttpMethod.POST, "/v1/sessions", new JsonObject()
        .put("method", "IDENTITY_TICKET").put("ticket", ticket).toBuffer(), System.currentTimeMillis())
        .bodyAsJsonObject().getString("accessToken");
  }

  private static List<Row> rows(String sql, Object... parameters) throws Exception {
    List<Row> rows = new ArrayList<>();
    TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(parameters)).await(10, TimeUnit.SECONDS)
        .forEach(rows::add);
    return rows;
  }

  private static long count(String sql, Object... parameters) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(parameters))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  private static void assertBooksReconcile() throws Exception {
    assertThat(new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS).differences()).isEmpty();
  }
}
