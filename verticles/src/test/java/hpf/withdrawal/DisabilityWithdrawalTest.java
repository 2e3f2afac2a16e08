package hpf.withdrawal;

import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.withdrawal.WithdrawalDesk.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loss of working capacity with the end of employment (04, closing) over HTTP: refused while the employer still
 * has the member (account normal), then paid in full online once the account is sealed and the e-licence platform
 * has the disability certificate, even to a blocked member; without a certificate, or with the platform down, the
 * application goes to review, never to a failure.
 */
@ExtendWith(VertxExtension.class)
class DisabilityWithdrawalTest {

  private static final String CERTIFICATE = "elicense.disability_certificate";
  private static final String[] SOURCES = {CERTIFICATE, "national.member_account"};
  private static final JsonObject DISABILITY = new JsonObject().put("reason", "04");

  private WithdrawalDesk desk;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new WithdrawalDesk(vertx);
  }

  @Test
  void aSealedMemberWithADisabilityCertificateIsPaidTheWholeBalanceOnline(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    // b = 7: the sandbox's e-licence platform has a disability certificate for this number.
    String idNumber = WithdrawalDesk.idNumber(2, 7);
    String personId = desk.member(idNumber);
    desk.consent(personId, "WITHDRAWAL_DISABILITY", SOURCES);
    // A closing reason the center pays even to a member on the blocked list.
    HttpResponse<Buffer> blocked = desk.admin(HttpMethod.PUT, "/v1/blocked-persons/" + personId,
        new JsonObject().put("reason", "测试：不良信息"));
    assertThat(blocked.statusCode()).as(blocked.bodyAsString()).isEqualTo(201);

    assertThat(code(desk.apply(personId, DISABILITY.copy().put("amount", "100.00")))).isEqualTo("CLOSING_AMOUNT_NOT_ALLOWED");
    HttpResponse<Buffer> employed = desk.apply(personId, DISABILITY);
    assertThat(code(employed)).isEqualTo("EMPLOYMENT_NOT_ENDED");
    contract.conforms("applyWithdrawal", employed);
    assertThat(desk.balance(personId)).isEqualTo("1200.00");

    desk.seal(personId);
    HttpResponse<Buffer> applied = desk.applyOwn(desk.memberToken(personId, idNumber), personId, DISABILITY);
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    contract.conforms("applyWithdrawal", applied);
    JsonObject paid = applied.bodyAsJsonObject();
    assertThat(paid.getString("status")).isEqualTo("APPROVED");
    assertThat(paid.getBoolean("closing")).isTrue();
    assertThat(paid.getString("amount")).isEqualTo("1200.00");
    assertThat(WithdrawalDesk.check(paid, CERTIFICATE).getString("detail")).contains("残疾人证");
    assertThat(paid.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("outcome"))).containsOnly("PASSED");
    assertThat(desk.accountStatus(personId)).isEqualTo("05");
    assertThat(desk.balance(personId)).isEqualTo("0.00");
    WithdrawalDesk.assertBooksReconcile();

    // Undone before the bank pays: the balance returns and the account is sealed again.
    JsonObject undone = desk.post(desk.counter, "/v1/members/" + personId + "/withdrawals/"
        + paid.getString("applicationId") + "/cancellation", null).bodyAsJsonObject();
    assertThat(undone.getString("status")).isEqualTo("CANCELLED");
    assertThat(desk.accountStatus(personId)).isEqualTo("02");
    assertThat(desk.balance(personId)).isEqualTo("1200.00");
    WithdrawalDesk.assertBooksReconcile();
  }

  @Test
  void withoutACertificateOrWithThePlatformDownStaffReview() throws Exception {
    // b = 0: no disability certificate on the platform; the reviewer refuses.
    String uncertified = desk.member(WithdrawalDesk.idNumber(1, 0));
    desk.consent(uncertified, "WITHDRAWAL_DISABILITY", SOURCES);
    desk.seal(uncertified);
    JsonObject none = desk.apply(uncertified, DISABILITY).bodyAsJsonObject();
    assertThat(none.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(none, CERTIFICATE).getString("outcome")).isEqualTo("FAILED");
    assertThat(desk.reject(none.getString("applicationId"), "未提供劳动能力鉴定结论").getString("status"))
        .isEqualTo("REJECTED");
    assertThat(desk.accountStatus(uncertified)).isEqualTo("02");
    assertThat(desk.balance(uncertified)).isEqualTo("1200.00");

    String personId = desk.member(WithdrawalDesk.idNumber(3, 7));
    desk.consent(personId, "WITHDRAWAL_DISABILITY", SOURCES);
    desk.seal(personId);
    desk.fault(CERTIFICATE, WithdrawalDesk.DOWN);
    JsonObject reviewed;
    try {
      HttpResponse<Buffer> applied = desk.apply(personId, DISABILITY);
      assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
      reviewed = applied.bodyAsJsonObject();
    } finally {
      desk.restore(CERTIFICATE);
    }
    assertThat(reviewed.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(reviewed, CERTIFICATE).getString("outcome")).isEqualTo("UNAVAILABLE");
    assertThat(desk.accountStatus(personId)).isEqualTo("02");
    // The reviewers see the paper certificate: approved, the sealed account closes and pays out.
    JsonObject approved = desk.approveTwice(reviewed.getString("applicationId"));
    assertThat(approved.getString("status")).isEqualTo("APPROVED");
    assertThat(approved.getString("amount")).isEqualTo("1200.00");
    assertThat(desk.accountStatus(personId)).isEqualTo("05");
    WithdrawalDesk.assertBooksReconcile();
  }
}
