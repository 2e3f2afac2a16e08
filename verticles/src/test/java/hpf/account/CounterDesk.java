package hpf.account;

import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import hpf.ledger.Reconciliation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A counter clerk's calls for the contribution tests: signed through the demo counter app with a staff session,
 * plus the setup they share (an employer, members, a paid month) and the checks after every step (database
 * counts, ledger balances, the books).
 */
final class CounterDesk {

  static final ZoneId CENTER_ZONE = ZoneId.of("Asia/Shanghai");

  private final SignedCalls calls;
  private final String token;

  CounterDesk(Vertx vertx, String staffId) throws Exception {
    this.calls = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
    this.token = calls.staffToken(staffId);
  }

  static YearMonth thisMonth() {
    return YearMonth.from(LocalDate.now(CENTER_ZONE));
  }

  Future<HttpResponse<Buffer>> send(HttpMethod method, String uri, JsonObject body, String key) {
    Buffer payload = body == null ? null : body.toBuffer();
    var request = calls.request("demo-counter", method, uri, payload, System.currentTimeMillis())
        .bearerTokenAuthentication(token);
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return payload == null ? request.send() : request.sendBuffer(payload);
  }

  HttpResponse<Buffer> post(String uri, JsonObject body, String key) throws Exception {
    return send(HttpMethod.POST, uri, body, key).await(20, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> post(String uri, JsonObject body) throws Exception {
    return post(uri, body, "k-" + UUID.randomUUID());
  }

  HttpResponse<Buffer> get(String uri) throws Exception {
    return send(HttpMethod.GET, uri, null, null).await(20, TimeUnit.SECONDS);
  }

  /** A new employer with 12 % / 12 %, opened today. */
  String openEmployer(String name) throws Exception {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    HttpResponse<Buffer> opened = post("/v1/employers", new JsonObject().put("creditCode", first17
        + Identifiers.creditCheckCharacter(first17)).put("name", name).put("employerRatio", "0.12")
        .put("memberRatio", "0.12"));
    assertThat(opened.statusCode()).as(opened.bodyAsString()).isEqualTo(201);
    return opened.bodyAsJsonObject().getString("employerId");
  }

  /** A new member of the employer; answers the account (accountNo, personId, base, ...). */
  JsonObject addMember(String employerId, String monthlyWage) throws Exception {
    HttpResponse<Buffer> added = post("/v1/employers/" + employerId + "/members", new JsonObject().put("name", "职工")
        .put("idNumber", TestIdentities.newIdNumber()).put("phone", "13911112222").put("monthlyWage", monthlyWage));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    return added.bodyAsJsonObject();
  }

  /** Lists the employer's next month; answers the list. */
  JsonObject listMonth(String employerId, YearMonth month) throws Exception {
    HttpResponse<Buffer> listed = post("/v1/employers/" + employerId + "/remittances",
        new JsonObject().put("month", month.toString()));
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(201);
    return listed.bodyAsJsonObject();
  }

  /** Lists and pays the employer's next month with the money received at the bank. */
  void remit(String employerId, YearMonth month) throws Exception {
    String total = listMonth(employerId, month).getString("total");
    HttpResponse<Buffer> paid = post("/v1/employers/" + employerId + "/remittances/" + month + "/payment",
        new JsonObject().put("amount", total));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(200);
  }

  String balance(String personId) throws Exception {
    return get("/v1/members/" + personId + "/account").bodyAsJsonObject().getString("balance");
  }

  static String ledgerBalance(String accountId) throws Exception {
    return TestPlatform.app().pool().preparedQuery("SELECT sum(balance) FROM ledger_balance WHERE account_id = $1")
        .execute(Tuple.of(accountId)).await(10, TimeUnit.SECONDS).iterator().next().getBigDecimal(0).toPlainString();
  }

  static long count(String sql, Object... parameters) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(parameters))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("code");
  }

  /** Σ debit-normal balances (bank) = Σ credit-normal (members, suspense, payables), every transaction balanced. */
  static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS);
    assertThat(books.differences()).isEmpty();
  }
}
