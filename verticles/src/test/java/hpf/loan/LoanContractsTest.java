package hpf.loan;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.crypto.PasswordHash;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoPeople;
import hpf.settlement.dispatch.DispatchTuning;
import hpf.settlement.dispatch.Dispatcher;
import hpf.settlement.dispatch.SettlementFixture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.loan.LoanDesk.code;
import static hpf.loan.LoanDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * From an approved application to an active loan over HTTP, against PostgreSQL, the sandbox registry and the sandbox
 * bank: the borrower signs the contract (an SM2 document anyone can verify), counter staff check the mortgage
 * pre-registration and ask for the payment, a reviewer releases it, the bank pays and the loan is ACTIVE with its
 * schedule. A payment the bank refuses is reversed and asked for again; an uncertain answer is queried, never sent
 * twice; the books reconcile after each.
 */
@ExtendWith(VertxExtension.class)
class LoanContractsTest {

  private static final String PAYEE_ACCOUNT = "1020350200012345678";
  private static final String HALL = "demo-online-hall";

  private LoanDesk desk;
  private String reviewer;
  private Dispatcher dispatcher;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new LoanDesk(vertx);
    reviewer = desk.calls.staffToken("reviewer.zhao");
    // The shared test platform does not dispatch; this test runs a dispatcher of its own, as the settlement tests do.
    dispatcher = new SettlementFixture(vertx).dispatcher("loan-" + UUID.randomUUID(), TestPlatform.app().vertx(),
        TestPlatform.app().pool(), DispatchTuning.defaults());
    dispatcher.start();
  }

  @AfterEach
  void stopDispatcher() {
    dispatcher.stop();
  }

  @Test
  void anApprovedApplicationIsSignedPreRegisteredPaidOnceAndActive(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    LoanDesk.Member m = member(1, 2);
    String applicationId = approved(m, "15000.00", 120);
    String memberToken = session(m);

    HttpResponse<Buffer> signed = desk.post(HALL, memberToken, contractPath(m, applicationId), signing(),
        "c-" + UUID.randomUUID());
    assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(201);
    contract.conforms("signLoanContract", signed);
    JsonObject c = signed.bodyAsJsonObject();
    String contractId = c.getString("contractId");
    assertThat(c.getString("state")).isEqualTo("SIGNED");
    assertThat(c.getJsonObject("payee").getString("accountNo")).doesNotContain(PAYEE_ACCOUNT);
    JsonObject content = c.getJsonObject("document").getJsonObject("content");
    assertThat(content.getJsonObject("schedulePreview").getJsonArray("rows")).hasSize(120);
    assertThat(verifies(vertx, c.getJsonObject("document"))).isTrue();
    content.put("principal", "150000.00");
    assertThat(verifies(vertx, c.getJsonObject("document"))).as("a changed contract no longer verifies").isFalse();
    assertThat(applicationState(applicationId)).isEqualTo("CONTRACTED");
    assertThat(code(desk.post(HALL, memberToken, contractPath(m, applicationId), signing(),
        "c-" + UUID.randomUUID()))).isEqualTo("LOAN_APPLICATION_NOT_APPROVED");
    LoanDesk.Member other = member(5, 2);
    assertThat(desk.get(HALL, session(other), contractOf(m, contractId))
        .statusCode()).isEqualTo(404);

    // The registry is asked only with the borrower's consent to that source.
    assertThat(code(desk.post(desk.counter, "/v1/loan-contracts/" + contractId + "/pre-registration", null)))
        .isEqualTo("CONSENT_REQUIRED");
    desk.consent(m.personId(), List.of(LoanPreRegistration.SOURCE));
    HttpResponse<Buffer> checked = desk.post(desk.counter, "/v1/loan-contracts/" + contractId + "/pre-registration", null);
    assertThat(checked.statusCode()).as(checked.bodyAsString()).isEqualTo(200);
    contract.conforms("checkLoanPreRegistration", checked);
    assertThat(checked.bodyAsJsonObject().getString("preRegistrationNo")).endsWith("-2");
    assertThat(count("SELECT count(*) FROM evidence_record WHERE business_ref = $1", "loan-contract:" + contractId))
        .isEqualTo(1);

    String instructionId = requestAndRelease(contract, contractId);
    await("the loan active", () -> "ACTIVE".equals(contractState(contractId)));
    HttpResponse<Buffer> active = desk.get(HALL, memberToken, contractOf(m, contractId));
    contract.conforms("getLoanContract", active);
    JsonObject loan = active.bodyAsJsonObject();
    JsonArray rows = loan.getJsonObject("schedule").getJsonArray("rows");
    assertThat(rows).hasSize(120);
    BigDecimal principal = BigDecimal.ZERO;
    for (Object row : rows) {
      principal = principal.add(new BigDecimal(((JsonArray) row).getString(2)));
    }
    assertThat(principal).isEqualByComparingTo("15000.00");
    assertThat(rows.getJsonArray(119).getString(5)).isEqualTo("0.00");
    assertThat(loan.getString("annualRate")).isEqualTo("0.026");
    assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo("15000.00");
    assertThat(bookings("102", serial(instructionId))).isEqualTo(1);
    assertBooksReconcile();
  }

  @Test
  void withoutAPreRegistrationNoMoneyMoves() throws Exception {
    LoanDesk.Member m = member(2, 2);
    String applicationId = approved(m, "12000.00", 60);
    HttpResponse<Buffer> signed = desk.post(desk.counter, contractPath(m, applicationId), signing());
    assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(201);
    String contractId = signed.bodyAsJsonObject().getString("contractId");
    desk.consent(m.personId(), List.of(LoanPreRegistration.SOURCE));
    assertThat(code(desk.post(desk.counter, "/v1/loan-contracts/" + contractId + "/pre-registration", null)))
        .isEqualTo("LOAN_PRE_REGISTRATION_MISSING");
    assertThat(contractState(contractId)).isEqualTo("SIGNED");
    assertThat(code(desk.post(desk.counter, "/v1/loan-contracts/" + contractId + "/disbursement", null)))
        .isEqualTo("LOAN_NOT_READY_FOR_DISBURSEMENT");
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1", "loan:" + contractId))
        .isZero();
  }

  @Test
  void aRefusedPaymentIsReversedAndAnUncertainOneIsAskedAboutNeverSentTwice(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    LoanDesk.Member m = member(1, 2);
    String contractId = preRegistered(m, "9000.00", 36);
    try {
      bank(HttpMethod.PUT, new JsonObject().put("rejectCodes", new JsonArray().add("B2001")).put("rejectRatio", 1.0));
      requestAndRelease(contract, contractId);
      await("the payment refused", () -> "DISBURSEMENT_FAILED".equals(contractState(contractId)));
      assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo("0.00");
      assertBooksReconcile();

      bank(HttpMethod.PUT, new JsonObject().put("uncertain", new JsonObject().put("settleAs", "SUCCEEDED")
          .put("afterQueries", 1).put("afterMs", 0)));
      String second = requestAndRelease(contract, contractId);
      await("the uncertain payment settled", () -> "ACTIVE".equals(contractState(contractId)));
      assertThat(bookings("102", serial(second))).isEqualTo(1);
    } finally {
      bank(HttpMethod.DELETE, null);
    }
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1", "loan:" + contractId))
        .isEqualTo(2);
    assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo("9000.00");
    assertBooksReconcile();
  }

  /** A member born on a day of its own: the sandbox answers by ID number, and five numbers share a day. */
  private LoanDesk.Member member(int a, int b) throws Exception {
    return desk.member(java.time.LocalDate.of(1975, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(9_000)), a, b);
  }

  private String approved(LoanDesk.Member m, String amount, int months) throws Exception {
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    HttpResponse<Buffer> applied = desk.post(desk.counter, m.applications(), LoanDesk.application(m, amount, months));
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    String id = applied.bodyAsJsonObject().getString("applicationId");
    desk.decide("reviewer.zhao", id, "APPROVE", "材料齐全");
    desk.decide("reviewer.qian", id, "APPROVE", "复核无误");
    desk.decide("approver.zhou", id, "APPROVE", "同意贷款");
    return id;
  }

  private String preRegistered(LoanDesk.Member m, String amount, int months) throws Exception {
    String applicationId = approved(m, amount, months);
    String contractId = desk.post(desk.counter, contractPath(m, applicationId), signing()).bodyAsJsonObject()
        .getString("contractId");
    desk.consent(m.personId(), List.of(LoanPreRegistration.SOURCE));
    assertThat(desk.post(desk.counter, "/v1/loan-contracts/" + contractId + "/pre-registration", null).statusCode())
        .isEqualTo(200);
    return contractId;
  }

  /** Counter staff ask, the same clerk may not release, a reviewer does; answers the instruction id. */
  private String requestAndRelease(ContractCheck contract, String contractId) throws Exception {
    HttpResponse<Buffer> asked = desk.post(desk.counter, "/v1/loan-contracts/" + contractId + "/disbursement", null);
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    contract.conforms("requestLoanDisbursement", asked);
    assertThat(asked.bodyAsJsonObject().getString("state")).isEqualTo("DISBURSING");
    String instructionId = asked.bodyAsJsonObject().getString("instructionId");
    String release = "/v1/settlement-instructions/" + instructionId + "/release";
    assertThat(desk.post(desk.counter, release, null).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> released = desk.post(reviewer, release, null);
    assertThat(released.statusCode()).as(released.bodyAsString()).isEqualTo(200);
    return instructionId;
  }

  /** The borrower's own session in the online hall: a password, then the SMS code the sandbox gateway delivered. */
  private String session(LoanDesk.Member m) throws Exception {
    TestPlatform.app().pool().preparedQuery("UPDATE person SET password_hash = $2 WHERE person_id = $1")
        .execute(Tuple.of(m.personId(), PasswordHash.hash(DemoPeople.MEMBER_PASSWORD))).await(10, TimeUnit.SECONDS);
    JsonObject subject = new JsonObject().put("subjectKind", "MEMBER").put("idNumber", m.idNumber());
    Instant since = Instant.now();
    HttpResponse<Buffer> sent = desk.calls.send(HALL, HttpMethod.POST, "/v1/login-codes", subject.toBuffer(),
        System.currentTimeMillis());
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(202);
    String[] code = new String[1];
    await("the login code", () -> {
      JsonArray items = desk.client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=13900000000")
          .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items");
      if (items.isEmpty() || !Instant.parse(items.getJsonObject(0).getString("sentAt")).isAfter(since)) {
        return false;
      }
      code[0] = items.getJsonObject(0).getString("text").replaceAll(".*验证码为 ([0-9]{6}).*", "$1");
      return true;
    });
    HttpResponse<Buffer> session = desk.calls.send(HALL, HttpMethod.POST, "/v1/sessions", subject.copy()
        .put("method", "PASSWORD_SMS").put("password", DemoPeople.MEMBER_PASSWORD).put("smsCode", code[0]).toBuffer(),
        System.currentTimeMillis());
    assertThat(session.statusCode()).as(session.bodyAsString()).isEqualTo(201);
    return session.bodyAsJsonObject().getString("accessToken");
  }

  private static JsonObject signing() {
    return new JsonObject().put("payee", new JsonObject().put("bankCode", "102").put("accountName", "厦门示例置业有限公司")
        .put("accountNo", PAYEE_ACCOUNT));
  }

  private static String contractPath(LoanDesk.Member m, String applicationId) {
    return m.applications() + "/" + applicationId + "/contract";
  }

  private static String contractOf(LoanDesk.Member m, String contractId) {
    return "/v1/members/" + m.personId() + "/loan-contracts/" + contractId;
  }

  private boolean verifies(Vertx vertx, JsonObject document) throws Exception {
    HttpResponse<Buffer> answer = desk.client.post(TestPlatform.port(Zone.PUBLIC), "127.0.0.1",
        "/v1/certificates/verification").sendJsonObject(document).await(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject().getBoolean("valid");
  }

  private void bank(HttpMethod method, JsonObject behaviour) throws Exception {
    var request = desk.client.request(method, TestPlatform.app().sandboxPort(), "127.0.0.1",
        "/sandbox/banks/102/behaviour");
    HttpResponse<Buffer> done = (behaviour == null ? request.send() : request.sendJsonObject(behaviour))
        .await(10, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.bodyAsString()).isIn(200, 204);
  }

  private int bookings(String bankCode, String serial) throws Exception {
    JsonObject books = desk.client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sandbox/banks/" + bankCode
        + "/books").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    return books.getJsonObject("bookingsBySerial").getInteger(serial, 0);
  }

  private static String serial(String instructionId) throws Exception {
    return row("SELECT serial_no FROM settlement_instruction WHERE instruction_id = $1::uuid", instructionId)
        .getString(0);
  }

  private static String contractState(String contractId) throws Exception {
    return row("SELECT state FROM loan_contract WHERE contract_id = $1", contractId).getString(0);
  }

  private static String applicationState(String applicationId) throws Exception {
    return row("SELECT state FROM loan_application WHERE application_id = $1", applicationId).getString(0);
  }

  private static BigDecimal ledger(String account) throws Exception {
    return row("SELECT coalesce(sum(balance), 0) FROM ledger_balance WHERE account_id = $1", account).getBigDecimal(0);
  }

  private static Row row(String sql, String parameter) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.of(parameter)).await(10, TimeUnit.SECONDS)
        .iterator().next();
  }

  private static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(30, TimeUnit.SECONDS);
    assertThat(books.differences()).isEmpty();
  }

  private static void await(String what, Callable<Boolean> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.call()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
