package hpf.review;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.review.ReviewDesk.code;
import static hpf.review.ReviewDesk.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold whatever the timing: two decisions on one step at once, one wins; an owner that fails its callback
 * undoes the decision; the queue is oldest first with ages; a new flow version applies to new cases only.
 */
@ExtendWith(VertxExtension.class)
class ReviewConsistencyTest {

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
  void ofTwoDecisionsOnOneStepAtOnceExactlyOneWins() throws Exception {
    ReviewDesk.Applicant applicant = desk.applicant();
    for (int i = 0; i < 5; i++) {
      String caseId = desk.open("C-race-" + i, applicant).caseId();
      List<HttpResponse<Buffer>> answers = Future.all(
              desk.sendDecision(zhao, caseId, "FIRST_REVIEW", "APPROVE", null, "r-" + UUID.randomUUID()),
              desk.sendDecision(qian, caseId, "FIRST_REVIEW", "REFUSE", "不符合条件", "r-" + UUID.randomUUID()))
          .await(20, TimeUnit.SECONDS).<HttpResponse<Buffer>>list();
      assertThat(answers.stream().filter(a -> a.statusCode() == 200)).hasSize(1);
      assertThat(answers.stream().filter(a -> a.statusCode() == 409).map(ReviewDesk::code))
          .singleElement().isIn("REVIEW_STEP_CHANGED", "REVIEW_CASE_CLOSED");
      assertThat(desk.count("SELECT count(*) FROM review_action WHERE case_id = $1 AND step = 'FIRST_REVIEW' "
          + "AND actor_kind = 'STAFF'", caseId)).isEqualTo(1);
    }
  }

  @Test
  void anOwnerThatFailsItsCallbackUndoesTheDecision() throws Exception {
    ReviewDesk.Applicant applicant = desk.applicant();
    String caseId = desk.open("C-fail", applicant).caseId();
    ok(desk.decide(zhao, caseId, "FIRST_REVIEW", "APPROVE", null));
    ok(desk.decide(qian, caseId, "SECOND_REVIEW", "APPROVE", null));
    desk.outcomes.failOn.add("C-fail");
    HttpResponse<Buffer> refused = desk.decide(zhou, caseId, "APPROVAL", "APPROVE", "同意");
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(code(refused)).isEqualTo("TEST_OWNER_REFUSED");
    // Nothing of the decision remains: the case waits at the approval, no action, no notice, no audit record.
    JsonObject unchanged = ok(desk.get(zhou, "/v1/review-cases/" + caseId));
    assertThat(unchanged.getString("state")).isEqualTo("IN_REVIEW");
    assertThat(unchanged.getString("currentStep")).isEqualTo("APPROVAL");
    assertThat(unchanged.getJsonArray("history")).hasSize(3);
    assertThat(desk.count("SELECT count(*) FROM review_notice WHERE case_id = $1", caseId)).isZero();
    assertThat(desk.count("SELECT count(*) FROM audit_log WHERE operation = 'decideReviewCase' AND target = $1",
        "review:" + caseId)).isEqualTo(2);
    desk.outcomes.failOn.remove("C-fail");
    assertThat(ok(desk.decide(zhou, caseId, "APPROVAL", "APPROVE", "同意")).getString("state")).isEqualTo("APPROVED");
    assertThat(desk.count("SELECT count(*) FROM review_notice WHERE case_id = $1", caseId)).isEqualTo(1);
  }

  @Test
  void theQueueIsOldestFirstWithAgesAndFourEyesShown(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    ReviewDesk.Applicant applicant = desk.applicant();
    String younger = desk.open("C-young", applicant).caseId();
    String older = desk.open("C-old", applicant).caseId();
    // Opened two hours ago (time moved on in the database).
    desk.count("WITH u AS (UPDATE review_case SET opened_at = opened_at - interval '2 hours' WHERE case_id = $1 "
        + "RETURNING 1) SELECT count(*) FROM u", older);
    String queue = "/v1/review-cases?businessType=" + desk.type;
    HttpResponse<Buffer> listed = desk.get(zhao, queue);
    contract.conforms("listReviewCases", listed);
    JsonArray items = ok(listed).getJsonArray("items");
    assertThat(items.stream().map(i -> ((JsonObject) i).getString("caseId"))).containsExactly(older, younger);
    assertThat(items.getJsonObject(0).getLong("ageSeconds")).isGreaterThanOrEqualTo(7200);
    assertThat(items.getJsonObject(1).getLong("ageSeconds")).isLessThan(7200);
    assertThat(items.getJsonObject(0).getString("currentStepName")).isEqualTo("初审");

    ok(desk.decide(zhao, older, "FIRST_REVIEW", "APPROVE", null));
    JsonObject mine = ok(desk.get(zhao, queue)).getJsonArray("items").getJsonObject(0);
    assertThat(mine.getString("caseId")).isEqualTo(older);
    assertThat(mine.getString("currentStep")).isEqualTo("SECOND_REVIEW");
    assertThat(mine.getBoolean("mayDecide")).isFalse();
    assertThat(ok(desk.get(qian, queue)).getJsonArray("items").getJsonObject(0).getBoolean("mayDecide")).isTrue();
    // The approver's queue holds only cases at the approval; a role one does not hold is refused.
    assertThat(ok(desk.get(zhou, queue)).getJsonArray("items")).isEmpty();
    assertThat(desk.get(zhao, queue + "&role=APPROVER").statusCode()).isEqualTo(403);
    assertThat(desk.get(zhao, queue + "&size=101").statusCode()).isEqualTo(400);
    assertThat(ok(desk.get(zhao, queue + "&size=1")).getJsonArray("items")).hasSize(1);
  }

