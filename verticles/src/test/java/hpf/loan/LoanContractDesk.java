package hpf.loan;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.ledger.Reconciliation;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the loan contract tests work with, over HTTP: approved applications, their contracts signed and
 * pre-registered, disbursements asked for by the counter clerk and released by a reviewer, the borrower's own
 * session, the sandbox bank's behaviour and books, and a look at the database and the books.
 */
final class LoanContractDesk {

  static final String HALL = "demo-online-hall";
  static final String PAYEE_ACCOUNT = "1020350200012345678";

  final LoanDesk desk;
  final String reviewer;

  LoanContractDesk(Vertx vertx) throws Exception {
    desk = new LoanDesk(vertx);
    reviewer = desk.calls.staffToken("reviewer.zhao");
  }

  /** A member born on a day of its own: the sandbox answers by ID number, and five numbers share a day. */
  LoanDesk.Member member(int a, int b) throws Exception {
    return desk.member(LocalDate.of(1975, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(9_000)), a, b);
  }

  String approved(LoanDesk.Member m, String amount, int months) throws Exception {
    return approved(m, LoanDesk.application(m, amount, months));
  }

  /** The application given, through the three review steps; answers its id. */
  String approved(LoanDesk.Member m, JsonObject application) throws Exception {
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    HttpResponse<Buffer> applied = desk.post(desk.counter, m.applications(), application);
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    String id = applied.bodyAsJsonObject().getString("applicationId");
    desk.decide("reviewer.zhao", id, "APPROVE", "材料齐全");
    desk.decide("reviewer.qian", id, "APPROVE", "复核无误");
    desk.decide("approver.zhou", id, "APPROVE", "同意贷款");
    return id;
  }

  String preRegistered(LoanDesk.Member m, String amount, int months) throws Exception {
    return preRegistered(m, amount, months, signing());
  }

  /** Approved, signed with the given payee, and its pre-registration checked; answers the contract id. */
  String preRegistered(LoanDesk.Member m, String amount, int months, JsonObject signing) throws Exception {
    return preRegistered(m, LoanDesk.application(m, amount, months), signing);
  }

  String preRegistered(LoanDesk.Member m, JsonObject application, JsonObject signing) throws Exception {
    String applicationId = approved(m, application);
    String contractId = desk.post(desk.counter, contractPath(m, applicationId), signing).bodyAsJsonObject()
        .getString("contractId");
    desk.consent(m.personId(), List.of(LoanPreRegistration.SOURCE));
    assertThat(desk.post(desk.counter, "/v1/loan-contracts/" + contractId + "/pre-registration", null).statusCode())
        .isEqualTo(200);
    return contractId;
  }

