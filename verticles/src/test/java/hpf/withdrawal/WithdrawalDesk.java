package hpf.withdrawal;

import hpf.boot.Scenarios;
import hpf.boot.TestOperators;
import hpf.boot.MemberLogins;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.TestIdentities;
import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.ledger.Reconciliation;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the withdrawal reason tests work with, over HTTP against the shared test platform and its sandbox sources:
 * members whose sandbox answers are chosen by their ID number (hpf.sandbox.SourceFacts), their consent, applications
 * as the counter clerk or the member itself, the two reviewers' decisions, sandbox faults and the books.
 */
final class WithdrawalDesk {

  static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");
  /** Every request of a faulted source answered 503. */
  static final JsonObject DOWN = new JsonObject().put("errorRatio", 1.0).put("errorStatus", 503);

  private final WebClient client;
  private final SignedCalls calls;
  private final Scenarios scenarios;
  private final Map<String, String> phones = new HashMap<>();
  final String counter;
  final String zhao;
  final String qian;

  WithdrawalDesk(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    counter = calls.staffToken("counter.li");
    zhao = calls.staffToken("reviewer.zhao");
    qian = calls.staffToken("reviewer.qian");
    scenarios = new Scenarios(client, calls, counter);
  }

  /** A new ID number (random birthday from 1970 to 1999) with the sandbox digits {@code a} and {@code b}. */
  static String idNumber(int a, int b) {
    LocalDate birthday = LocalDate.of(1970, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(10_950));
    return TestIdentities.newIdNumber(birthday, ThreadLocalRandom.current().nextBoolean(), a, b);
  }

  /**
   * A new employer and member with one month paid (1200.00) and a bound card; answers the person id. Each member has
   * a phone of its own, so its login code is its own.
   */
  String member(String idNumber) throws Exception {
    String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    String personId = scenarios.memberWithCard("提取原因测试有限公司", "测试职工", idNumber, phone);
    phones.put(personId, phone);
    return personId;
  }

  /** The member's own session through the demo mobile app ({@link MemberLogins}). */
  String memberToken(String personId, String idNumber) throws Exception {
    return MemberLogins.session(calls, client, "demo-mobile", personId, idNumber, phones.get(personId));
  }

  /** Counter staff record the member's consent for the purpose, covering the reason's data sources. */
  void consent(String personId, String purpose, String... scopes) throws Exception {
    HttpResponse<Buffer> granted = post(counter, "/v1/members/" + personId + "/consents", new JsonObject()
        .put("purpose", purpose).put("scopes", new JsonArray(List.of(scopes)))
        .put("validUntil", OffsetDateTime.now(CENTER).plusMonths(6).toInstant().toString()));
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(201);
  }

  /** The employer removes the member (终止劳动关系): the account is sealed (02). */
  void seal(String personId) throws Exception {
    Row account = TestPlatform.app().pool().preparedQuery("SELECT employer_id, account_no FROM member_account "
        + "WHERE person_id = $1 AND status = '01'").execute(Tuple.of(personId)).await(10, TimeUnit.SECONDS).iterator().next();
    HttpResponse<Buffer> removed = post(counter, "/v1/employers/" + account.getString("employer_id") + "/members/"
        + account.getString("account_no") + "/removal", new JsonObject());
    assertThat(removed.statusCode()).as(removed.bodyAsString()).isEqualTo(200);
  }

  HttpResponse<Buffer> apply(String personId, JsonObject body) throws Exception {
    return post(counter, "/v1/members/" + personId + "/withdrawals", body);
  }

