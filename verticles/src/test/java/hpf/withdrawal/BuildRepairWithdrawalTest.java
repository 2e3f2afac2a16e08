package hpf.withdrawal;

import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.withdrawal.WithdrawalDesk.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Building, rebuilding or major repair of an owner-occupied home (02) over HTTP: taken at the counter only, held to
 * the declared cost less what was drawn for the same property certificate, verified against the real estate
 * registry (the certificate must be the member's own, else review), and sent to review, not failed, when the
 * registry is down.
 */
@ExtendWith(VertxExtension.class)
class BuildRepairWithdrawalTest {

  private static final String SOURCE = "real_estate.certificates";

  private WithdrawalDesk desk;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new WithdrawalDesk(vertx);
  }

  /** The sandbox registry's certificate of an owner (b = 6): the year before this one, the ID number's last six. */
  private static String certificateOf(String idNumber) {
    return "闽(" + (LocalDate.now(WithdrawalDesk.CENTER).getYear() - 1) + ")厦门市不动产权第"
        + idNumber.substring(12) + "号";
  }

  private static JsonObject repair(String amount, String certificateNo, String cost) {
    return new JsonObject().put("reason", "02").put("amount", amount).put("construction", new JsonObject()
        .put("kind", "MAJOR_REPAIR").put("certificateNo", certificateNo).put("cost", cost));
  }

  @Test
  void aRepairOfTheMembersOwnHomeIsPaidWithinItsCostAndOtherwiseRefusedOrReviewed(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    String idNumber = WithdrawalDesk.idNumber(1, 6);
    String personId = desk.member(idNumber);
    String certificate = certificateOf(idNumber);

    HttpResponse<Buffer> own = desk.applyOwn(desk.memberToken(personId, idNumber), personId,
        repair("100.00", certificate, "1000.00"));
    assertThat(code(own)).isEqualTo("WITHDRAWAL_COUNTER_ONLY");
    JsonObject withoutDetails = repair("100.00", certificate, "1000.00");
    withoutDetails.remove("construction");
    assertThat(code(desk.apply(personId, withoutDetails))).isEqualTo("WITHDRAWAL_DETAILS_REQUIRED");
    assertThat(code(desk.apply(personId, repair("100.00", certificate, "0.00")))).isEqualTo("WITHDRAWAL_DETAILS_REQUIRED");
    assertThat(code(desk.apply(personId, repair("100.00", certificate, "1000.00")))).isEqualTo("CONSENT_REQUIRED");
    desk.consent(personId, "WITHDRAWAL_BUILD_REPAIR", SOURCE);
    HttpResponse<Buffer> tooMuch = desk.apply(personId, repair("1000.01", certificate, "1000.00"));
    assertThat(code(tooMuch)).isEqualTo("BUILD_COST_EXCEEDED");
    contract.conforms("applyWithdrawal", tooMuch);

    // The registry has the certificate in the member's name: approved at once, the money moves.
    HttpResponse<Buffer> applied = desk.apply(personId, repair("600.00", certificate, "1000.00"));
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    contract.conforms("applyWithdrawal", applied);
    JsonObject approved = applied.bodyAsJsonObject();
    assertThat(approved.getString("status")).isEqualTo("APPROVED");
    assertThat(WithdrawalDesk.check(approved, SOURCE).getString("outcome")).isEqualTo("PASSED");
    assertThat(approved.getJsonObject("details").getString("certificateNo")).isEqualTo(certificate);
    assertThat(approved.getJsonArray("requiredMaterials").getList()).contains("工程预算或大修预算");
    assertThat(desk.balance(personId)).isEqualTo("600.00");
    WithdrawalDesk.assertBooksReconcile();

    // Paid: what was drawn for this certificate counts against its cost.
    WithdrawalDesk.paid(approved.getString("applicationId"));
    assertThat(code(desk.apply(personId, repair("400.01", certificate, "1000.00")))).isEqualTo("BUILD_COST_EXCEEDED");

    // A certificate the registry does not have in the member's name goes to review; the reviewer refuses it.
    JsonObject foreign = desk.apply(personId, repair("300.00", "闽(2020)厦门市不动产权第000001号", "1000.00"))
        .bodyAsJsonObject();
    assertThat(foreign.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(foreign, SOURCE).getString("outcome")).isEqualTo("FAILED");
    assertThat(desk.reject(foreign.getString("applicationId"), "不动产权证书非本人所有").getString("status"))
        .isEqualTo("REJECTED");
    assertThat(desk.balance(personId)).isEqualTo("600.00");
  }

  @Test
  void aMemberWithoutAPropertyOrWithTheRegistryDownGoesToReviewNeverToAFailure() throws Exception {
    String tenant = desk.member(WithdrawalDesk.idNumber(1, 8));
    desk.consent(tenant, "WITHDRAWAL_BUILD_REPAIR", SOURCE);
    JsonObject none = desk.apply(tenant, repair("300.00", "闽(2025)厦门市不动产权第123456号", "5000.00")).bodyAsJsonObject();
    assertThat(none.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(WithdrawalDesk.check(none, SOURCE).getString("detail")).contains("未查到");

    String idNumber = WithdrawalDesk.idNumber(2, 5);
    String owner = desk.member(idNumber);
    desk.consent(owner, "WITHDRAWAL_BUILD_REPAIR", SOURCE);
    desk.fault(SOURCE, WithdrawalDesk.DOWN);
    JsonObject reviewed;
    try {
      HttpResponse<Buffer> applied = desk.apply(owner, repair("500.00", certificateOf(idNumber), "20000.00"));
      assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
      reviewed = applied.bodyAsJsonObject();
    } finally {
      desk.restore(SOURCE);
    }
    assertThat(reviewed.getString("status")).isEqualTo("FIRST_REVIEW");
    JsonObject unavailable = WithdrawalDesk.check(reviewed, SOURCE);
    assertThat(unavailable.getString("outcome")).isEqualTo("UNAVAILABLE");
    assertThat(unavailable.getString("detail")).contains("需人工审核");
    assertThat(desk.balance(owner)).isEqualTo("1200.00");
    // Staff check the certificate themselves: two reviewers approve and the money moves then.
    JsonObject approved = desk.approveTwice(reviewed.getString("applicationId"));
    assertThat(approved.getString("status")).isEqualTo("APPROVED");
    assertThat(desk.balance(owner)).isEqualTo("700.00");
    WithdrawalDesk.assertBooksReconcile();
  }
}