  /** Counter staff ask, the same clerk may not release, a reviewer does; answers the instruction id. */
  String requestAndRelease(ContractCheck contract, String contractId) throws Exception {
    HttpResponse<Buffer> asked = desk.post(desk.counter, "/v1/loan-contracts/" + contractId + "/disbursement", null);
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    if (contract != null) {
      contract.conforms("requestLoanDisbursement", asked);
    }
    assertThat(asked.bodyAsJsonObject().getString("state")).isEqualTo("DISBURSING");
    String instructionId = asked.bodyAsJsonObject().getString("instructionId");
    String release = "/v1/settlement-instructions/" + instructionId + "/release";
    assertThat(desk.post(desk.counter, release, null).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> released = desk.post(reviewer, release, null);
    assertThat(released.statusCode()).as(released.bodyAsString()).isEqualTo(200);
    return instructionId;
  }

  /** A Luhn-valid card number at bank 102 not used before. */
  static String newCard() {
    String body = "622202" + String.format("%012d", java.util.concurrent.ThreadLocalRandom.current()
        .nextLong(1_000_000_000_000L));
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int d = body.charAt(body.length() - 1 - i) - '0';
      if (i % 2 == 0) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    return body + (10 - sum % 10) % 10;
  }

  /**
   * An ACTIVE loan of the member, repaid from a card of its own (the sandbox bank knows an account by the name it
   * first saw, and other tests use the common card): approved, signed, pre-registered, paid out. Needs a dispatcher.
   */
  String activeLoan(LoanDesk.Member m, String amount, int months) throws Exception {
    JsonObject application = LoanDesk.application(m, amount, months);
    application.getJsonObject("repaymentCard").put("cardNumber", newCard());
    String contractId = preRegistered(m, application, signing());
    requestAndRelease(null, contractId);
    await("the loan active", () -> "ACTIVE".equals(contractState(contractId)));
    return contractId;
  }

  /** A loan request's review case approved at both steps (审核 by reviewer.zhao, 审批 by approver.zhou), over HTTP. */
  void approve(String businessType, String businessId) throws Exception {
    for (String staff : new String[] {"reviewer.zhao", "approver.zhou"}) {
      hpf.review.ReviewCase c = TestPlatform.app().review().reviews().find(TestPlatform.app().pool(), businessType,
          businessId).await(10, TimeUnit.SECONDS).orElseThrow();
      HttpResponse<Buffer> decided = desk.post("demo-counter", desk.calls.staffToken(staff),
          "/v1/review-cases/" + c.caseId() + "/decision", new JsonObject().put("step", c.currentStep())
              .put("outcome", "APPROVE").put("reason", "同意"), "d-" + java.util.UUID.randomUUID());
      assertThat(decided.statusCode()).as(decided.bodyAsString()).isEqualTo(200);
    }
  }

  /** The borrower's own session in the online hall. */
  String session(LoanDesk.Member m) throws Exception {
    return desk.memberToken(HALL, m);
  }

  static JsonObject signing() {
    return signing("102", PAYEE_ACCOUNT);
  }

  /** The seller's account at {@code bankCode}. */
  static JsonObject signing(String bankCode, String accountNo) {
    return new JsonObject().put("payee", new JsonObject().put("bankCode", bankCode)
        .put("accountName", "厦门示例置业有限公司").put("accountNo", accountNo));
  }

  static String contractPath(LoanDesk.Member m, String applicationId) {
    return m.applications() + "/" + applicationId + "/contract";
  }

  static String contractOf(LoanDesk.Member m, String contractId) {
    return "/v1/members/" + m.personId() + "/loan-contracts/" + contractId;
  }

  boolean verifies(Vertx vertx, JsonObject document) throws Exception {
    HttpResponse<Buffer> answer = desk.client.post(TestPlatform.port(Zone.PUBLIC), "127.0.0.1",
        "/v1/certificates/verification").sendJsonObject(document).await(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject().getBoolean("valid");
  }

  void bank(HttpMethod method, JsonObject behaviour) throws Exception {
    var request = desk.client.request(method, TestPlatform.app().sandboxPort(), "127.0.0.1",
        "/sandbox/banks/102/behaviour");
    HttpResponse<Buffer> done = (behaviour == null ? request.send() : request.sendJsonObject(behaviour))
        .await(10, TimeUnit.SECONDS);
    assertThat(done.statusCode()).as(done.bodyAsString()).isIn(200, 204);
  }

  int bookings(String bankCode, String serial) throws Exception {
    JsonObject books = desk.client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sandbox/banks/" + bankCode
        + "/books").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    return books.getJsonObject("bookingsBySerial").getInteger(serial, 0);
  }

  static String serial(String instructionId) throws Exception {
    return row("SELECT serial_no FROM settlement_instruction WHERE instruction_id = $1::uuid", instructionId)
        .getString(0);
  }

  /** A period of the loan's first schedule (version 1). */
  static Row installment(String contractId, int period) throws Exception {
    return TestPlatform.app().pool().preparedQuery(
            "SELECT * FROM loan_installment WHERE contract_id = $1 AND period = $2 ORDER BY version LIMIT 1")
        .execute(Tuple.of(contractId, period)).await(10, TimeUnit.SECONDS).iterator().next();
  }

  static String contractState(String contractId) throws Exception {
    return row("SELECT state FROM loan_contract WHERE contract_id = $1", contractId).getString(0);
  }

  static String applicationState(String applicationId) throws Exception {
    return row("SELECT state FROM loan_application WHERE application_id = $1", applicationId).getString(0);
  }

  static BigDecimal ledger(String account) throws Exception {
    return row("SELECT coalesce(sum(balance), 0) FROM ledger_balance WHERE account_id = $1", account).getBigDecimal(0);
  }

  static Row row(String sql, String parameter) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.of(parameter)).await(10, TimeUnit.SECONDS)
        .iterator().next();
  }

  static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(30, TimeUnit.SECONDS);
    assertThat(books.differences()).isEmpty();
    JsonObject loans = TestPlatform.app().loan().servicing().reconcile().await(30, TimeUnit.SECONDS);
    assertThat(loans.getBoolean("balanced")).as(loans.encodePrettily()).isTrue();
  }

  static void await(String what, Callable<Boolean> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.call()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }
}
