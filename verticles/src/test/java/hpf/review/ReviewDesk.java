package hpf.review;

import hpf.boot.Scenarios;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.TestIdentities;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the review tests work with: a business type of their own with a recording owner and a flow set through the
 * admin API, applicants with phones of their own, staff sessions, and calls on the public and admin listeners.
 */
final class ReviewDesk {

  final WebClient client;
  final SignedCalls calls;
  final Reviews reviews = TestPlatform.app().review().reviews();
  final RecordingOutcomes outcomes = new RecordingOutcomes();
  final String type = "TEST_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
  private final Scenarios scenarios;
  private final String employerId;

  ReviewDesk(Vertx vertx) throws Exception {
    this.client = WebClient.create(vertx);
    this.calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    this.scenarios = new Scenarios(client, calls, calls.staffToken("counter.li"));
    this.employerId = scenarios.openEmployer("审核测试单位");
    reviews.register(type, outcomes);
  }

  /** The three-step flow of the loans: 初审 and 复审 by reviewers, 审批 by an approver. */
  static JsonArray threeSteps() {
    return new JsonArray().add(step("FIRST_REVIEW", "初审", "REVIEWER")).add(step("SECOND_REVIEW", "复审", "REVIEWER"))
        .add(step("APPROVAL", "审批", "APPROVER"));
  }

  static JsonObject step(String code, String name, String role) {
    return new JsonObject().put("step", code).put("name", name).put("role", role);
  }

  HttpResponse<Buffer> addFlow(JsonArray steps) throws Exception {
    return admin(HttpMethod.POST, "/v1/review-flows/" + type,
        new JsonObject().put("title", "测试业务申请").put("steps", steps));
  }

  /** A new member with a phone of its own (the sandbox SMS gateway's messages are looked up by phone). */
  Applicant applicant() throws Exception {
    String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    JsonObject member = scenarios.addMember(employerId, "审核申请人", TestIdentities.newIdNumber(), phone, "6000.00");
    return new Applicant(member.getString("personId"), phone);
  }

  record Applicant(String personId, String phone) {}

  ReviewCase open(String businessId, Applicant applicant) throws Exception {
    return tx(conn -> reviews.open(conn, new ReviewRequest(type, businessId, applicant.personId(),
        List.of("测试：需人工审核"), new JsonObject().put("amount", "500000.00"))));
  }

  <T> T tx(Function<SqlConnection, Future<T>> work) throws Exception {
    return TestPlatform.app().pool().withTransaction(work::apply).await(10, TimeUnit.SECONDS);
  }

  String token(String staffId) throws Exception {
    return calls.staffToken(staffId);
  }

  HttpResponse<Buffer> decide(String token, String caseId, String step, String outcome, String reason)
      throws Exception {
    return decide(token, caseId, step, outcome, reason, "d-" + UUID.randomUUID());
  }

  HttpResponse<Buffer> decide(String token, String caseId, String step, String outcome, String reason, String key)
      throws Exception {
    return sendDecision(token, caseId, step, outcome, reason, key).await(10, TimeUnit.SECONDS);
  }

  /** A decision sent without waiting for its answer (for decisions that race). */
  Future<HttpResponse<Buffer>> sendDecision(String token, String caseId, String step, String outcome, String reason,
                                            String key) {
    JsonObject body = new JsonObject().put("step", step).put("outcome", outcome);
    if (reason != null) {
      body.put("reason", reason);
    }
    return calls.request("demo-counter", HttpMethod.POST, "/v1/review-cases/" + caseId + "/decision", body.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(token).putHeader("Idempotency-Key", key)
        .sendBuffer(body.toBuffer());
  }

  HttpResponse<Buffer> get(String token, String uri) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
        .putHeader("Idempotency-Key", "o-" + UUID.randomUUID());
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  /** The SMS texts the sandbox gateway got for this phone, polled until {@code count} arrived (10 s at most). */
  List<String> sms(String phone, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> texts;
    do {
      texts = client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=" + phone).send()
          .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items").stream()
          .map(m -> ((JsonObject) m).getString("text")).toList();
      if (texts.size() >= count) {
        return texts;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() < deadline);
    return texts;
  }

  long count(String sql, Object... args) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(args)).await(10, TimeUnit.SECONDS)
        .iterator().next().getLong(0);
  }

  /** The count, polled until it is {@code expected} (10 s at most): for work that commits after an answer. */
  long eventually(String sql, long expected, Object... args) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long found;
    do {
      found = count(sql, args);
    } while (found != expected && System.nanoTime() < deadline);
    return found;
  }

  static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("code");
  }

  static JsonObject ok(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }
}
