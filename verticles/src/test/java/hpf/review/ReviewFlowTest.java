package hpf.review;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.review.ReviewDesk.code;
import static hpf.review.ReviewDesk.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review flow over HTTP against PostgreSQL, on a business type of the test's own with the loans' three steps:
 * three different staff take a case to approval; no one decides two steps of one case; a return goes back to the
 * applicant and a resubmission starts again at the first step; a refusal states its reason; the owner hears of every
 * outcome and the applicant gets an SMS notice of each.
 */
@ExtendWith(VertxExtension.class)
class ReviewFlowTest {

  private ReviewDesk desk;
  private String zhao;
  private String qian;
  private String zhou;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new ReviewDesk(vertx);
    assertThat(desk.addFlow(ReviewDesk.threeSteps()).statusCode()).isEqualTo(201);
    zhao = desk.token("reviewer.zhao");
    qian = desk.token("reviewer.qian");
    zhou = desk.token("approver.zhou");
  }

  @Test
  void threeDifferentStaffTakeACaseThroughItsThreeSteps(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    ReviewDesk.Applicant applicant = desk.applicant();
    ReviewCase opened = desk.open("B-full", applicant);
    assertThat(opened.state()).isEqualTo(ReviewCase.IN_REVIEW);
    assertThat(opened.currentStep()).isEqualTo("FIRST_REVIEW");
    assertThat(opened.currentRole()).isEqualTo("REVIEWER");
    assertThat(opened.history()).singleElement().satisfies(h -> assertThat(h.outcome()).isEqualTo("OPEN"));
    String caseId = opened.caseId();
    assertThat(failure(() -> desk.tx(conn -> desk.reviews.open(conn, new ReviewRequest(desk.type, "B-full",
        applicant.personId(), null, null))))).isEqualTo("REVIEW_CASE_EXISTS");

    HttpResponse<Buffer> one = desk.get(zhao, "/v1/review-cases/" + caseId);
    contract.conforms("getReviewCase", one);
    assertThat(ok(one).getJsonObject("summary").getString("amount")).isEqualTo("500000.00");
    assertThat(ok(one).getJsonArray("manualReasons").getList()).containsExactly("测试：需人工审核");

    // The approver's step is not yet: an approver cannot take the first review; an auditor decides nothing.
    assertThat(code(desk.decide(zhou, caseId, "FIRST_REVIEW", "APPROVE", null))).isEqualTo("REVIEW_NOT_YOUR_STEP");
    assertThat(desk.decide(desk.token("auditor.qian"), caseId, "FIRST_REVIEW", "APPROVE", null).statusCode())
        .isEqualTo(403);

    String key = "d-" + UUID.randomUUID();
    HttpResponse<Buffer> first = desk.decide(zhao, caseId, "FIRST_REVIEW", "APPROVE", "材料齐全", key);
    contract.conforms("decideReviewCase", first);
    assertThat(ok(first).getString("currentStep")).isEqualTo("SECOND_REVIEW");
    // A retry with the same key answers the first answer and decides nothing more.
    HttpResponse<Buffer> replay = desk.decide(zhao, caseId, "FIRST_REVIEW", "APPROVE", "材料齐全", key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(ok(replay).getString("currentStep")).isEqualTo("SECOND_REVIEW");

    // Four eyes: the first reviewer may not take the second step.
    HttpResponse<Buffer> same = desk.decide(zhao, caseId, "SECOND_REVIEW", "APPROVE", "复审");
    contract.conforms("decideReviewCase", same);
    assertThat(code(same)).isEqualTo("REVIEW_FOUR_EYES");
    assertThat(ok(desk.decide(qian, caseId, "SECOND_REVIEW", "APPROVE", null)).getString("currentStep"))
        .isEqualTo("APPROVAL");
    assertThat(desk.outcomes.of("B-full")).isEmpty();

    JsonObject approved = ok(desk.decide(zhou, caseId, "APPROVAL", "APPROVE", "同意"));
    assertThat(approved.getString("state")).isEqualTo("APPROVED");
    assertThat(approved.getValue("currentStep")).isNull();
    assertThat(approved.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("actorId")))
        .containsExactly("open", "reviewer.zhao", "reviewer.qian", "approver.zhou");
    // The owner heard of it inside the decision's transaction, with the case already approved there.
    assertThat(desk.outcomes.of("B-full")).containsExactly("approved:B-full:APPROVAL:approver.zhou:同意:APPROVED");
    assertThat(code(desk.decide(zhou, caseId, "APPROVAL", "APPROVE", null))).isEqualTo("REVIEW_CASE_CLOSED");
    assertThat(desk.count("SELECT count(*) FROM audit_log WHERE operation = 'decideReviewCase' AND target = $1",
        "review:" + caseId)).isEqualTo(3);
    assertThat(desk.sms(applicant.phone(), 1)).containsExactly("【住房公积金】您的测试业务申请（编号 B-full）已审批通过，请留意后续办理通知。");
    // Another run (any node, any time) finds nothing left to send: one notice, one message.
    TestPlatform.app().review().notices().send().await(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(desk.sms(applicant.phone(), 1)).hasSize(1);
    assertThat(desk.eventually("SELECT count(*) FROM review_notice WHERE case_id = $1 AND status = 'SENT' "
        + "AND attempts = 1", 1, caseId)).isEqualTo(1);
    assertThat(desk.reviews.find(TestPlatform.app().pool(), desk.type, "B-full").await(10,
        java.util.concurrent.TimeUnit.SECONDS)).hasValueSatisfying(c -> assertThat(c.history()).hasSize(4));
  }

  @Test
  void aReturnGoesBackToTheApplicantAndAResubmissionStartsAgainAtTheFirstStep() throws Exception {
    ReviewDesk.Applicant applicant = desk.applicant();
    String caseId = desk.open("B-return", applicant).caseId();
    ok(desk.decide(zhao, caseId, "FIRST_REVIEW", "APPROVE", null));
    assertThat(code(desk.decide(qian, caseId, "SECOND_REVIEW", "RETURN", " "))).isEqualTo("REVIEW_REASON_REQUIRED");
    JsonObject returned = ok(desk.decide(qian, caseId, "SECOND_REVIEW", "RETURN", "缺少购房合同"));
    assertThat(returned.getString("state")).isEqualTo("RETURNED");
    assertThat(desk.outcomes.of("B-return"))
        .containsExactly("returned:B-return:SECOND_REVIEW:reviewer.qian:缺少购房合同:RETURNED");
    // Waiting for the applicant: nobody decides, and it is in nobody's queue.
    assertThat(code(desk.decide(zhao, caseId, "FIRST_REVIEW", "APPROVE", null))).isEqualTo("REVIEW_CASE_RETURNED");
    assertThat(ok(desk.get(zhao, "/v1/review-cases?businessType=" + desk.type)).getJsonArray("items")).isEmpty();
    assertThat(desk.sms(applicant.phone(), 1).get(0)).contains("B-return", "需补正材料").doesNotContain("购房合同");

    ReviewCase again = desk.tx(conn -> desk.reviews.resubmit(conn, desk.type, "B-return",
        new JsonObject().put("amount", "400000.00")));
    assertThat(again.state()).isEqualTo(ReviewCase.IN_REVIEW);
    assertThat(again.currentStep()).isEqualTo("FIRST_REVIEW");
    assertThat(again.history().get(again.history().size() - 1).outcome()).isEqualTo("RESUBMIT");
    assertThat(failure(() -> desk.tx(conn -> desk.reviews.resubmit(conn, desk.type, "B-return", null))))
        .isEqualTo("REVIEW_NOT_RETURNED");
    // A new round: who decided in the first one may decide again, but still one step each.
    ok(desk.decide(qian, caseId, "FIRST_REVIEW", "APPROVE", "已补正"));
    assertThat(code(desk.decide(qian, caseId, "SECOND_REVIEW", "APPROVE", null))).isEqualTo("REVIEW_FOUR_EYES");
    ok(desk.decide(zhao, caseId, "SECOND_REVIEW", "APPROVE", null));
    assertThat(ok(desk.decide(zhou, caseId, "APPROVAL", "APPROVE", null)).getString("state")).isEqualTo("APPROVED");
    assertThat(ok(desk.get(zhou, "/v1/review-cases/" + caseId)).getJsonObject("summary").getString("amount"))
        .isEqualTo("400000.00");
  }

  @Test
  void aRefusalStatesItsReasonAndClosesTheCase() throws Exception {
    ReviewDesk.Applicant applicant = desk.applicant();
    String caseId = desk.open("B-refuse", applicant).caseId();
    assertThat(code(desk.decide(zhao, caseId, "FIRST_REVIEW", "REFUSE", null))).isEqualTo("REVIEW_REASON_REQUIRED");
    JsonObject refused = ok(desk.decide(zhao, caseId, "FIRST_REVIEW", "REFUSE", "存在未结清的公积金贷款"));
    assertThat(refused.getString("state")).isEqualTo("REFUSED");
    assertThat(refused.getJsonArray("history").getJsonObject(1).getString("reason")).isEqualTo("存在未结清的公积金贷款");
    assertThat(desk.outcomes.of("B-refuse")).containsExactly(
        "refused:B-refuse:FIRST_REVIEW:reviewer.zhao:存在未结清的公积金贷款:REFUSED");
    assertThat(code(desk.decide(qian, caseId, "FIRST_REVIEW", "APPROVE", null))).isEqualTo("REVIEW_CASE_CLOSED");
    assertThat(desk.sms(applicant.phone(), 1).get(0)).contains("B-refuse", "未获批准");
  }

  @Test
  void theApplicantCancelsBeforeApprovalAndNotAfter() throws Exception {
    ReviewDesk.Applicant applicant = desk.applicant();
    String caseId = desk.open("B-cancel", applicant).caseId();
    ok(desk.decide(zhao, caseId, "FIRST_REVIEW", "APPROVE", null));
    // Someone else's case is not found for them.
    assertThat(failure(() -> desk.tx(conn -> desk.reviews.cancel(conn, desk.type, "B-cancel", "P99999999"))))
        .isEqualTo("REVIEW_CASE_NOT_FOUND");
    ReviewCase cancelled = desk.tx(conn -> desk.reviews.cancel(conn, desk.type, "B-cancel", applicant.personId()));
    assertThat(cancelled.state()).isEqualTo(ReviewCase.CANCELLED);
    assertThat(desk.outcomes.of("B-cancel")).containsExactly(
        "cancelled:B-cancel:SECOND_REVIEW:" + applicant.personId() + ":null:CANCELLED");
    assertThat(code(desk.decide(qian, caseId, "SECOND_REVIEW", "APPROVE", null))).isEqualTo("REVIEW_CASE_CLOSED");
    assertThat(desk.sms(applicant.phone(), 1).get(0)).contains("B-cancel", "已按您的要求撤销");

    String refusedId = desk.open("B-refused", applicant).caseId();
    ok(desk.decide(zhao, refusedId, "FIRST_REVIEW", "REFUSE", "不符合条件"));
    assertThat(failure(() -> desk.tx(conn -> desk.reviews.cancel(conn, desk.type, "B-refused", applicant.personId()))))
        .isEqualTo("REVIEW_CASE_CLOSED");
    String approvedId = desk.open("B-approved", applicant).caseId();
    ok(desk.decide(zhao, approvedId, "FIRST_REVIEW", "APPROVE", null));
    ok(desk.decide(qian, approvedId, "SECOND_REVIEW", "APPROVE", null));
    ok(desk.decide(zhou, approvedId, "APPROVAL", "APPROVE", null));
    assertThat(failure(() -> desk.tx(conn -> desk.reviews.cancel(conn, desk.type, "B-approved", applicant.personId()))))
        .isEqualTo("REVIEW_CASE_CLOSED");
  }

  @Test
  void aNoticeThatCannotBeSentIsTriedFiveTimesThenFailed() throws Exception {
    // An applicant the center has no phone for: every send fails and counts one attempt; the decision stands.
    ReviewDesk.Applicant nobody = new ReviewDesk.Applicant("PNOPHONE" + UUID.randomUUID().toString().substring(0, 8),
        null);
    String caseId = desk.open("B-nophone", nobody).caseId();
    assertThat(ok(desk.decide(zhao, caseId, "FIRST_REVIEW", "REFUSE", "不符合条件")).getString("state"))
        .isEqualTo("REFUSED");
    String pending = "SELECT count(*) FROM review_notice WHERE case_id = $1 AND status = 'PENDING'";
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (desk.count(pending, caseId) > 0 && System.nanoTime() < deadline) {
      TestPlatform.app().review().notices().send().await(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    String failed = "SELECT count(*) FROM review_notice WHERE case_id = $1 AND status = 'FAILED' AND attempts = 5";
    assertThat(desk.count(failed, caseId)).isEqualTo(1);
    // A later run leaves it alone.
    TestPlatform.app().review().notices().send().await(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(desk.count(failed, caseId)).isEqualTo(1);
  }

  interface Call {
    Object run() throws Exception;
  }

  /** The problem code a Java API call failed with. */
  static String failure(Call call) {
    try {
      call.run();
      return null;
    } catch (Exception e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof hpf.kit.ProblemException)) {
        cause = cause.getCause();
      }
      return cause == null ? e.toString() : ((hpf.kit.ProblemException) cause).problem().code();
    }
  }
}