  /** The member's own application through the demo mobile app. */
  HttpResponse<Buffer> applyOwn(String token, String personId, JsonObject body) throws Exception {
    return calls.request("demo-mobile", HttpMethod.POST, "/v1/members/" + personId + "/withdrawals", body.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", "own-" + UUID.randomUUID()).sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
  }

  /** The first reviewer, then a second, different one, approve: the decided application. */
  JsonObject approveTwice(String applicationId) throws Exception {
    String decision = "/v1/withdrawal-reviews/" + applicationId + "/decision";
    HttpResponse<Buffer> first = post(zhao, decision, new JsonObject().put("stage", "FIRST").put("decision", "APPROVE")
        .put("comment", "材料已核对"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> second = post(qian, decision, new JsonObject().put("stage", "SECOND").put("decision", "APPROVE")
        .put("comment", "同意"));
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
    return second.bodyAsJsonObject();
  }

  JsonObject reject(String applicationId, String comment) throws Exception {
    HttpResponse<Buffer> rejected = post(zhao, "/v1/withdrawal-reviews/" + applicationId + "/decision",
        new JsonObject().put("stage", "FIRST").put("decision", "REJECT").put("comment", comment));
    assertThat(rejected.statusCode()).as(rejected.bodyAsString()).isEqualTo(200);
    return rejected.bodyAsJsonObject();
  }

  /** Marks an application paid, as the settlement dispatcher does once the bank has paid it. */
  static void paid(String applicationId) throws Exception {
    TestPlatform.app().pool().preparedQuery("UPDATE withdrawal_application SET status = 'PAID' WHERE application_id = $1")
        .execute(Tuple.of(applicationId)).await(10, TimeUnit.SECONDS);
  }

  /** Sets or clears ({@code fault} null) a sandbox fault on a dependency. */
  void fault(String dependency, JsonObject fault) throws Exception {
    int port = TestPlatform.app().sandboxPort();
    HttpResponse<Buffer> done = fault == null
        ? client.delete(port, "127.0.0.1", "/sandbox/faults/" + dependency).send().await(10, TimeUnit.SECONDS)
        : client.put(port, "127.0.0.1", "/sandbox/faults/" + dependency).sendJsonObject(fault).await(10, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.bodyAsString()).isIn(200, 204);
  }

  /** Clears the fault and lifts any isolation it caused, so later tests see the source again. */
  void restore(String dependency) throws Exception {
    fault(dependency, null);
    admin(HttpMethod.DELETE, "/v1/dependencies/" + dependency + "/isolation", new JsonObject().put("reason", "测试结束"));
  }

  HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body) throws Exception {
    return client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
        .putHeader("Idempotency-Key", "o-" + UUID.randomUUID()).sendJsonObject(body).await(10, TimeUnit.SECONDS);
  }

  /** A remittance-like credit today, so a member holds more than one month's deposit. */
  static void credit(String personId, Money amount) throws Exception {
    var pool = TestPlatform.app().pool();
    String ledgerAccount = pool.preparedQuery("SELECT ledger_account FROM member_account WHERE person_id = $1 AND status = '01'")
        .execute(Tuple.of(personId)).await(10, TimeUnit.SECONDS).iterator().next().getString(0);
    String ref = "test-credit:" + personId + ":" + UUID.randomUUID();
    pool.withTransaction(conn -> new Ledger().post(conn, new Ledger.Posting("01", ref, ref, LocalDate.now(CENTER),
            "测试：汇缴", List.of(new Ledger.Entry("BANK:center", Ledger.Side.DEBIT, amount),
                new Ledger.Entry(ledgerAccount, Ledger.Side.CREDIT, amount)))))
        .await(10, TimeUnit.SECONDS);
  }

  /** The check of one source in an application. */
  static JsonObject check(JsonObject application, String source) {
    return application.getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> c.getString("source").equals(source)).findFirst().orElseThrow();
  }

  String balance(String personId) throws Exception {
    return get(counter, "/v1/members/" + personId + "/account").bodyAsJsonObject().getString("balance");
  }

  String accountStatus(String personId) throws Exception {
    return get(counter, "/v1/members/" + personId + "/account").bodyAsJsonObject().getString("status");
  }

  HttpResponse<Buffer> post(String token, String uri, JsonObject body) throws Exception {
    Buffer payload = body == null ? null : body.toBuffer();
    var request = calls.request("demo-counter", HttpMethod.POST, uri, payload, System.currentTimeMillis())
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", "k-" + UUID.randomUUID());
    return (payload == null ? request.send() : request.sendBuffer(payload)).await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String token, String uri) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }

  static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("code");
  }

  static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS);
    assertThat(books.differences()).isEmpty();
  }
}
