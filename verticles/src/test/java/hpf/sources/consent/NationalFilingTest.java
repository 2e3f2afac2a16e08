package hpf.sources.consent;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import hpf.ledger.Reconciliation;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consent naming national queries is filed with the national platform (query 15) through the guard: FILED with the
 * platform's id kept in the evidence record, or, when the platform is isolated, PENDING while the local grant still
 * succeeds; service staff list what the platform holds (query 17), refused at once while that query is isolated.
 */
@ExtendWith(VertxExtension.class)
class NationalFilingTest {

  private static final String REQUEST = "national.authorization_request";
  private static final String LIST = "national.authorization_list";

  private WebClient client;
  private SignedCalls calls;
  private ContractCheck contract;
  private String counter;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    contract = new ContractCheck(vertx, Zone.PUBLIC);
    counter = calls.staffToken("counter.li");
  }

  @Test
  void aGrantWithNationalScopesIsFiledAndStaffSeeItOnThePlatform() throws Exception {
    String personId = newMember();
    String key = "nf-" + UUID.randomUUID();
    JsonObject grant = grant("national.lease_filing", "collab.marriage");
    HttpResponse<Buffer> granted = send(counter, HttpMethod.POST, "/v1/members/" + personId + "/consents", grant, key);
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(201);
    contract.conforms("grantConsent", granted);
    JsonObject filing = granted.bodyAsJsonObject().getJsonObject("nationalFiling");
    assertThat(filing.getString("status")).isEqualTo("FILED");
    String authorizationId = filing.getString("authorizationId");
    assertThat(authorizationId).startsWith("SQ");
    String consentId = granted.bodyAsJsonObject().getString("consentId");
    // The evidence record of the filing, on the consent's business reference, holds the national id.
    assertThat(count("SELECT count(*) FROM evidence_record WHERE business_ref = $1 AND dependency = $2 AND evidence_id = $3",
        "consent:" + consentId, REQUEST, UUID.fromString(filing.getString("evidenceId")))).isEqualTo(1);
    // A replay repeats the answer and files nothing again.
    HttpResponse<Buffer> replayed = send(counter, HttpMethod.POST, "/v1/members/" + personId + "/consents", grant, key);
    assertThat(replayed.bodyAsJsonObject()).isEqualTo(granted.bodyAsJsonObject());
    assertThat(count("SELECT count(*) FROM evidence_record WHERE business_ref = $1", "consent:" + consentId)).isEqualTo(1);

    HttpResponse<Buffer> listed = send(counter, HttpMethod.GET, "/v1/members/" + personId
        + "/national-authorizations?size=300", null, null);
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    contract.conforms("listNationalAuthorizations", listed);
    assertThat(listed.bodyAsJsonObject().getInteger("total")).isEqualTo(1);
    JsonObject item = listed.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("authorizationId")).isEqualTo(authorizationId);
    assertThat(item.getString("consentId")).isEqualTo(consentId);
    // Only the national scopes are filed nationally.
    assertThat(item.getJsonArray("scopes")).containsExactly("national.lease_filing");
    assertThat(send(counter, HttpMethod.GET, "/v1/members/" + personId + "/national-authorizations?size=301", null, null)
        .statusCode()).isEqualTo(400);

    // Local scopes only: nothing to file.
    HttpResponse<Buffer> local = send(counter, HttpMethod.POST, "/v1/members/" + personId + "/consents",
        grant("collab.marriage"), "nf-" + UUID.randomUUID());
    assertThat(local.statusCode()).isEqualTo(201);
    assertThat(local.bodyAsJsonObject().containsKey("nationalFiling")).isFalse();
    assertBooksReconcile();
  }

  @Test
  void anIsolatedPlatformLeavesTheFilingPendingAndTheGrantInForce() throws Exception {
    String personId = newMember();
    isolate(REQUEST);
    JsonObject granted;
    try {
      HttpResponse<Buffer> answer = send(counter, HttpMethod.POST, "/v1/members/" + personId + "/consents",
          grant("national.lease_filing"), "nf-" + UUID.randomUUID());
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
      contract.conforms("grantConsent", answer);
      granted = answer.bodyAsJsonObject();
    } finally {
      lift(REQUEST);
    }
    assertThat(granted.getString("status")).isEqualTo("ACTIVE");
    JsonObject filing = granted.getJsonObject("nationalFiling");
    assertThat(filing.getString("status")).isEqualTo("PENDING");
    assertThat(filing.containsKey("authorizationId")).isFalse();
    assertThat(filing.getString("detail")).contains("本地授权已生效");
    assertThat(count("SELECT count(*) FROM evidence_record WHERE business_ref = $1 AND dependency = $2",
        "consent:" + granted.getString("consentId"), REQUEST)).isEqualTo(1);
    // The local consent is what queries are checked against.
    new Consents().require(TestPlatform.app().pool(), personId, "WITHDRAWAL_RENT", "national.lease_filing", null)
        .await(10, TimeUnit.SECONDS);
    // The platform holds nothing for the person; and while its list is isolated, staff are told so at once.
    HttpResponse<Buffer> listed = send(counter, HttpMethod.GET, "/v1/members/" + personId + "/national-authorizations",
        null, null);
    assertThat(listed.bodyAsJsonObject().getInteger("total")).isZero();
    isolate(LIST);
    try {
      HttpResponse<Buffer> refused = send(counter, HttpMethod.GET, "/v1/members/" + personId
          + "/national-authorizations", null, null);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.getHeader("content-type")).startsWith("application/problem+json");
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("DEPENDENCY_ISOLATED");
    } finally {
      lift(LIST);
    }
    assertBooksReconcile();
  }

  @Test
  void membersDoNotListThePlatformsAuthorizations() throws Exception {
    String personId = newMember();
    String reviewer = calls.staffToken("reviewer.zhao");
    assertThat(send(reviewer, HttpMethod.GET, "/v1/members/" + personId + "/national-authorizations", null, null)
        .statusCode()).isEqualTo(200);
    // Staff without a service role and members are refused; members see their own consents locally.
    String operator = calls.staffToken("ops.sun");
    assertThat(send(operator, HttpMethod.GET, "/v1/members/" + personId + "/national-authorizations", null, null)
        .statusCode()).isEqualTo(403);
    assertBooksReconcile();
  }

  // --- helpers ---

  private static JsonObject grant(String... scopes) {
    return new JsonObject().put("purpose", "WITHDRAWAL_RENT").put("scopes", new JsonArray(java.util.List.of(scopes)))
        .put("validUntil", Instant.now().plus(Duration.ofDays(90)).toString());
  }

  private void isolate(String dependency) throws Exception {
    HttpResponse<Buffer> isolated = admin(HttpMethod.POST, "/v1/dependencies/" + dependency + "/isolation",
        new JsonObject().put("reason", "测试：全国平台暂停调用"));
    assertThat(isolated.statusCode()).as(isolated.bodyAsString()).isEqualTo(200);
  }

  private void lift(String dependency) throws Exception {
    admin(HttpMethod.DELETE, "/v1/dependencies/" + dependency + "/isolation", new JsonObject().put("reason", "测试结束"));
  }

  private HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body) throws Exception {
    HttpRequest<Buffer> request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN));
    return request.sendJsonObject(body).await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> send(String token, HttpMethod method, String uri, JsonObject body, String key)
      throws Exception {
    Buffer payload = body == null ? null : body.toBuffer();
    var request = calls.request("demo-counter", method, uri, payload, System.currentTimeMillis())
        .bearerTokenAuthentication(token);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return (payload == null ? request.send() : request.sendBuffer(payload)).await(10, TimeUnit.SECONDS);
  }

  /** A new employer and member through the counter; answers the person id. */
  private String newMember() throws Exception {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    HttpResponse<Buffer> opened = send(counter, HttpMethod.POST, "/v1/employers", new JsonObject()
        .put("creditCode", first17 + Identifiers.creditCheckCharacter(first17)).put("name", "备案测试有限公司")
        .put("employerRatio", "0.12").put("memberRatio", "0.12"), "e-" + UUID.randomUUID());
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> added = send(counter, HttpMethod.POST, "/v1/employers/"
        + opened.bodyAsJsonObject().getString("employerId") + "/members", new JsonObject().put("name", "备案职工")
        .put("idNumber", TestIdentities.newIdNumber()).put("phone", "13911113333").put("monthlyWage", "5000.00"),
        "m-" + UUID.randomUUID());
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    return added.bodyAsJsonObject().getString("personId");
  }

  private static long count(String sql, Object... parameters) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(parameters))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  /** Consents touch no money: the books still balance after every scenario. */
  private static void assertBooksReconcile() throws Exception {
    assertThat(new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS).differences()).isEmpty();
  }
}
