package hpf.sources;

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
 * A member's addition checked against the national platform's member accounts and the pension status, against the
 * sandbox: without consent nothing is asked and the addition is NOT_VERIFIED; with consent the sources decide (an
 * active account elsewhere or a pension drawn refuse it, with nothing written), and every answer is evidence; a
 * source that is isolated leaves the addition NOT_VERIFIED rather than refused.
 */
@ExtendWith(VertxExtension.class)
class MemberEligibilityTest {

  private static final String[] SCOPES = {"national.member_account", "pension.status"};

  private SourceFixture f;

  @BeforeEach
  void staff(Vertx vertx) throws Exception {
    f = new SourceFixture(vertx);
  }

  @Test
  void aConsentingPersonIsVerifiedWhenJoiningANewEmployer() throws Exception {
    String idNumber = TestIdentities.newIdNumber(anyDayOf(1990), false, 2, 0);
    String first = f.employer();
    JsonObject account = added(f.addMember(first, idNumber));
    String personId = account.getString("personId");
    // Unknown to the center until now, so no consent could exist: added, not verified, nobody asked.
    assertThat(outcomes(account)).containsExactly("NOT_VERIFIED");
    assertThat(evidenceOf(personId)).isZero();

    f.consent(personId, "MEMBER_OPENING", SCOPES);
    seal(first, account.getString("accountNo"));
    JsonObject unsealed = added(f.addMember(f.employer(), idNumber));
    assertThat(outcomes(unsealed)).containsExactly("NOT_VERIFIED", "VERIFIED");
    assertThat(evidenceOf(personId)).isEqualTo(2);
  }

  @Test
  void anActiveAccountElsewhereOrAPensionDrawnRefusesTheAddition() throws Exception {
    // b = 8: an active account at the Beijing center.
    String activeElsewhere = TestIdentities.newIdNumber(anyDayOf(1985), true, 1, 8);
    assertThat(refusal(activeElsewhere)).isEqualTo("MEMBER_ACTIVE_ELSEWHERE");
    // Born in 1950: retired and drawing a pension.
    String pensioner = TestIdentities.newIdNumber(LocalDate.of(1950, 2, 2), true, 1, 0);
    assertThat(refusal(pensioner)).isEqualTo("MEMBER_DRAWS_PENSION");
  }

  @Test
  void anIsolatedSourceLeavesTheAdditionNotVerifiedInsteadOfRefusingIt() throws Exception {
    String idNumber = TestIdentities.newIdNumber(anyDayOf(1985), true, 1, 8);
    String first = f.employer();
    JsonObject account = added(f.addMember(first, idNumber));
    f.consent(account.getString("personId"), "MEMBER_OPENING", SCOPES);
    seal(first, account.getString("accountNo"));
    String isolation = "/v1/dependencies/national.member_account/isolation";
    HttpResponse<Buffer> isolated = f.admin(HttpMethod.POST, isolation)
        .sendJsonObject(new JsonObject().put("reason", "测试：个人账户信息查询隔离")).await(10, TimeUnit.SECONDS);
    assertThat(isolated.statusCode()).as(isolated.bodyAsString()).isIn(200, 201);
    try {
      // The same person would be refused (active in Beijing) if the source could answer: here staff follow up.
      JsonObject unsealed = added(f.addMember(f.employer(), idNumber));
      assertThat(outcomes(unsealed)).containsExactly("NOT_VERIFIED", "NOT_VERIFIED");
      assertThat(SourceFixture.count("SELECT count(*) FROM verification_record WHERE subject = $1 AND note LIKE $2",
          "member_account:" + unsealed.getString("accountNo"), "%个人账户信息查询暂不可用%")).isEqualTo(1);
    } finally {
      f.admin(HttpMethod.DELETE, isolation).sendJsonObject(new JsonObject().put("reason", "测试结束"))
          .await(10, TimeUnit.SECONDS);
    }
  }

  /** Added once without consent, consented, sealed, then refused by the sources when joining again. */
  private String refusal(String idNumber) throws Exception {
    String first = f.employer();
    JsonObject account = added(f.addMember(first, idNumber));
    f.consent(account.getString("personId"), "MEMBER_OPENING", SCOPES);
    seal(first, account.getString("accountNo"));
    String second = f.employer();
    HttpResponse<Buffer> refused = f.addMember(second, idNumber);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isIn(409, 422);
    assertThat(refused.bodyAsJsonObject().getString("detail")).doesNotContain("Exception");
    // Nothing written: the account stays sealed with its first employer.
    assertThat(SourceFixture.count("SELECT count(*) FROM member_account WHERE account_no = $1 AND employer_id = $2"
        + " AND status = '02'", account.getString("accountNo"), first)).isEqualTo(1);
    assertThat(evidenceOf(account.getString("personId"))).isEqualTo(2);
    return refused.bodyAsJsonObject().getString("code");
  }

  private void seal(String employerId, String accountNo) throws Exception {
    HttpResponse<Buffer> sealed = f.post("/v1/employers/" + employerId + "/members/" + accountNo + "/removal",
        new JsonObject());
    assertThat(sealed.statusCode()).as(sealed.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject added(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  /** The eligibility outcomes recorded for the account, oldest first. */
  private static java.util.List<String> outcomes(JsonObject account) throws Exception {
    return hpf.boot.TestPlatform.app().pool().preparedQuery("""
            SELECT outcome FROM verification_record WHERE subject = $1 AND check_name = 'DEPOSIT_OVERVIEW_AND_PENSION'
             ORDER BY recorded_at, outcome""")
        .execute(io.vertx.sqlclient.Tuple.of("member_account:" + account.getString("accountNo")))
        .await(10, TimeUnit.SECONDS).stream().map(row -> row.getString("outcome")).toList();
  }

  private static long evidenceOf(String personId) throws Exception {
    return SourceFixture.count("SELECT count(*) FROM evidence_record WHERE business_ref = $1",
        "member-eligibility:" + personId);
  }

  /** A day of that year: ID numbers of the same birth date and sequence digits come in only five variants. */
  private static LocalDate anyDayOf(int year) {
    return LocalDate.of(year, 1, 1).plusDays(java.util.concurrent.ThreadLocalRandom.current().nextInt(365));
  }
}
