package hpf.loan;

import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.loan.LoanDesk.code;
import static hpf.loan.LoanDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loan applications over HTTP against PostgreSQL and the sandbox sources: a first-home buyer's application is
 * verified, written with every answer as evidence and reviewed through 初审, 复审 and 审批 to APPROVED; a replay
 * answers the same, a second open application is refused, another member cannot see it; an application can be
 * cancelled before approval, and a returned one corrected and resubmitted.
 */
@ExtendWith(VertxExtension.class)
class LoanApplicationsTest {

  private LoanDesk desk;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new LoanDesk(vertx);
  }

  @Test
  void aFirstHomeBuyerIsVerifiedReviewedByThreePeopleAndApproved(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    LoanDesk.Member m = desk.member(1, 2);
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    String key = "loan-" + UUID.randomUUID();
    JsonObject body = LoanDesk.application(m, "15000.00", 120);
    HttpResponse<Buffer> applied = desk.post("demo-counter", desk.counter, m.applications(), body, key);
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    contract.conforms("applyLoan", applied);
    JsonObject application = applied.bodyAsJsonObject();
    String id = application.getString("applicationId");
    assertThat(application.getString("state")).isEqualTo("IN_REVIEW");
    assertThat(application.getString("ceiling")).isEqualTo("18000.00");
    assertThat(application.getString("bindingLimit")).isEqualTo("BALANCE_MULTIPLE");
    assertThat(application.getJsonObject("repaymentCard").getString("cardNumber")).startsWith("6222").endsWith("0128")
        .doesNotContain(LoanDesk.CARD.substring(4, 15));
    assertThat(application.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("state")))
        .containsExactly("SUBMITTED", "VERIFYING", "IN_REVIEW");
    // Every source answered and bore the application out; each answer is kept as evidence under the application.
    assertThat(application.getJsonArray("checks")).hasSize(LoanDesk.BORROWER_SOURCES.size());
    assertThat(application.getJsonArray("checks").stream().map(c -> (JsonObject) c))
        .allSatisfy(c -> assertThat(c.getString("outcome")).as(c.encode()).isEqualTo("PASSED"))
        .allSatisfy(c -> assertThat(c.getString("evidenceId")).isNotNull());
    assertThat(count("SELECT count(*) FROM evidence_record WHERE business_ref = $1", "loan-application:" + id))
        .isEqualTo(LoanDesk.BORROWER_SOURCES.size());
    assertThat(count("SELECT count(*) FROM loan_application WHERE application_id = $1 AND repayment_card_enc LIKE '%"
        + LoanDesk.CARD + "%'", id)).isZero();

    HttpResponse<Buffer> replay = desk.post("demo-counter", desk.counter, m.applications(), body, key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject()).isEqualTo(application);
    HttpResponse<Buffer> second = desk.post(desk.counter, m.applications(), body);
    assertThat(code(second)).isEqualTo("LOAN_APPLICATION_OPEN");
    contract.conforms("applyLoan", second);
    assertThat(count("SELECT count(*) FROM loan_application WHERE person_id = $1", m.personId())).isEqualTo(1);

    assertThat(LoanDesk.reviewCase(id).currentStep()).isEqualTo("FIRST_REVIEW");
    desk.decide("reviewer.zhao", id, "APPROVE", "材料齐全");
    desk.decide("reviewer.qian", id, "APPROVE", "复核无误");
    desk.decide("approver.zhou", id, "APPROVE", "同意贷款");
    HttpResponse<Buffer> approved = desk.get("demo-counter", desk.counter, m.applications() + "/" + id);
    contract.conforms("getLoanApplication", approved);
    assertThat(approved.bodyAsJsonObject().getString("state")).isEqualTo("APPROVED");
    assertThat(approved.bodyAsJsonObject().getJsonArray("history").stream()
        .map(h -> ((JsonObject) h).getString("state"))).containsExactly("SUBMITTED", "VERIFYING", "IN_REVIEW", "APPROVED");
    // Approved waits for its contract: still the one open application, and not cancellable.
    assertThat(code(desk.post(desk.counter, m.applications() + "/" + id + "/cancellation", null)))
        .isEqualTo("LOAN_APPLICATION_NOT_CANCELLABLE");
  }

  @Test
  void aMemberSeesOnlyItsOwnApplications() throws Exception {
    LoanDesk.Member m = desk.member(1, 2);
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    String id = desk.post(desk.counter, m.applications(), LoanDesk.application(m, "10000.00", 120))
        .bodyAsJsonObject().getString("applicationId");
    LoanDesk.Member other = desk.member(5, 2);
    String otherToken = desk.memberToken("demo-mobile", other);
    assertThat(desk.get("demo-mobile", otherToken, m.applications() + "/" + id).statusCode()).isEqualTo(404);
    assertThat(desk.get("demo-mobile", otherToken, m.applications()).statusCode()).isEqualTo(404);
    assertThat(desk.get("demo-mobile", otherToken, other.applications() + "/" + id).statusCode()).isEqualTo(404);
    String own = desk.memberToken("demo-mobile", m);
    HttpResponse<Buffer> list = desk.get("demo-mobile", own, m.applications());
    assertThat(list.statusCode()).as(list.bodyAsString()).isEqualTo(200);
    assertThat(list.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    // Nor may it write for another member.
    assertThat(desk.post("demo-mobile", otherToken, m.applications() + "/" + id + "/cancellation", null,
        "k-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
  }

  @Test
  void theMemberCancelsBeforeApprovalAndMayApplyAgain() throws Exception {
    LoanDesk.Member m = desk.member(1, 2);
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    String token = desk.memberToken("demo-mobile", m);
    JsonObject body = LoanDesk.application(m, "12000.00", 180);
    HttpResponse<Buffer> applied = desk.post("demo-mobile", token, m.applications(), body, "k-" + UUID.randomUUID());
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    String id = applied.bodyAsJsonObject().getString("applicationId");
    desk.decide("reviewer.zhao", id, "APPROVE", "初审通过");

    HttpResponse<Buffer> cancelled = desk.post("demo-mobile", token, m.applications() + "/" + id + "/cancellation",
        null, "k-" + UUID.randomUUID());
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("state")).isEqualTo("CANCELLED");
    assertThat(LoanDesk.reviewCase(id).state()).isEqualTo("CANCELLED");
    assertThat(code(desk.post(desk.counter, m.applications() + "/" + id + "/cancellation", null)))
        .isEqualTo("LOAN_APPLICATION_NOT_CANCELLABLE");
    assertThat(desk.post("demo-mobile", token, m.applications(), body, "k-" + UUID.randomUUID()).statusCode())
        .isEqualTo(202);
  }

  @Test
  void aReturnedApplicationIsCorrectedVerifiedAgainAndReviewedFromTheStart() throws Exception {
    LoanDesk.Member m = desk.member(1, 2);
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    String id = desk.post(desk.counter, m.applications(), LoanDesk.application(m, "16000.00", 240))
        .bodyAsJsonObject().getString("applicationId");
    String resubmission = m.applications() + "/" + id + "/resubmission";
    JsonObject corrected = LoanDesk.application(m, "14000.00", 180);
    HttpResponse<Buffer> early = desk.post(desk.counter, resubmission, corrected);
    assertThat(code(early)).as(early.bodyAsString()).isEqualTo("LOAN_APPLICATION_NOT_RETURNED");

    desk.decide("reviewer.zhao", id, "APPROVE", "初审通过");
    desk.decide("reviewer.qian", id, "RETURN", "请缩短贷款期限并降低贷款金额");
    JsonObject returned = desk.get("demo-counter", desk.counter, m.applications() + "/" + id).bodyAsJsonObject();
    assertThat(returned.getString("state")).isEqualTo("RETURNED");
    assertThat(returned.getString("stateReason")).contains("请缩短贷款期限");
    // Returned is still open: no second application meanwhile.
    assertThat(code(desk.post(desk.counter, m.applications(), corrected))).isEqualTo("LOAN_APPLICATION_OPEN");
    assertThat(code(desk.post(desk.counter, resubmission, LoanDesk.application(m, "18000.01", 180))))
        .isEqualTo("LOAN_AMOUNT_ABOVE_CEILING");

    HttpResponse<Buffer> resubmitted = desk.post(desk.counter, resubmission, corrected);
    assertThat(resubmitted.statusCode()).as(resubmitted.bodyAsString()).isEqualTo(202);
    JsonObject again = resubmitted.bodyAsJsonObject();
    assertThat(again.getString("state")).isEqualTo("IN_REVIEW");
    assertThat(again.getString("amount")).isEqualTo("14000.00");
    assertThat(again.getInteger("termMonths")).isEqualTo(180);
    assertThat(again.getInteger("round")).isEqualTo(2);
    assertThat(again.getJsonArray("checks")).hasSize(2 * LoanDesk.BORROWER_SOURCES.size());
    assertThat(again.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("state")))
        .containsExactly("SUBMITTED", "VERIFYING", "IN_REVIEW", "RETURNED", "VERIFYING", "IN_REVIEW");
    assertThat(LoanDesk.reviewCase(id).currentStep()).isEqualTo("FIRST_REVIEW");
    assertThat(count("SELECT count(*) FROM loan_state_history WHERE application_id = $1 AND changes IS NOT NULL", id))
        .isEqualTo(1);
    for (String staff : List.of("reviewer.qian", "reviewer.zhao", "approver.zhou")) {
      desk.decide(staff, id, "APPROVE", "同意");
    }
    assertThat(desk.get("demo-counter", desk.counter, m.applications() + "/" + id).bodyAsJsonObject()
        .getString("state")).isEqualTo("APPROVED");
  }
}
