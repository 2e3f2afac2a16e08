package hpf.sources.consent;

import hpf.boot.Scenarios;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.TestIdentities;
import hpf.kit.ProblemException;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Consent over HTTP against PostgreSQL: a member grants, verifies, lists and revokes its own consents, counter staff
 * grant on its behalf; another member's consents are out of reach; replays change nothing; and the check every
 * data-source query passes ({@link Consents#require}) refuses without a consent in force: none, another purpose or
 * scope, expired (controllable clock), revoked.
 */
@ExtendWith(VertxExtension.class)
class ConsentTest {

  private static final String RENT = "WITHDRAWAL_RENT";
  private static final String LEASE = "national.lease_filing";

  private WebClient client;
  private SignedCalls calls;
  private ContractCheck contract;
  private String counter;
  private Scenarios scenarios;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    contract = new ContractCheck(vertx, Zone.PUBLIC);
    counter = calls.staffToken("counter.li");
    scenarios = new Scenarios(client, calls, counter);
  }

  @Test
  void aMemberGrantsVerifiesListsAndRevokesItsOwnConsentAndQueriesAreRefusedWithoutOne() throws Exception {
    // 李四, a seeded person the sandbox identity platform vouches for, logs in through the mobile app.
    String personId = "P00000002";
    String member = memberToken(DemoPeople.person(personId).idNumber());
    long before = count("SELECT count(*) FROM consent WHERE person_id = $1", personId);
    Instant until = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    JsonObject grant = new JsonObject().put("purpose", RENT)
        .put("scopes", new JsonArray().add(LEASE).add("national.loan_info")).put("validUntil", until.toString());

    // Before any consent: the query is refused before anything is sent.
    assertRefused(new Consents(), personId, RENT, LEASE);

    String key = "consent-" + UUID.randomUUID();
    HttpResponse<Buffer> granted = send("demo-mobile", member, HttpMethod.POST, "/v1/members/" + personId + "/consents",
        grant, key);
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(201);
    contract.conforms("grantConsent", granted);
    JsonObject consent = granted.bodyAsJsonObject();
    assertThat(consent.getString("status")).isEqualTo("ACTIVE");
    assertThat(consent.getString("channel")).isEqualTo("demo-mobile");
    assertThat(consent.getString("grantedBy")).isEqualTo("MEMBER");
    assertThat(consent.getString("validUntil")).isEqualTo(until.toString());
    String consentId = consent.getString("consentId");

    // A replay answers the first answer and writes nothing; the same key with another body is refused.
    HttpResponse<Buffer> replayed = send("demo-mobile", member, HttpMethod.POST, "/v1/members/" + personId + "/consents",
        grant, key);
    assertThat(replayed.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayed.bodyAsJsonObject()).isEqualTo(consent);
    HttpResponse<Buffer> conflict = send("demo-mobile", member, HttpMethod.POST, "/v1/members/" + personId + "/consents",
        grant.copy().put("purpose", "LOAN"), key);
    assertThat(conflict.bodyAsJsonObject().getString("code")).isEqualTo("IDEMPOTENCY_CONFLICT");
    assertThat(count("SELECT count(*) FROM consent WHERE person_id = $1", personId)).isEqualTo(before + 1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'grantConsent' AND details->>'consentId' = $1",
        consentId)).isEqualTo(1);

    // Verification (授权验证): covered purpose and scope only.
    HttpResponse<Buffer> valid = verify(member, personId, RENT, LEASE);
    contract.conforms("verifyConsent", valid);
    assertThat(valid.bodyAsJsonObject().getBoolean("valid")).isTrue();
    assertThat(valid.bodyAsJsonObject().getString("consentId")).isEqualTo(consentId);
    assertThat(verify(member, personId, RENT, "local.marriage").bodyAsJsonObject().getBoolean("valid")).isFalse();
    assertThat(verify(member, personId, "WITHDRAWAL_PURCHASE", LEASE).bodyAsJsonObject().getBoolean("valid")).isFalse();
    new Consents().require(TestPlatform.app().pool(), personId, RENT, LEASE, null).await(10, TimeUnit.SECONDS);
    new Consents().require(TestPlatform.app().pool(), personId, RENT, LEASE, "demo-mobile").await(10, TimeUnit.SECONDS);
    assertRefused(new Consents(), personId, RENT, LEASE, "demo-kiosk");
    assertRefused(new Consents(), personId, RENT, "local.marriage");
    assertRefused(new Consents(), personId, "LOAN", LEASE);
    // Expired: the same consent seen from a day after its end (controllable clock).
    assertRefused(new Consents(Clock.fixed(until.plus(Duration.ofDays(1)), ZoneOffset.UTC)), personId, RENT, LEASE);
    assertRefused(new Consents(Clock.fixed(until, ZoneOffset.UTC)), personId, RENT, LEASE);

    // Counter staff grant on the member's behalf, through the counter app.
    HttpResponse<Buffer> byCounter = send("demo-counter", counter, HttpMethod.POST, "/v1/members/" + personId + "/consents",
        new JsonObject().put("purpose", "LOAN").put("scopes", new JsonArray().add("national.loan_count"))
            .put("validUntil", until.toString()), "consent-" + UUID.randomUUID());
    assertThat(byCounter.statusCode()).as(byCounter.bodyAsString()).isEqualTo(201);
    assertThat(byCounter.bodyAsJsonObject().getString("grantedBy")).isEqualTo("STAFF");
    assertThat(byCounter.bodyAsJsonObject().getString("channel")).isEqualTo("demo-counter");

    // The list (授权列表): newest first, paged, at most 300 a page.
    HttpResponse<Buffer> listed = send("demo-mobile", member, HttpMethod.GET,
        "/v1/members/" + personId + "/consents?page=1&size=300", null, null);
    contract.conforms("listConsents", listed);
    assertThat(listed.bodyAsJsonObject().getLong("total")).isEqualTo(before + 2);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("purpose")).isEqualTo("LOAN");
    assertThat(send("demo-mobile", member, HttpMethod.GET, "/v1/members/" + personId + "/consents?size=301", null, null)
        .statusCode()).isEqualTo(400);
    HttpResponse<Buffer> secondPage = send("demo-mobile", member, HttpMethod.GET,
        "/v1/members/" + personId + "/consents?page=2&size=1", null, null);
    assertThat(secondPage.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("consentId"))
        .isEqualTo(consentId);

    // Revocation: idempotent, audited, and the query is refused from then on.
    String revokeKey = "revoke-" + UUID.randomUUID();
    String revocation = "/v1/members/" + personId + "/consents/" + consentId + "/revocation";
    HttpResponse<Buffer> revoked = send("demo-mobile", member, HttpMethod.POST, revocation, null, revokeKey);
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);
    contract.conforms("revokeConsent", revoked);
    assertThat(revoked.bodyAsJsonObject().getString("status")).isEqualTo("REVOKED");
    HttpResponse<Buffer> revokedAgain = send("demo-mobile", member, HttpMethod.POST, revocation, null, revokeKey);
    assertThat(revokedAgain.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(revokedAgain.bodyAsJsonObject()).isEqualTo(revoked.bodyAsJsonObject());
    HttpResponse<Buffer> ended = send("demo-mobile", member, HttpMethod.POST, revocation, null, "revoke-" + UUID.randomUUID());
    assertThat(ended.statusCode()).isEqualTo(409);
    assertThat(ended.bodyAsJsonObject().getString("code")).isEqualTo("CONSENT_ALREADY_ENDED");
    HttpResponse<Buffer> unknown = send("demo-mobile", member, HttpMethod.POST, "/v1/members/" + personId + "/consents/"
        + UUID.randomUUID() + "/revocation", null, "revoke-" + UUID.randomUUID());
    assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("CONSENT_NOT_FOUND");
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'revokeConsent' AND details->>'consentId' = $1",
        consentId)).isEqualTo(1);
    assertThat(verify(member, personId, RENT, LEASE).bodyAsJsonObject().getBoolean("valid")).isFalse();
    assertRefused(new Consents(), personId, RENT, LEASE);
    new Consents().require(TestPlatform.app().pool(), personId, "LOAN", "national.loan_count", null)
        .await(10, TimeUnit.SECONDS);
    assertBooksReconcile();
  }

  @Test
  void aMemberReachesOnlyItsOwnConsentsAndRefusedGrantsWriteNothing() throws Exception {
    // 王五 logs in; the other member is a new one added at the counter.
    String[] first = {null, "P00000003"};
    String member = memberToken(DemoPeople.person(first[1]).idNumber());
    String otherId = newMember()[1];
    long before = count("SELECT count(*) FROM consent WHERE person_id IN ($1, $2)", first[1], otherId);
    Instant until = Instant.now().plus(Duration.ofDays(30));
    JsonObject grant = new JsonObject().put("purpose", RENT).put("scopes", new JsonArray().add(LEASE))
        .put("validUntil", until.toString());

    assertThat(send("demo-mobile", member, HttpMethod.POST, "/v1/members/" + otherId + "/consents", grant,
        "c-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(send("demo-mobile", member, HttpMethod.GET, "/v1/members/" + otherId + "/consents", null, null)
        .statusCode()).isEqualTo(404);
    assertThat(verify(member, otherId, RENT, LEASE).statusCode()).isEqualTo(404);
    // A reviewer reads consents but does not grant them (counter staff do).
    String reviewer = calls.staffToken("reviewer.zhao");
    assertThat(send("demo-counter", reviewer, HttpMethod.POST, "/v1/members/" + otherId + "/consents", grant,
        "c-" + UUID.randomUUID()).statusCode()).isEqualTo(403);
    assertThat(send("demo-counter", reviewer, HttpMethod.GET, "/v1/members/" + otherId + "/consents", null, null)
        .statusCode()).isEqualTo(200);

    // Validity: not ended, not backdated, not beyond the policy's longest (12 months).
    for (JsonObject invalid : new JsonObject[] {
        grant.copy().put("validUntil", Instant.now().minus(Duration.ofHours(1)).toString()),
        grant.copy().put("validFrom", Instant.now().minus(Duration.ofDays(2)).toString()),
        grant.copy().put("validUntil", Instant.now().plus(Duration.ofDays(400)).toString())}) {
      HttpResponse<Buffer> refused = send("demo-mobile", member, HttpMethod.POST, "/v1/members/" + first[1] + "/consents",
          invalid, "c-" + UUID.randomUUID());
      assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("CONSENT_VALIDITY_INVALID");
      contract.conforms("grantConsent", refused);
    }
    HttpResponse<Buffer> unknownPurpose = send("demo-mobile", member, HttpMethod.POST, "/v1/members/" + first[1]
        + "/consents", grant.copy().put("purpose", "SHOPPING"), "c-" + UUID.randomUUID());
    assertThat(unknownPurpose.statusCode()).isEqualTo(400);
    assertThat(count("SELECT count(*) FROM consent WHERE person_id IN ($1, $2)", first[1], otherId)).isEqualTo(before);

    // A consent that starts tomorrow is listed as pending and does not count yet.
    HttpResponse<Buffer> pending = send("demo-mobile", member, HttpMethod.POST, "/v1/members/" + first[1] + "/consents",
        grant.copy().put("validFrom", Instant.now().plus(Duration.ofDays(1)).toString()), "c-" + UUID.randomUUID());
    assertThat(pending.bodyAsJsonObject().getString("status")).as(pending.bodyAsString()).isEqualTo("PENDING");
    assertRefused(new Consents(), first[1], RENT, LEASE);
    new Consents(Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC))
        .require(TestPlatform.app().pool(), first[1], RENT, LEASE, null).await(10, TimeUnit.SECONDS);
    assertBooksReconcile();
  }

  private static void assertRefused(Consents consents, String personId, String purpose, String scope) {
    assertRefused(consents, personId, purpose, scope, null);
  }

  private static void assertRefused(Consents consents, String personId, String purpose, String scope, String channel) {
    assertThatThrownBy(() -> consents.require(TestPlatform.app().pool(), personId, purpose, scope, channel)
        .await(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.problem().code()).isEqualTo("CONSENT_REQUIRED");
          assertThat(e.problem().status()).isEqualTo(403);
        });
  }

  private HttpResponse<Buffer> verify(String token, String personId, String purpose, String scope) throws Exception {
    return send("demo-mobile", token, HttpMethod.GET, "/v1/members/" + personId + "/consent-verification?purpose="
        + purpose + "&scope=" + scope, null, null);
  }

  private HttpResponse<Buffer> send(String app, String token, HttpMethod method, String uri, JsonObject body, String key)
      throws Exception {
    Buffer payload = body == null ? null : body.toBuffer();
    var request = calls.request(app, method, uri, payload, System.currentTimeMillis()).bearerTokenAuthentication(token);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return (payload == null ? request.send() : request.sendBuffer(payload)).await(10, TimeUnit.SECONDS);
  }

  /** A new employer and member through the counter; answers employer id, person id and ID number. */
  private String[] newMember() throws Exception {
    String employerId = scenarios.openEmployer("授权测试有限公司");
    String idNumber = TestIdentities.newIdNumber();
    String personId = scenarios.addMember(employerId, "授权职工", idNumber, "13911112222", "5000.00").getString("personId");
    return new String[] {employerId, personId, idNumber};
  }

  private String memberToken(String idNumber) throws Exception {
    return scenarios.memberToken(idNumber);
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
