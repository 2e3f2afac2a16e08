package hpf.withdrawal;

import hpf.boot.Scenarios;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.TestIdentities;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rent withdrawal end to end over HTTP against PostgreSQL: every refusal changes nothing, concurrent applications
 * never overdraw nor pass the one-in-flight rule, a replay answers the first result, a cancellation restores the
 * balance, and the books reconcile after every step.
 */
@ExtendWith(VertxExtension.class)
class WithdrawalsTest {

  private WebClient client;
  private SignedCalls calls;
  private String counter;
  private Scenarios scenarios;

  @Test
  void rentWithdrawalIsCheckedPostedWithItsInstructionAndCancellable(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    // The demo member 张三 joins a new employer, so it can also apply itself through the mobile app.
    DemoPeople.Person demo = DemoPeople.person("P00000001");
    String personId = memberWithOneMonthPaid(demo);
    assertThat(personId).isEqualTo(demo.personId());
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    JsonObject rent = new JsonObject().put("reason", "07").put("amount", "1000.00");

    assertThat(code(post(withdrawals, rent, "k-" + UUID.randomUUID()))).isEqualTo("BANK_CARD_REQUIRED");
    JsonObject card = new JsonObject().put("cardNumber", "6222021234567890128").put("bankCode", "102");
    assertThat(calls.request("demo-counter", HttpMethod.PUT, "/v1/members/" + personId + "/bank-card", card.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(counter).putHeader("Idempotency-Key", "c-" + UUID.randomUUID())
        .sendBuffer(card.toBuffer()).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    assertThat(code(post(withdrawals, rent.copy().put("reason", "99"), "k-" + UUID.randomUUID())))
        .isEqualTo("WITHDRAWAL_REASON_UNSUPPORTED");
    assertThat(code(post(withdrawals, rent.copy().put("amount", "1500.01"), "k-" + UUID.randomUUID())))
        .isEqualTo("WITHDRAWAL_LIMIT_EXCEEDED");
    HttpResponse<Buffer> tooMuch = post(withdrawals, rent.copy().put("amount", "1500.00"), "k-" + UUID.randomUUID());
    assertThat(code(tooMuch)).isEqualTo("INSUFFICIENT_BALANCE");
    contract.conforms("applyWithdrawal", tooMuch);
    assertThat(code(post(withdrawals, rent.copy().put("amount", "0.00"), "k-" + UUID.randomUUID())))
        .isEqualTo("AMOUNT_INVALID");
    assertThat(balance(personId)).isEqualTo("1200.00");
    assertThat(count("SELECT count(*) FROM withdrawal_application WHERE person_id = $1", personId)).isZero();

    // Eight applications at once, each with its own key: one is accepted, the rest find it in flight.
    List<String> keys = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      keys.add("race-" + UUID.randomUUID());
      racing.add(send(withdrawals, rent, keys.get(i)));
    }
    Future.join(racing).await(30, TimeUnit.SECONDS);
    List<HttpResponse<Buffer>> accepted = racing.stream().map(Future::result).filter(r -> r.statusCode() == 202).toList();
    assertThat(accepted).hasSize(1);
    assertThat(racing.stream().map(Future::result).filter(r -> r.statusCode() != 202))
        .hasSize(7).allSatisfy(r -> assertThat(code(r)).isEqualTo("WITHDRAWAL_IN_FLIGHT"));
    HttpResponse<Buffer> first = accepted.get(0);
    contract.conforms("applyWithdrawal", first);
    JsonObject application = first.bodyAsJsonObject();
    assertThat(application.getString("status")).isEqualTo("APPROVED");
    assertThat(application.getString("paymentStatus")).isEqualTo("PENDING");
    assertThat(balance(personId)).isEqualTo("200.00");
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1 AND status = 'PENDING'"
        + " AND amount = 1000.00 AND bus_type = '02'", "withdrawal:" + application.getString("applicationId"))).isEqualTo(1);
    assertBooksReconcile();

    // The accepted request replayed answers the same application and changes nothing.
    String acceptedKey = keys.get(racing.indexOf(racing.stream().filter(f -> f.result() == first).findFirst().orElseThrow()));
    HttpResponse<Buffer> replay = post(withdrawals, rent, acceptedKey);
    assertThat(replay.statusCode()).isEqualTo(202);
    assertThat(replay.bodyAsJsonObject().getString("applicationId")).isEqualTo(application.getString("applicationId"));
    assertThat(count("SELECT count(*) FROM withdrawal_application WHERE person_id = $1", personId)).isEqualTo(1);
    assertThat(balance(personId)).isEqualTo("200.00");

