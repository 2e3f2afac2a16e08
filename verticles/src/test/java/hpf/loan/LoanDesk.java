package hpf.loan;

import hpf.boot.Scenarios;
import hpf.boot.TestOperators;
import hpf.boot.MemberLogins;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.TestIdentities;
import hpf.review.ReviewCase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the loan tests work with, over HTTP against the shared test platform and its sandbox sources: members whose
 * sandbox answers are chosen by their ID number (hpf.sandbox.SourceFacts: {@code a} marriage and months of deposit,
 * {@code b} homes and loans), their consent to the loan's sources, an application's body, signed calls as the counter
 * clerk or the member, staff decisions on the review case, and a look at the database.
 */
final class LoanDesk {

  static final List<String> BORROWER_SOURCES = LoanVerdicts.BORROWER_SOURCES;
  static final List<String> CO_BORROWER_SOURCES = LoanVerdicts.CO_BORROWER_SOURCES;
  /** The card the tests repay from (Luhn-valid, bank 102). */
  static final String CARD = "6222021234567890128";

  final WebClient client;
  final SignedCalls calls;
  final Scenarios scenarios;
  final String counter;

  LoanDesk(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    counter = calls.staffToken("counter.li");
    scenarios = new Scenarios(client, calls, counter);
  }

  /**
   * A member (one month paid: balance 1200.00, ceiling 15 × 1200.00) born in the 1980s with the chosen answers; the
   * birthday varies so that members with the same answers have different ID numbers.
   */
  Member member(int a, int b) throws Exception {
    return member(LocalDate.of(1980, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3650)), a, b);
  }

  Member member(LocalDate born, int a, int b) throws Exception {
    String idNumber = TestIdentities.newIdNumber(born, true, a, b);
    String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    String personId = scenarios.memberWithCard("贷款测试单位", "贷款申请人", idNumber, phone);
    return new Member(personId, idNumber, phone);
  }

  record Member(String personId, String idNumber, String phone) {
    String contractNo() {
      return "HT" + idNumber.substring(12);
    }

    String applications() {
      return "/v1/members/" + personId + "/loan-applications";
    }
  }

  /** The member's own session through the given demo app ({@link MemberLogins}). */
  String memberToken(String app, Member m) throws Exception {
    return MemberLogins.session(calls, client, app, m.personId(), m.idNumber(), m.phone());
  }

  /** The member's consent to be asked about for a loan, covering the sources. */
  void consent(String personId, List<String> sources) throws Exception {
    HttpResponse<Buffer> granted = post(counter, "/v1/members/" + personId + "/consents", new JsonObject()
        .put("purpose", "LOAN").put("scopes", new JsonArray(sources))
        .put("validUntil", OffsetDateTime.now(ZoneId.of("Asia/Shanghai")).plusMonths(6).toInstant().toString()));
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(201);
  }

  /** A first home at the sandbox's filed price, {@code amount} over {@code months}, equal installments. */
  static JsonObject application(Member m, String amount, int months) {
    return new JsonObject().put("home", new JsonObject().put("contractNo", m.contractNo()).put("price", "2680000.00")
            .put("area", "89.50").put("kind", "NEW").put("homeOrdinal", 1))
        .put("amount", amount).put("termMonths", months).put("repaymentMethod", "01")
        .put("repaymentCard", new JsonObject().put("bankCode", "102").put("cardNumber", CARD));
  }

  HttpResponse<Buffer> post(String token, String uri, JsonObject body) throws Exception {
    return post("demo-counter", token, uri, body, "k-" + UUID.randomUUID());
  }

  HttpResponse<Buffer> post(String app, String token, String uri, JsonObject body, String key) throws Exception {
    Buffer payload = body == null ? null : body.toBuffer();
    var request = calls.request(app, HttpMethod.POST, uri, payload, System.currentTimeMillis())
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", key);
    return (payload == null ? request.send() : request.sendBuffer(payload)).await(30, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> get(String app, String token, String uri) throws Exception {
    return calls.request(app, HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }

  /** A staff decision on the loan application's review case at its current step; answers the case after it. */
  JsonObject decide(String staff, String applicationId, String outcome, String reason) throws Exception {
    ReviewCase c = reviewCase(applicationId);
    JsonObject body = new JsonObject().put("step", c.currentStep()).put("outcome", outcome);
    if (reason != null) {
      body.put("reason", reason);
    }
    HttpResponse<Buffer> decided = post("demo-counter", calls.staffToken(staff),
        "/v1/review-cases/" + c.caseId() + "/decision", body, "d-" + UUID.randomUUID());
    assertThat(decided.statusCode()).as(decided.bodyAsString()).isEqualTo(200);
    return decided.bodyAsJsonObject();
  }

  static ReviewCase reviewCase(String applicationId) throws Exception {
    return TestPlatform.app().review().reviews().find(TestPlatform.app().pool(), LoanRoom.BUSINESS_TYPE, applicationId)
        .await(10, TimeUnit.SECONDS).orElseThrow();
  }

  static long count(String sql, Object parameter) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.of(parameter))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("code");
  }

  /** Lifts an isolation the tests' faults may have caused, so later tests see the source again. */
  void lift(String dependency) throws Exception {
    client.request(HttpMethod.DELETE, TestPlatform.port(Zone.ADMIN), "127.0.0.1",
            "/v1/dependencies/" + dependency + "/isolation")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
        .putHeader("Idempotency-Key", "o-" + UUID.randomUUID())
        .sendJsonObject(new JsonObject().put("reason", "测试结束")).await(10, TimeUnit.SECONDS);
  }

  /** Sets or clears ({@code fault} null) a sandbox fault on a dependency. */
  void fault(String dependency, JsonObject fault) throws Exception {
    int port = TestPlatform.app().sandboxPort();
    HttpResponse<Buffer> done = fault == null
        ? client.delete(port, "127.0.0.1", "/sandbox/faults/" + dependency).send().await(10, TimeUnit.SECONDS)
        : client.put(port, "127.0.0.1", "/sandbox/faults/" + dependency).sendJsonObject(fault).await(10, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.bodyAsString()).isIn(200, 204);
  }
}