  @Test
  void aNewFlowVersionAppliesToNewCasesOnly(Vertx vertx) throws Exception {
    ContractCheck admin = new ContractCheck(vertx, Zone.ADMIN);
    ReviewDesk.Applicant applicant = desk.applicant();
    String before = desk.open("C-v1", applicant).caseId();
    JsonArray twoSteps = new JsonArray().add(ReviewDesk.step("FIRST_REVIEW", "初审", "REVIEWER"))
        .add(ReviewDesk.step("APPROVAL", "审批", "APPROVER"));
    HttpResponse<Buffer> added = desk.addFlow(twoSteps);
    admin.conforms("addReviewFlowVersion", added);
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(added.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
    String after = desk.open("C-v2", applicant).caseId();

    assertThat(ok(desk.decide(zhao, before, "FIRST_REVIEW", "APPROVE", null)).getString("currentStep"))
        .isEqualTo("SECOND_REVIEW");
    assertThat(ok(desk.decide(zhao, after, "FIRST_REVIEW", "APPROVE", null)).getString("currentStep"))
        .isEqualTo("APPROVAL");

    // A version from tomorrow is not in force yet; versions are validated.
    String tomorrow = java.time.OffsetDateTime.now().plusDays(1).toString();
    String flows = "/v1/review-flows/" + desk.type;
    assertThat(desk.admin(HttpMethod.POST, flows, new JsonObject().put("title", "测试业务申请")
        .put("steps", ReviewDesk.threeSteps()).put("effectiveFrom", tomorrow)).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> read = desk.admin(HttpMethod.GET, flows, null);
    admin.conforms("getReviewFlow", read);
    assertThat(ok(read).getJsonObject("inForce").getInteger("version")).isEqualTo(2);
    assertThat(ok(read).getJsonArray("versions")).hasSize(3);
    JsonArray twice = new JsonArray().add(ReviewDesk.step("FIRST_REVIEW", "初审", "REVIEWER"))
        .add(ReviewDesk.step("FIRST_REVIEW", "再审", "REVIEWER"));
    assertThat(code(desk.addFlow(twice))).isEqualTo("REVIEW_FLOW_INVALID");
    assertThat(desk.addFlow(new JsonArray().add(ReviewDesk.step("AUDIT", "审计", "AUDITOR"))).statusCode())
        .isEqualTo(400);
    JsonArray six = new JsonArray();
    for (int i = 0; i < 6; i++) {
      six.add(ReviewDesk.step("STEP_" + i, "环节", "REVIEWER"));
    }
    assertThat(desk.addFlow(six).statusCode()).isEqualTo(400);
    assertThat(code(desk.admin(HttpMethod.POST, flows, new JsonObject().put("title", "测试").put("steps", twoSteps)
        .put("effectiveFrom", "2020-01-01T00:00:00+08:00")))).isEqualTo("REVIEW_FLOW_EFFECTIVE_PAST");
    assertThat(code(desk.admin(HttpMethod.POST, "/v1/review-flows/NOBODY_OWNS_THIS", new JsonObject()
        .put("title", "测试").put("steps", twoSteps)))).isEqualTo("REVIEW_BUSINESS_TYPE_UNKNOWN");
    assertThat(desk.count("SELECT count(*) FROM audit_log WHERE operation = 'addReviewFlowVersion' AND target = $1",
        "review-flow:" + desk.type)).isEqualTo(3);
  }

  @Test
  void decisionsAreCountedPerBusinessTypeAndOutcome(Vertx vertx) throws Exception {
    ReviewDesk.Applicant applicant = desk.applicant();
    String caseId = desk.open("C-metrics", applicant).caseId();
    ok(desk.decide(zhao, caseId, "FIRST_REVIEW", "REFUSE", "不符合条件"));
    String metrics = scrape(desk);
    String type = "business_type=\"" + desk.type + "\"";
    assertThat(value(metrics, "hpf_review_cases_opened_total{" + type + "}")).isEqualTo(1.0);
    assertThat(value(metrics, "hpf_review_decisions_total{" + type + ",outcome=\"REFUSED\"}")).isEqualTo(1.0);
    assertThat(value(metrics, "hpf_review_decisions_total{" + type + ",outcome=\"APPROVED\"}")).isEqualTo(0.0);
    assertThat(metrics).contains("hpf_review_open_cases{role=\"APPROVER\"}",
        "hpf_review_oldest_case_seconds{role=\"REVIEWER\"}");

    // A case left waiting for a reviewer shows in the gauges once they refresh (the timer's work, done here now).
    desk.open("C-waiting", applicant);
    TestPlatform.app().review().metrics().refresh().await(10, TimeUnit.SECONDS);
    String refreshed = scrape(desk);
    assertThat(value(refreshed, "hpf_review_open_cases{role=\"REVIEWER\"}")).isGreaterThanOrEqualTo(1);
    assertThat(value(refreshed, "hpf_review_oldest_case_seconds{role=\"REVIEWER\"}")).isGreaterThanOrEqualTo(0);
  }

  private static String scrape(ReviewDesk desk) throws Exception {
    return desk.client.get(TestPlatform.port(Zone.MANAGEMENT), "127.0.0.1", "/metrics").send()
        .await(10, TimeUnit.SECONDS).bodyAsString();
  }

  private static double value(String metrics, String series) {
    return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim().split(" ")[0]))
        .orElseThrow(() -> new AssertionError("no series " + series));
  }
}
