package hpf.thirdparty;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live lookup of a member's deposits at every center, over HTTP against the sandbox's national platform: no
 * consent, no query; with consent the answer is the platform's and kept as evidence; an isolated platform is not
 * called and the caller hears so at once, with the service's name and when it is tried again; a broken answer is
 * told in business language.
 */
@ExtendWith(VertxExtension.class)
class NationalDepositInquiryTest {

  private static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");
  private static final String SOURCE = "national.deposit_overview";

  private WebClient client;
  private SignedCalls calls;
  private ContractCheck contract;
  private String counter;

  @BeforeEach
  void login(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    contract = new ContractCheck(vertx, Zone.PUBLIC);
    counter = calls.staffToken("counter.li");
  }

  @Test
  void aMembersDepositsElsewhereAreAskedOnlyWithConsentAndKeptAsEvidence() throws Exception {
    // Sequence digit b = 8: the sandbox's national platform knows an active account at the Beijing center.
    String personId = member(TestIdentities.newIdNumber(LocalDate.of(1988, 5, 17), true, 3, 8));
    String uri = "/v1/members/" + personId + "/national-deposits";

    HttpResponse<Buffer> refused = get(uri);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("CONSENT_REQUIRED");
    assertThat(evidenceOf(personId)).isZero();

    consent(personId);
    HttpResponse<Buffer> answered = get(uri);
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(200);
    contract.conforms("getNationalDeposits", answered);
    JsonObject deposits = answered.bodyAsJsonObject();
    assertThat(deposits.getJsonArray("centers")).hasSize(1);
    JsonObject beijing = deposits.getJsonArray("centers").getJsonObject(0);
    assertThat(beijing.getString("centerName")).isEqualTo("北京住房公积金管理中心");
    assertThat(beijing.getString("accountStatus")).isEqualTo("01");
    assertThat(evidenceOf(personId)).isEqualTo(1);
    HttpResponse<Buffer> kept = get("/v1/evidence/" + deposits.getString("evidenceId") + "/verification");
    assertThat(kept.statusCode()).as(kept.bodyAsString()).isEqualTo(200);
    assertThat(kept.bodyAsJsonObject().getBoolean("valid")).isTrue();
    // Staff looked at a person's data from a government source: that is in the audit log.
    assertThat(TestPlatform.app().pool().preparedQuery(
            "SELECT count(*) FROM audit_log WHERE operation = 'getNationalDeposits' AND target = $1")
        .execute(Tuple.of("person:" + personId)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0))
        .isEqualTo(1);
  }

  @Test
  void anIsolatedPlatformIsNotCalledAndTheCallerIsToldWhenItIsTriedAgain() throws Exception {
    String personId = member(TestIdentities.newIdNumber());
    consent(personId);
    String uri = "/v1/members/" + personId + "/national-deposits";
    String isolation = "/v1/dependencies/" + SOURCE + "/isolation";
    HttpResponse<Buffer> isolated = admin(HttpMethod.POST, isolation)
        .sendJsonObject(new JsonObject().put("reason", "测试：缴存总览查询隔离")).await(10, TimeUnit.SECONDS);
    assertThat(isolated.statusCode()).as(isolated.bodyAsString()).isIn(200, 201);
    try {
      HttpResponse<Buffer> failedFast = get(uri);
      assertThat(failedFast.statusCode()).isEqualTo(503);
      JsonObject problem = failedFast.bodyAsJsonObject();
      assertThat(problem.getString("code")).isEqualTo("DEPENDENCY_ISOLATED");
      assertThat(problem.getString("title")).contains("缴存总览查询");
      assertThat(problem.getString("detail")).contains("北京时间");
      // The suspension is 5 minutes by default: the caller is told to come back then, not sooner.
      assertThat(Long.parseLong(failedFast.getHeader("Retry-After"))).isBetween(200L, 300L);
      assertThat(evidenceOf(personId)).isZero();
    } finally {
      admin(HttpMethod.DELETE, isolation).sendJsonObject(new JsonObject().put("reason", "测试结束"))
          .await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBrokenAnswerIsToldInBusinessLanguageAndKeepsNothing() throws Exception {
    String personId = member(TestIdentities.newIdNumber());
    consent(personId);
    sandbox(HttpMethod.PUT, "/sandbox/faults/" + SOURCE, new JsonObject().put("malformed", true));
    try {
      HttpResponse<Buffer> broken = get("/v1/members/" + personId + "/national-deposits");
      assertThat(broken.statusCode()).isEqualTo(503);
      assertThat(broken.bodyAsJsonObject().getString("code")).isEqualTo("DEPENDENCY_UNAVAILABLE");
      assertThat(broken.bodyAsString()).doesNotContain("Exception").doesNotContain(SOURCE);
      assertThat(evidenceOf(personId)).isZero();
    } finally {
      sandbox(HttpMethod.DELETE, "/sandbox/faults/" + SOURCE, null);
    }
  }

  // --- helpers ---

  private HttpResponse<Buffer> get(String uri) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
    return calls.request("demo-counter", HttpMethod.POST, uri, body.toBuffer(), System.currentTimeMillis())
        .bearerTokenAuthentication(counter).putHeader("Idempotency-Key", "k-" + UUID.randomUUID())
        .sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
  }

  private io.vertx.ext.web.client.HttpRequest<Buffer> admin(HttpMethod method, String uri) {
    return client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .basicAuthentication("operator", "hpf-sandbox-operator").putHeader("Idempotency-Key", "o-" + UUID.randomUUID());
  }

  private void sandbox(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, TestPlatform.app().sandboxPort(), "127.0.0.1", uri);
    HttpResponse<Buffer> done = (body == null ? request.send() : request.sendJsonObject(body))
        .await(10, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.bodyAsString()).isLessThan(300);
  }

  /** A new employer with one member; answers the person id. */
  private String member(String idNumber) throws Exception {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    String employerId = post("/v1/employers", new JsonObject().put("creditCode", first17
            + Identifiers.creditCheckCharacter(first17)).put("name", "查询测试有限公司").put("employerRatio", "0.12")
        .put("memberRatio", "0.12")).bodyAsJsonObject().getString("employerId");
    HttpResponse<Buffer> added = post("/v1/employers/" + employerId + "/members", new JsonObject()
        .put("name", "查询职工").put("idNumber", idNumber).put("phone", "13900000000").put("monthlyWage", "5000.00"));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    return added.bodyAsJsonObject().getString("personId");
  }

  private void consent(String personId) throws Exception {
    HttpResponse<Buffer> granted = post("/v1/members/" + personId + "/consents", new JsonObject()
        .put("purpose", "DEPOSIT_INQUIRY").put("scopes", new JsonArray().add(SOURCE))
        .put("validUntil", OffsetDateTime.now(CENTER).plusMonths(1).toInstant().toString()));
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(201);
  }

  private static long evidenceOf(String personId) throws Exception {
    return TestPlatform.app().pool().preparedQuery("SELECT count(*) FROM evidence_record WHERE business_ref = $1")
        .execute(Tuple.of("deposit-inquiry:" + personId)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
