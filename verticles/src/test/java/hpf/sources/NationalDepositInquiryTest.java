package hpf.sources;

import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.identity.TestIdentities;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live lookup of a member's deposits at every center, over HTTP against the sandbox's national platform: no
 * consent, no query; with consent the answer is the platform's and kept as evidence; an isolated platform is not
 * called and the caller hears so at once, with the service's name and when it is tried again; a broken answer is
 * told in business language.
 */
@ExtendWith(VertxExtension.class)
class NationalDepositInquiryTest {

  private static final String SOURCE = "national.deposit_overview";

  private SourceFixture f;
  private ContractCheck contract;

  @BeforeEach
  void login(Vertx vertx) throws Exception {
    f = new SourceFixture(vertx);
    contract = new ContractCheck(vertx, Zone.PUBLIC);
  }

  @Test
  void aMembersDepositsElsewhereAreAskedOnlyWithConsentAndKeptAsEvidence() throws Exception {
    // Sequence digit b = 8: the sandbox's national platform knows an active account at the Beijing center.
    String personId = f.member(TestIdentities.newIdNumber(anyDayOf(1988), true, 3, 8));
    String uri = "/v1/members/" + personId + "/national-deposits";

    HttpResponse<Buffer> refused = f.get(uri);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("CONSENT_REQUIRED");
    assertThat(evidenceOf(personId)).isZero();

    f.consent(personId, "DEPOSIT_INQUIRY", SOURCE);
    HttpResponse<Buffer> answered = f.get(uri);
    assertThat(answered.statusCode()).as(answered.bodyAsString()).isEqualTo(200);
    contract.conforms("getNationalDeposits", answered);
    JsonObject deposits = answered.bodyAsJsonObject();
    assertThat(deposits.getJsonArray("centers")).hasSize(1);
    JsonObject beijing = deposits.getJsonArray("centers").getJsonObject(0);
    assertThat(beijing.getString("centerName")).isEqualTo("北京住房公积金管理中心");
    assertThat(beijing.getString("accountStatus")).isEqualTo("01");
    assertThat(evidenceOf(personId)).isEqualTo(1);
    HttpResponse<Buffer> kept = f.get("/v1/evidence/" + deposits.getString("evidenceId") + "/verification");
    assertThat(kept.statusCode()).as(kept.bodyAsString()).isEqualTo(200);
    assertThat(kept.bodyAsJsonObject().getBoolean("valid")).isTrue();
    // Staff looked at a person's data from a government source: that is in the audit log.
    assertThat(SourceFixture.count("SELECT count(*) FROM audit_log WHERE operation = 'getNationalDeposits' AND target = $1",
        "person:" + personId)).isEqualTo(1);
  }

  @Test
  void anIsolatedPlatformIsNotCalledAndTheCallerIsToldWhenItIsTriedAgain() throws Exception {
    String personId = f.member(TestIdentities.newIdNumber());
    f.consent(personId, "DEPOSIT_INQUIRY", SOURCE);
    String uri = "/v1/members/" + personId + "/national-deposits";
    String isolation = "/v1/dependencies/" + SOURCE + "/isolation";
    HttpResponse<Buffer> isolated = f.admin(HttpMethod.POST, isolation)
        .sendJsonObject(new JsonObject().put("reason", "测试：缴存总览查询隔离")).await(10, TimeUnit.SECONDS);
    assertThat(isolated.statusCode()).as(isolated.bodyAsString()).isIn(200, 201);
    try {
      HttpResponse<Buffer> failedFast = f.get(uri);
      assertThat(failedFast.statusCode()).isEqualTo(503);
      JsonObject problem = failedFast.bodyAsJsonObject();
      assertThat(problem.getString("code")).isEqualTo("DEPENDENCY_ISOLATED");
      assertThat(problem.getString("title")).contains("缴存总览查询");
      assertThat(problem.getString("detail")).contains("北京时间");
      // The suspension is 5 minutes by default: the caller is told to come back then, not sooner.
      assertThat(Long.parseLong(failedFast.getHeader("Retry-After"))).isBetween(200L, 300L);
      assertThat(evidenceOf(personId)).isZero();
    } finally {
      f.admin(HttpMethod.DELETE, isolation).sendJsonObject(new JsonObject().put("reason", "测试结束"))
          .await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBrokenAnswerIsToldInBusinessLanguageAndKeepsNothing() throws Exception {
    String personId = f.member(TestIdentities.newIdNumber());
    f.consent(personId, "DEPOSIT_INQUIRY", SOURCE);
    f.sandbox(HttpMethod.PUT, "/sandbox/faults/" + SOURCE, new JsonObject().put("malformed", true));
    try {
      HttpResponse<Buffer> broken = f.get("/v1/members/" + personId + "/national-deposits");
      assertThat(broken.statusCode()).isEqualTo(503);
      assertThat(broken.bodyAsJsonObject().getString("code")).isEqualTo("DEPENDENCY_UNAVAILABLE");
      assertThat(broken.bodyAsString()).doesNotContain("Exception").doesNotContain(SOURCE);
      assertThat(evidenceOf(personId)).isZero();
    } finally {
      f.sandbox(HttpMethod.DELETE, "/sandbox/faults/" + SOURCE, null);
    }
  }

  private static long evidenceOf(String personId) throws Exception {
    return SourceFixture.count("SELECT count(*) FROM evidence_record WHERE business_ref = $1", "deposit-inquiry:" + personId);
  }

  /** A day of that year: ID numbers of the same birth date and sequence digits come in only five variants. */
  private static LocalDate anyDayOf(int year) {
    return LocalDate.of(year, 1, 1).plusDays(java.util.concurrent.ThreadLocalRandom.current().nextInt(365));
  }
}
