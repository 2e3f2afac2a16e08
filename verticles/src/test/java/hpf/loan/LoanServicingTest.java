package hpf.loan;

import static hpf.loan.LoanContractDesk.HALL;
import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.await;
import static hpf.loan.LoanContractDesk.installment;
import static hpf.loan.LoanContractDesk.contractOf;
import static hpf.loan.LoanContractDesk.ledger;
import static hpf.loan.LoanContractDesk.row;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.loan.servicing.LoanServicing;
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
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An active loan's first three installments through the sandbox bank 102, with an SMS reminder before the first:
 * collected on the due date; refused for want of funds (the borrower told by SMS), not asked on the two days after,
 * collected on the first grace day without penalty; refused, then
 * collected ten days late with the penalty computed by hand. Each receipt is split and booked once, the loan's
 * receivable falls by exactly the principal received, and the books reconcile.
 */
@ExtendWith(VertxExtension.class)
class LoanServicingTest extends DispatchingLoanTest {

  /** 1.5 × the contract rate over 360 days (the seeded overdue policy). */
  private static final BigDecimal PENALTY_FACTOR = new BigDecimal("1.5");

  private LoanServicing servicing;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    servicing = TestPlatform.app().loan().servicing();
  }

  @AfterEach
  void stop() throws Exception {
    cd.bank(HttpMethod.DELETE, null);
  }

  @Test
  void installmentsAreCollectedRetriedInGraceAndChargedPenaltyOnlyPastIt(Vertx vertx) throws Exception {
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    BigDecimal rate = row("SELECT annual_rate FROM loan_contract WHERE contract_id = $1", contractId).getBigDecimal(0);

    // 0. Three days before the first due date the borrower is reminded by SMS, once.
    Row first = installment(contractId, 1);
    LocalDate due1 = first.getLocalDate("due_on");
    assertThat(servicing.runDeductions(due1.minusDays(3)).await(30, TimeUnit.SECONDS).reminded()).isGreaterThanOrEqualTo(1);
    servicing.runDeductions(due1.minusDays(3)).await(30, TimeUnit.SECONDS);
    assertThat(LoanDesk.count("SELECT count(*) FROM loan_notice WHERE contract_id = $1 AND kind = 'DUE_REMINDER'",
        contractId)).isEqualTo(1);
    // Sent by whichever sender claims it first (this call, or the platform's timer mid-send): waited for, not assumed.
    servicing.sendNotices().await(30, TimeUnit.SECONDS);
    await("the reminder SMS", () -> sms(m.phone()).stream()
        .anyMatch(text -> text.contains(contractId) && text.contains("将于 " + due1)));

    // 1. Collected on its due date: exactly the installment, a normal repayment (02).
    assertThat(servicing.runDeductions(due1).await(30, TimeUnit.SECONDS).enqueued()).isGreaterThanOrEqualTo(1);
    awaitDeduction(contractId, due1, "SUCCEEDED");
    assertThat(servicing.runDeductions(due1).await(30, TimeUnit.SECONDS).enqueued()).as("once a day").isZero();
    Row r1 = repayment(contractId, due1);
    assertThat(r1.getBigDecimal("principal")).isEqualByComparingTo(first.getBigDecimal("principal"));
    assertThat(r1.getBigDecimal("interest")).isEqualByComparingTo(first.getBigDecimal("interest"));
    assertThat(r1.getBigDecimal("penalty")).isZero();
    assertThat(r1.getString("detail_type")).isEqualTo("02");

    // 2. Refused for want of funds on the due date; the next two days are no deduction days; collected on the third,
    // within grace: no penalty.
    Row second = installment(contractId, 2);
    LocalDate due2 = second.getLocalDate("due_on");
    cd.bank(HttpMethod.PUT, new JsonObject().put("rejectCodes", new JsonArray().add("B2003")).put("rejectRatio", 1.0));
    assertThat(servicing.deductOne(contractId, due2).await(30, TimeUnit.SECONDS)).isTrue();
    awaitDeduction(contractId, due2, "FAILED");
    servicing.sendNotices().await(30, TimeUnit.SECONDS);
    await("the refusal SMS", () -> sms(m.phone()).stream()
        .anyMatch(text -> text.contains(contractId) && text.contains(due2 + " 扣款未成功")));
    assertThat(servicing.deductOne(contractId, due2.plusDays(1)).await(30, TimeUnit.SECONDS)).isFalse();
    assertThat(servicing.deductOne(contractId, due2.plusDays(2)).await(30, TimeUnit.SECONDS)).isFalse();
    cd.bank(HttpMethod.DELETE, null);
    assertThat(servicing.deductOne(contractId, due2.plusDays(3)).await(30, TimeUnit.SECONDS)).isTrue();
    awaitDeduction(contractId, due2.plusDays(3), "SUCCEEDED");
    assertThat(repayment(contractId, due2.plusDays(3)).getBigDecimal("penalty")).isZero();
    assertThat(repayment(contractId, due2.plusDays(3)).getBigDecimal("amount"))
        .isEqualByComparingTo(second.getBigDecimal("payment"));

    // 3. Refused, then collected ten days late: past the grace period (3rd–7th day), so penalty interest on the whole
    // installment for 10 days, by hand: payment × rate × 1.5 / 360 × 10, to the fen.
    Row third = installment(contractId, 3);
    LocalDate due3 = third.getLocalDate("due_on");
    cd.bank(HttpMethod.PUT, new JsonObject().put("rejectCodes", new JsonArray().add("B2003")).put("rejectRatio", 1.0));
    assertThat(servicing.deductOne(contractId, due3).await(30, TimeUnit.SECONDS)).isTrue();
    awaitDeduction(contractId, due3, "FAILED");
    cd.bank(HttpMethod.DELETE, null);
    LocalDate late = due3.plusDays(10);
    BigDecimal penalty = third.getBigDecimal("payment").multiply(rate).multiply(PENALTY_FACTOR)
        .divide(BigDecimal.valueOf(360), MathContext.DECIMAL128).multiply(BigDecimal.TEN)
        .setScale(2, RoundingMode.HALF_UP);
    JsonObject owed = LoanServicing.summary(TestPlatform.app().pool(), contractId, late).await(10, TimeUnit.SECONDS);
    assertThat(owed.getJsonObject("owed").getString("penalty")).isEqualTo(penalty.toPlainString());
    assertThat(owed.getInteger("overduePeriods")).isEqualTo(1);
    assertThat(servicing.deductOne(contractId, late).await(30, TimeUnit.SECONDS)).isTrue();
    awaitDeduction(contractId, late, "SUCCEEDED");
    Row r3 = repayment(contractId, late);
    assertThat(r3.getBigDecimal("penalty")).isEqualByComparingTo(penalty);
    assertThat(r3.getBigDecimal("amount")).isEqualByComparingTo(third.getBigDecimal("payment").add(penalty));
    assertThat(r3.getString("detail_type")).isEqualTo("04");

    // The loan's receivable fell by exactly the principal received; every receipt once.
    BigDecimal principalPaid = first.getBigDecimal("principal").add(second.getBigDecimal("principal"))
        .add(third.getBigDecimal("principal"));
    assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo(new BigDecimal("15000.00").subtract(principalPaid));
    assertThat(LoanDesk.count("SELECT count(*) FROM loan_repayment WHERE contract_id = $1", contractId)).isEqualTo(3);
    assertBooksReconcile();

    // The borrower sees what it received, split, and how each installment stands.
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    String token = cd.session(m);
    HttpResponse<Buffer> repayments = cd.desk.get(HALL, token, contractOf(m, contractId) + "/repayments");
    assertThat(repayments.statusCode()).as(repayments.bodyAsString()).isEqualTo(200);
    contract.conforms("listLoanRepayments", repayments);
    assertThat(repayments.bodyAsJsonObject().getJsonArray("items")).hasSize(3);
    assertThat(repayments.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("penalty"))
        .isEqualTo(penalty.toPlainString());
    HttpResponse<Buffer> loan = cd.desk.get(HALL, token, contractOf(m, contractId));
    contract.conforms("getLoanContract", loan);
    JsonObject view = loan.bodyAsJsonObject().getJsonObject("servicing");
    assertThat(view.getJsonArray("periodStatus").getList().subList(0, 4)).containsExactly("PAID", "PAID", "PAID",
        "UPCOMING");
    assertThat(view.getJsonObject("owed").getString("total")).isEqualTo("0.00");
    // The receipts carry the (future) days the test ran the deductions for; seen from the day after the late one:
    JsonObject after = LoanServicing.summary(TestPlatform.app().pool(), contractId, late.plusDays(1))
        .await(10, TimeUnit.SECONDS);
    assertThat(after.getInteger("overduePeriodsEver")).isEqualTo(1);
    assertThat(after.getInteger("overduePeriods")).isZero();
    assertThat(view.getJsonObject("lastDeduction").getString("state")).isEqualTo("SUCCEEDED");
    LoanDesk.Member other = cd.member(5, 2);
    assertThat(cd.desk.get(HALL, cd.session(other), "/v1/members/" + other.personId() + "/loan-contracts/"
        + contractId + "/repayments").statusCode()).isEqualTo(404);
  }

  /** The texts the sandbox SMS gateway delivered to the phone. */
  private java.util.List<String> sms(String phone) throws Exception {
    JsonArray items = cd.desk.client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=" + phone)
        .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(i -> ((JsonObject) i).getString("text")).toList();
  }

  private static Row repayment(String contractId, LocalDate valueDate) throws Exception {
    return TestPlatform.app().pool().preparedQuery("SELECT * FROM loan_repayment WHERE contract_id = $1 AND value_date = $2")
        .execute(Tuple.of(contractId, valueDate)).await(10, TimeUnit.SECONDS).iterator().next();
  }

  private static void awaitDeduction(String contractId, LocalDate day, String state) throws Exception {
    await("the deduction of " + day + " " + state, () -> state.equals(TestPlatform.app().pool().preparedQuery(
            "SELECT state FROM loan_deduction WHERE contract_id = $1 AND attempt_on = $2")
        .execute(Tuple.of(contractId, day)).await(10, TimeUnit.SECONDS).iterator().next().getString("state")));
  }
}
