package hpf.loan;

import static hpf.loan.LoanContractDesk.HALL;
import static hpf.loan.LoanContractDesk.await;
import static hpf.loan.LoanContractDesk.contractOf;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.channel.ContractCheck;
import hpf.loan.BorrowerView.Installment;
import hpf.channel.Zone;
import hpf.boot.TestPlatform;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A housing loan's life over HTTP in the sandbox, the operator moving the business date and running the day's jobs
 * through the admin API: collected on a due date; refused, not asked on the two days after, refused again on each
 * grace day, overdue after grace with the penalty the member and the counter see computed by hand, collected late
 * with that penalty; 1 January repricing at a new rate, the next installment computed by hand; partial prepayment
 * from the card to shorten the term and from the fund to lower the installment, each through review; payoff quoted
 * by hand, collected from the card, a certificate anyone can verify. Every payment is collected once and the loan
 * books and the ledger reconcile at the end.
 */
@ExtendWith(VertxExtension.class)
class LoanLifeCycleTest extends DispatchingLoanTest {

  private static final BigDecimal NEW_RATE = new BigDecimal("0.0285");
  private static final BigDecimal PENALTY_FACTOR = new BigDecimal("1.5");
  private static final MathContext MC = MathContext.DECIMAL128;

  private SandboxDays days;
  private ContractCheck contract;
  private String token;
  private String phone;
  private String loan;
  private BorrowerView borrower;
  private LocalDate januaryFirst;
  private boolean repriced;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    days = new SandboxDays(WebClient.create(vertx));
    contract = new ContractCheck(vertx, Zone.PUBLIC);
  }

  @AfterEach
  void stop() throws Exception {
    cd.bank(HttpMethod.DELETE, null);
    days.backToToday();
  }

  @Test
  void aLoanLivesFromItsFirstDeductionToItsPayoffCertificate() throws Exception {
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    phone = m.phone();
    token = cd.session(m);
    loan = contractOf(m, contractId);
    borrower = new BorrowerView(cd, contract, token, loan);
    januaryFirst = LocalDate.of(LocalDate.parse(borrower.contract().getString("disbursedOn")).getYear() + 1, 1, 1);
    days.policy("loan.rate.first.over_5y", januaryFirst, NEW_RATE.toPlainString());

    collectedOnItsDueDate(1);
    refusedThroughGraceThenCollectedLate(2);
    prepaid("5000.00", "SHORTEN_TERM", "CARD");
    collectedOnItsDueDate(3);
    prepaid("500.00", "LOWER_INSTALLMENT", "FUND");
    int period = 4;
    do {
      collectedOnItsDueDate(period++);
    } while (!repriced);
    paidOff(contractId, period);

    JsonObject loanBooks = days.loanBooks();
    assertThat(loanBooks.getBoolean("balanced")).as(loanBooks.encodePrettily()).isTrue();
    JsonObject ledger = days.ledger();
    assertThat(ledger.getBoolean("balanced")).as(ledger.encodePrettily()).isTrue();
    LoanContractDesk.assertBooksReconcile();
  }

  /** The installment is asked for on its due date and collected whole, once; the receivable falls by its principal. */
  private void collectedOnItsDueDate(int period) throws Exception {
    Installment due = dueOn(period);
    days.moveTo(due.due());
    days.runDeductions();
    awaitDeduction(due.due(), "SUCCEEDED");
    days.runDeductions();
    JsonObject paid = borrower.repayments().getJsonObject(0);
    assertThat(paid.getString("valueDate")).isEqualTo(due.due().toString());
    assertThat(paid.getString("amount")).isEqualTo(due.payment().toPlainString());
    assertThat(paid.getString("principal")).isEqualTo(due.principal().toPlainString());
    assertThat(paid.getString("penalty")).isEqualTo("0.00");
    assertThat(borrower.servicing().getJsonArray("periodStatus").getString(period - 1)).isEqualTo("PAID");
  }

  /**
   * Refused on the due date (the borrower told by SMS); the next two days ask nothing; each grace day (3rd–7th) asks
   * again and is refused; on the 8th day the installment is overdue with 8 days of penalty; collected on the 10th
   * with 10 days: installment × rate × 1.5 / 360 × days, to the fen.
   */
  private void refusedThroughGraceThenCollectedLate(int period) throws Exception {
    Installment due = dueOn(period);
    cd.bank(HttpMethod.PUT, new JsonObject().put("rejectCodes", new JsonArray().add("B2003")).put("rejectRatio", 1.0));
    days.moveTo(due.due());
    days.runDeductions();
    awaitDeduction(due.due(), "FAILED");
    for (int day = 1; day <= 2; day++) {
      days.moveTo(due.due().plusDays(day));
      days.runDeductions();
      assertThat(borrower.lastDeduction().getString("attemptOn")).isEqualTo(due.due().toString());
    }
    for (int day = 3; day <= 7; day++) {
      days.moveTo(due.due().plusDays(day));
      days.runDeductions();
      awaitDeduction(due.due().plusDays(day), "FAILED");
      assertThat(borrower.servicing().getJsonObject("owed").getString("penalty")).as("no penalty in grace")
          .isEqualTo("0.00");
    }
    days.moveTo(due.due().plusDays(8));
    JsonObject overdue = borrower.servicing();
    assertThat(overdue.getString("asOf")).isEqualTo(due.due().plusDays(8).toString());
    assertThat(overdue.getJsonArray("periodStatus").getString(period - 1)).isEqualTo("OVERDUE");
    assertThat(overdue.getInteger("overduePeriods")).isEqualTo(1);
    assertThat(overdue.getJsonObject("owed").getString("penalty")).isEqualTo(penalty(due, 8).toPlainString());
    JsonObject atCounter = cd.desk.get("demo-counter", cd.desk.counter, loan).bodyAsJsonObject()
        .getJsonObject("servicing");
    assertThat(atCounter.getJsonObject("owed")).isEqualTo(overdue.getJsonObject("owed"));
    String refused = due.due() + " 扣款未成功";
    // The platform sends its SMS notices every minute; the test does not wait for the timer.
    TestPlatform.app().loan().servicing().sendNotices().await(30, java.util.concurrent.TimeUnit.SECONDS);
    await("the SMS of the refusal", () -> borrower.sms(phone).stream().anyMatch(text -> text.contains(refused)));

    cd.bank(HttpMethod.DELETE, null);
    LocalDate late = due.due().plusDays(10);
    days.moveTo(late);
    days.runDeductions();
    awaitDeduction(late, "SUCCEEDED");
    JsonObject paid = borrower.repayments().getJsonObject(0);
    assertThat(paid.getString("penalty")).isEqualTo(penalty(due, 10).toPlainString());
    assertThat(paid.getString("amount")).isEqualTo(due.payment().add(penalty(due, 10)).toPlainString());
    assertThat(paid.getString("detailType")).isEqualTo("04");
    assertThat(borrower.servicing().getInteger("overduePeriodsEver")).isEqualTo(1);
    assertThat(borrower.servicing().getInteger("overduePeriods")).isZero();
  }

  /** Asked online, reviewed and approved by two staff over HTTP, collected; the schedule starts a new version. */
  private void prepaid(String principal, String option, String source) throws Exception {
    BigDecimal outstanding = new BigDecimal(borrower.servicing().getString("outstandingPrincipal"));
    JsonArray before = borrower.schedule();
    String path = loan + "/prepayments";
    HttpResponse<Buffer> asked = cd.desk.post(HALL, token, path, new JsonObject().put("principal", principal)
        .put("option", option).put("source", source), "q-" + UUID.randomUUID());
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    contract.conforms("applyLoanPrepayment", asked);
    String id = asked.bodyAsJsonObject().getString("prepaymentId");
    decideFromQueue("reviewer.zhao", "REVIEWER", id);
    decideFromQueue("approver.zhou", "APPROVER", id);
    await("the prepayment done", () -> "DONE".equals(cd.desk.get(HALL, token, path).bodyAsJsonObject()
        .getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("prepaymentId").equals(id)).findFirst().orElseThrow().getString("state")));
    BigDecimal left = outstanding.subtract(new BigDecimal(principal));
    assertThat(borrower.servicing().getString("outstandingPrincipal")).isEqualTo(left.toPlainString());
    JsonArray after = borrower.schedule();
    BigDecimal notDue = BigDecimal.ZERO;
    LocalDate today = LocalDate.parse(borrower.servicing().getString("asOf"));
    for (Object row : after) {
      Installment i = Installment.of((JsonArray) row);
      if (i.due().isAfter(today)) {
        notDue = notDue.add(i.principal());
      }
    }
    assertThat(notDue).isEqualByComparingTo(left);
    Installment next = Installment.of(after.getJsonArray(BorrowerView.firstNotDue(after, today)));
    Installment was = Installment.of(before.getJsonArray(BorrowerView.firstNotDue(before, today)));
    if (option.equals("SHORTEN_TERM")) {
      assertThat(after.size()).isLessThan(before.size());
      assertThat(next.payment()).isLessThanOrEqualTo(was.payment());
    } else {
      assertThat(after.size()).isEqualTo(before.size());
      assertThat(next.payment()).isLessThan(was.payment());
    }
  }

  /** On the day quoted: the principal not yet due and its interest since the last due date, by hand; then settled. */
  private void paidOff(String contractId, int nextPeriod) throws Exception {
    Installment last = dueOn(nextPeriod - 1);
    LocalDate day = last.due().plusDays(15);
    days.moveTo(day);
    BigDecimal rate = new BigDecimal(borrower.contract().getString("annualRate"));
    BigDecimal remaining = new BigDecimal(borrower.servicing().getString("outstandingPrincipal"));
    BigDecimal accrued = remaining.multiply(rate, MC).multiply(BigDecimal.valueOf(15), MC)
        .divide(BigDecimal.valueOf(360), MC).setScale(2, RoundingMode.HALF_UP);
    HttpResponse<Buffer> quote = cd.desk.get(HALL, token, loan + "/payoff-quote");
    contract.conforms("getLoanPayoffQuote", quote);
    assertThat(quote.bodyAsJsonObject().getString("total")).isEqualTo(remaining.add(accrued).toPlainString());
    HttpResponse<Buffer> asked = cd.desk.post(HALL, token, loan + "/payoff", new JsonObject().put("source", "CARD"),
        "p-" + UUID.randomUUID());
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    await("the loan settled", () -> "SETTLED".equals(borrower.contract().getString("state")));
    JsonObject paid = borrower.repayments().getJsonObject(0);
    assertThat(paid.getString("amount")).isEqualTo(remaining.add(accrued).toPlainString());
    assertThat(paid.getString("valueDate")).isEqualTo(day.toString());
    HttpResponse<Buffer> certificate = cd.desk.get(HALL, token, loan + "/settlement-certificate");
    assertThat(certificate.statusCode()).as(certificate.bodyAsString()).isEqualTo(200);
    assertThat(cd.verifies(null, certificate.bodyAsJsonObject())).isTrue();
    days.moveTo(day.plusMonths(1));
    assertThat(days.runDeductions()).isNotNull();
    assertThat(TestPlatform.app().pool().preparedQuery(
            "SELECT count(*) FROM loan_deduction WHERE contract_id = $1 AND attempt_on > $2")
        .execute(io.vertx.sqlclient.Tuple.of(contractId, day)).await(10, java.util.concurrent.TimeUnit.SECONDS)
        .iterator().next().getLong(0)).as("nothing asked of a settled loan").isZero();
  }

  /**
   * The installment of a period, as the borrower's view shows it; before the first due date on or after 1 January
   * the operator runs the year's repricing, and the next installment is then computed here by hand.
   */
  private Installment dueOn(int period) throws Exception {
    Installment due = Installment.of(borrower.schedule().getJsonArray(period - 1));
    if (!repriced && !due.due().isBefore(januaryFirst)) {
      days.moveTo(januaryFirst);
      assertThat(days.reprice(januaryFirst.getYear()).getInteger("repriced")).isGreaterThanOrEqualTo(1);
      repriced = true;
      assertThat(borrower.contract().getString("annualRate")).isEqualTo(NEW_RATE.stripTrailingZeros().toPlainString());
      BigDecimal outstanding = new BigDecimal(borrower.servicing().getString("outstandingPrincipal"));
      JsonArray rows = borrower.schedule();
      int remaining = rows.size() - (period - 1);
      due = Installment.of(rows.getJsonArray(period - 1));
      BigDecimal r = NEW_RATE.divide(BigDecimal.valueOf(12), MC);
      BigDecimal growth = BigDecimal.ONE.add(r).pow(remaining, MC);
      BigDecimal annuity = outstanding.multiply(r, MC).multiply(growth, MC)
          .divide(growth.subtract(BigDecimal.ONE), MC).setScale(2, RoundingMode.HALF_UP);
      assertThat(due.interest()).isEqualTo(outstanding.multiply(r, MC).setScale(2, RoundingMode.HALF_UP));
      assertThat(due.payment()).isEqualTo(annuity);
    }
    return due;
  }

  private BigDecimal penalty(Installment due, int lateDays) throws Exception {
    BigDecimal rate = new BigDecimal(borrower.contract().getString("annualRate"));
    return due.payment().multiply(rate, MC).multiply(PENALTY_FACTOR, MC).divide(BigDecimal.valueOf(360), MC)
        .multiply(BigDecimal.valueOf(lateDays), MC).setScale(2, RoundingMode.HALF_UP);
  }

  /** A staff member picks the case from the queue of their role and approves its current step. */
  private void decideFromQueue(String staff, String role, String prepaymentId) throws Exception {
    String staffToken = cd.desk.calls.staffToken(staff);
    HttpResponse<Buffer> queue = cd.desk.get("demo-counter", staffToken,
        "/v1/review-cases?role=" + role + "&businessType=LOAN_PREPAYMENT&size=100");
    assertThat(queue.statusCode()).as(queue.bodyAsString()).isEqualTo(200);
    JsonObject found = queue.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("businessId").equals(prepaymentId)).findFirst().orElseThrow();
    HttpResponse<Buffer> decided = cd.desk.post("demo-counter", staffToken,
        "/v1/review-cases/" + found.getString("caseId") + "/decision", new JsonObject()
            .put("step", found.getString("currentStep")).put("outcome", "APPROVE").put("reason", "同意"),
        "d-" + UUID.randomUUID());
    assertThat(decided.statusCode()).as(decided.bodyAsString()).isEqualTo(200);
  }

  private void awaitDeduction(LocalDate day, String state) throws Exception {
    await("the deduction of " + day + " " + state, () -> {
      JsonObject last = borrower.lastDeduction();
      return last != null && last.getString("attemptOn").equals(day.toString())
          && state.equals(last.getString("state"));
    });
  }
}