    // Another member cannot see or touch this member's withdrawals.
    String other = memberToken(DemoPeople.person("P00000003").idNumber());
    assertThat(memberPost(other, withdrawals, rent).statusCode()).isEqualTo(404);

    String cancellation = withdrawals + "/" + application.getString("applicationId") + "/cancellation";
    HttpResponse<Buffer> cancelled = post(cancellation, null, "x-" + UUID.randomUUID());
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    contract.conforms("cancelWithdrawal", cancelled);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(cancelled.bodyAsJsonObject().getString("paymentStatus")).isEqualTo("CANCELLED");
    assertThat(balance(personId)).isEqualTo("1200.00");
    assertThat(code(post(cancellation, null, "x-" + UUID.randomUUID()))).isEqualTo("WITHDRAWAL_NOT_CANCELLABLE");
    assertBooksReconcile();

    // The member itself, through the mobile app: bound by that channel's single limit, checked before anything else.
    String own = memberToken(demo.idNumber());
    assertThat(code(memberPost(own, withdrawals, rent.copy().put("amount", "50000.01"))))
        .isEqualTo("CHANNEL_SINGLE_LIMIT_EXCEEDED");
    // A cancelled application neither blocks a new one nor counts against the month's cap.
    HttpResponse<Buffer> again = memberPost(own, withdrawals, rent.copy().put("amount", "1200.00"));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(202);
    assertThat(balance(personId)).isEqualTo("0.00");
    HttpResponse<Buffer> progress = calls.request("demo-counter", HttpMethod.GET, withdrawals, null,
        System.currentTimeMillis()).bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
    contract.conforms("listWithdrawals", progress);
    assertThat(progress.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
    assertThat(progress.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("APPROVED");
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation IN ('applyWithdrawal', 'cancelWithdrawal')"
        + " AND details->>'personId' = $1", personId)).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'applyWithdrawal' AND channel = 'demo-mobile'"
        + " AND actor = $1", personId)).isEqualTo(1);
    assertBooksReconcile();

    // The year's statement adds it up: 1200.00 remitted; 1000.00 out, back in on cancellation; 1200.00 out.
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    int year = today.getMonthValue() >= 7 ? today.getYear() + 1 : today.getYear();
    HttpResponse<Buffer> statement = calls.request("demo-counter", HttpMethod.GET, "/v1/members/" + personId
        + "/account/statements/" + year, null, System.currentTimeMillis()).bearerTokenAuthentication(counter).send()
        .await(10, TimeUnit.SECONDS);
    contract.conforms("getAnnualStatement", statement);
    JsonObject sums = statement.bodyAsJsonObject();
    assertThat(List.of(sums.getString("opening"), sums.getString("in"), sums.getString("out"), sums.getString("closing")))
        .containsExactly("0.00", "2200.00", "2200.00", "0.00");
    assertThat(sums.getJsonArray("lines").encode()).isEqualTo(new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("businessType", "01").put("in", "1200.00").put("out", "0.00"))
        .add(new JsonObject().put("businessType", "11").put("in", "1000.00").put("out", "2200.00")).encode());
    assertThat(code(calls.request("demo-counter", HttpMethod.GET, "/v1/members/" + personId + "/account/statements/"
        + (year + 1), null, System.currentTimeMillis()).bearerTokenAuthentication(counter).send()
        .await(10, TimeUnit.SECONDS))).isEqualTo("STATEMENT_YEAR_NOT_BEGUN");
  }

  @Test
  void aBlockedMemberIsRefusedUntilTheEntryIsLifted(Vertx vertx) throws Exception {
    ContractCheck admin = new ContractCheck(vertx, Zone.ADMIN);
    String personId = memberWithOneMonthPaid(newPerson("孙八", "13911114444"));
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    JsonObject rent = new JsonObject().put("reason", "07").put("amount", "100.00");

    HttpResponse<Buffer> listed = operator(HttpMethod.PUT, "/v1/blocked-persons/" + personId)
        .sendJsonObject(new JsonObject().put("reason", "骗提公积金，列入期限三年")).await(10, TimeUnit.SECONDS);
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(201);
    admin.conforms("blockPerson", listed);
    assertThat(code(operator(HttpMethod.PUT, "/v1/blocked-persons/" + personId)
        .sendJsonObject(new JsonObject().put("reason", "再次")).await(10, TimeUnit.SECONDS))).isEqualTo("ALREADY_BLOCKED");
    HttpResponse<Buffer> list = operator(HttpMethod.GET, "/v1/blocked-persons").send().await(10, TimeUnit.SECONDS);
    admin.conforms("listBlockedPersons", list);
    assertThat(list.bodyAsString()).contains(personId);

    assertThat(code(post(withdrawals, rent, "b-" + UUID.randomUUID()))).isEqualTo("MEMBER_BLOCKED");
    HttpResponse<Buffer> lifted = operator(HttpMethod.DELETE, "/v1/blocked-persons/" + personId).send()
        .await(10, TimeUnit.SECONDS);
    admin.conforms("liftBlockedPerson", lifted);
    assertThat(lifted.statusCode()).isEqualTo(200);
    assertThat(code(operator(HttpMethod.DELETE, "/v1/blocked-persons/" + personId).send().await(10, TimeUnit.SECONDS)))
        .isEqualTo("BLOCKED_ENTRY_NOT_FOUND");
    // Lifted: the next refusal is about the missing card, the block no longer applies.
    assertThat(code(post(withdrawals, rent, "b-" + UUID.randomUUID()))).isEqualTo("BANK_CARD_REQUIRED");
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation IN ('blockPerson', 'liftBlockedPerson')"
        + " AND target = $1", "person:" + personId)).isEqualTo(2);
  }

  @Test
  void anAgreedRentWithdrawalIsAppliedOncePerMonthAndRefusalsAreRecorded(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    ContractCheck admin = new ContractCheck(vertx, Zone.ADMIN);
    String personId = memberWithOneMonthPaid(newPerson("周九", "13911115555"));
    String agreements = "/v1/members/" + personId + "/withdrawal-agreements";
    JsonObject monthly = new JsonObject().put("reason", "07").put("monthlyAmount", "500.00");

    assertThat(code(post(agreements, monthly, "a-" + UUID.randomUUID()))).isEqualTo("BANK_CARD_REQUIRED");
    JsonObject card = new JsonObject().put("cardNumber", "4111111111111111").put("bankCode", "105");
    calls.request("demo-counter", HttpMethod.PUT, "/v1/members/" + personId + "/bank-card", card.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(counter).putHeader("Idempotency-Key", "c-" + UUID.randomUUID())
        .sendBuffer(card.toBuffer()).await(10, TimeUnit.SECONDS);
    assertThat(code(post(agreements, monthly.copy().put("monthlyAmount", "1600.00"), "a-" + UUID.randomUUID())))
        .isEqualTo("WITHDRAWAL_LIMIT_EXCEEDED");
    HttpResponse<Buffer> signed = post(agreements, monthly, "a-" + UUID.randomUUID());
    assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(201);
    contract.conforms("signWithdrawalAgreement", signed);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    assertThat(signed.bodyAsJsonObject().getString("endsOn")).isEqualTo(today.plusYears(1).minusDays(1).toString());
    String agreementId = signed.bodyAsJsonObject().getString("agreementId");
    assertThat(code(post(agreements, monthly, "a-" + UUID.randomUUID()))).isEqualTo("AGREEMENT_EXISTS");

    // Run twice (and a third time below): the month's withdrawal is applied once.
    for (int i = 0; i < 2; i++) {
      HttpResponse<Buffer> run = operator(HttpMethod.POST, "/v1/jobs/agreed-withdrawals").send().await(30, TimeUnit.SECONDS);
      assertThat(run.statusCode()).as(run.bodyAsString()).isEqualTo(200);
      admin.conforms("runAgreedWithdrawals", run);
    }
    String period = YearMonth.from(today).toString();
    assertThat(count("SELECT count(*) FROM withdrawal_agreement_run WHERE agreement_id = $1 AND outcome = 'APPLIED'"
        + " AND application_id IS NOT NULL AND period = '" + period + "'", agreementId)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM withdrawal_application WHERE person_id = $1 AND amount = 500.00"
        + " AND status = 'APPROVED'", personId)).isEqualTo(1);
    assertThat(balance(personId)).isEqualTo("700.00");
    assertBooksReconcile();

    HttpResponse<Buffer> renewed = post(agreements + "/" + agreementId + "/renewal", null, "r-" + UUID.randomUUID());
    contract.conforms("renewWithdrawalAgreement", renewed);
    assertThat(renewed.bodyAsJsonObject().getString("endsOn")).isEqualTo(today.plusYears(2).minusDays(1).toString());
    HttpResponse<Buffer> ended = post(agreements + "/" + agreementId + "/termination", null, "t-" + UUID.randomUUID());
    contract.conforms("terminateWithdrawalAgreement", ended);
    assertThat(ended.bodyAsJsonObject().getString("status")).isEqualTo("TERMINATED");
    assertThat(code(post(agreements + "/" + agreementId + "/termination", null, "t-" + UUID.randomUUID())))
        .isEqualTo("AGREEMENT_NOT_FOUND");

    // A new agreement this month meets the first application still in flight: refused, recorded, not retried.
    String second = post(agreements, monthly, "a-" + UUID.randomUUID()).bodyAsJsonObject().getString("agreementId");
    operator(HttpMethod.POST, "/v1/jobs/agreed-withdrawals").send().await(30, TimeUnit.SECONDS);
    assertThat(count("SELECT count(*) FROM withdrawal_agreement_run WHERE agreement_id = $1"
        + " AND outcome = 'WITHDRAWAL_IN_FLIGHT' AND application_id IS NULL", second)).isEqualTo(1);
    // The agreement nearing its end (time moved on in the database): one renewal reminder, however many runs.
    TestPlatform.app().pool().preparedQuery("UPDATE withdrawal_agreement SET ends_on = $2 WHERE agreement_id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(second, today.plusDays(10))).await(10, TimeUnit.SECONDS);
    for (int i = 0; i < 2; i++) {
      operator(HttpMethod.POST, "/v1/jobs/agreed-withdrawals").send().await(30, TimeUnit.SECONDS);
    }
    var sms = client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=13911115555").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items");
    assertThat(sms.stream().map(m -> ((JsonObject) m).getString("text")).filter(t -> t.contains("续期")))
        .containsExactly("【住房公积金】您的按月租房提取约定将于 " + today.plusDays(10)
            + " 到期，如需继续提取请在到期前通过网上大厅、手机 App 或柜台办理续期。");
    HttpResponse<Buffer> listed = calls.request("demo-counter", HttpMethod.GET, agreements, null,
        System.currentTimeMillis()).bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
    contract.conforms("listWithdrawalAgreements", listed);
    assertThat(listed.bodyAsJsonObject().getJsonArray("items")).hasSize(2);
    assertThat(balance(personId)).isEqualTo("700.00");
    assertBooksReconcile();
  }

  private io.vertx.ext.web.client.HttpRequest<Buffer> operator(HttpMethod method, String uri) {
    return client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).putHeader("Idempotency-Key", "o-" + UUID.randomUUID());
  }

  @BeforeEach
  void loginAsCounterStaff(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    counter = calls.staffToken("counter.li");
    scenarios = new Scenarios(client, calls, counter);
  }

  /** Someone not yet known to the center, with a valid identity card number. */
  private static DemoPeople.Person newPerson(String name, String phone) {
    return new DemoPeople.Person(null, name, TestIdentities.newIdNumber(), phone);
  }

  /** A new employer and member, with one month remitted and paid: 5000.00 × (12 % + 12 %) = 1200.00. */
  private String memberWithOneMonthPaid(DemoPeople.Person person) throws Exception {
    return scenarios.memberWithOneMonthPaid("提取测试有限公司", person.name(), person.idNumber(), person.phone());
  }

  private HttpResponse<Buffer> memberPost(String token, String uri, JsonObject body) throws Exception {
    return calls.request("demo-mobile", HttpMethod.POST, uri, body.toBuffer(), System.currentTimeMillis())
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", "own-" + UUID.randomUUID())
        .sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
  }

  private String memberToken(String idNumber) throws Exception {
    return scenarios.memberToken(idNumber);
  }

  private Future<HttpResponse<Buffer>> send(String uri, JsonObject body, String key) {
    Buffer payload = body == null ? Buffer.buffer() : body.toBuffer();
    var request = calls.request("demo-counter", HttpMethod.POST, uri, body == null ? null : payload,
        System.currentTimeMillis()).bearerTokenAuthentication(counter).putHeader("Idempotency-Key", key);
    return body == null ? request.send() : request.sendBuffer(payload);
  }

  private HttpResponse<Buffer> post(String uri, JsonObject body, String key) throws Exception {
    return send(uri, body, key).await(10, TimeUnit.SECONDS);
  }

  private String balance(String personId) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, "/v1/members/" + personId + "/account", null,
            System.currentTimeMillis()).bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getString("balance");
  }

  private static long count(String sql, String parameter) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.of(parameter))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("code");
  }

  private static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS);
    assertThat(books.differences()).isEmpty();
  }
}
