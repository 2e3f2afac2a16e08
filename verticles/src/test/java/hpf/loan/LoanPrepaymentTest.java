package hpf.loan;

import static hpf.loan.LoanContractDesk.HALL;
import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.await;
import static hpf.loan.LoanContractDesk.contractOf;
import static hpf.loan.LoanContractDesk.ledger;
import static hpf.loan.LoanContractDesk.row;
import static hpf.loan.LoanDesk.code;
import static hpf.loan.LoanDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.review.ReviewCase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Partial prepayment over HTTP, through the review flow (审核, 审批): 5,000.00 from the card to shorten the term,
 * then 500.00 from the fund to lower the installment; each reschedules the rest in a new schedule version, the
 * receivable falls by exactly the principal prepaid, and the books reconcile. A request may be withdrawn before
 * approval; one at a time; never the whole principal.
 */
@ExtendWith(VertxExtension.class)
class LoanPrepaymentTest extends DispatchingLoanTest {

  @Test
  void prepaidPrincipalShortensTheTermOrLowersTheInstallment(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    String token = cd.session(m);
    String path = contractOf(m, contractId) + "/prepayments";
    BigDecimal oldPayment = payment(contractId, 1, 1);

    // Never the whole principal (that is a payoff).
    HttpResponse<Buffer> whole = cd.desk.post(HALL, token, path, request("15000.00", "SHORTEN_TERM", "CARD"),
        "q-" + UUID.randomUUID());
    assertThat(code(whole)).isEqualTo("LOAN_PREPAYMENT_AMOUNT_INVALID");
    contract.conforms("applyLoanPrepayment", whole);

    // 1. From the card, to shorten the term.
    HttpResponse<Buffer> asked = cd.desk.post(HALL, token, path, request("5000.00", "SHORTEN_TERM", "CARD"),
        "q-" + UUID.randomUUID());
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    contract.conforms("applyLoanPrepayment", asked);
    String first = asked.bodyAsJsonObject().getString("prepaymentId");
    assertThat(asked.bodyAsJsonObject().getString("state")).isEqualTo("IN_REVIEW");
    assertThat(code(cd.desk.post(HALL, token, path, request("100.00", "SHORTEN_TERM", "CARD"),
        "q-" + UUID.randomUUID()))).isEqualTo("LOAN_PREPAYMENT_OPEN");
    decide("reviewer.zhao", first, "APPROVE");
    decide("approver.zhou", first, "APPROVE");
    await("the prepayment done", () -> "DONE".equals(state(first)));
    assertThat(row("SELECT detail_type FROM loan_repayment WHERE business_ref = $1", "loanprepay:" + first)
        .getString(0)).isEqualTo("03");
    assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo("10000.00");
    long shortened = count("SELECT count(*) FROM loan_installment WHERE contract_id = $1 AND version = 2", contractId);
    assertThat(shortened).isLessThan(120);
    assertThat(payment(contractId, 2, 1)).isLessThanOrEqualTo(oldPayment);
    assertThat(count("SELECT sum(principal) FROM loan_installment WHERE contract_id = $1 AND version = 2",
        contractId)).isEqualTo(10000L);

    // 2. From the fund at the counter, to lower the installment over the same number of months.
    String fund = row("SELECT ledger_account FROM member_account WHERE person_id = $1", m.personId()).getString(0);
    BigDecimal before = ledger(fund);
    HttpResponse<Buffer> second = cd.desk.post(cd.desk.counter, path, request("500.00", "LOWER_INSTALLMENT", "FUND"));
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(202);
    String id2 = second.bodyAsJsonObject().getString("prepaymentId");
    decide("reviewer.zhao", id2, "APPROVE");
    decide("approver.zhou", id2, "APPROVE");
    assertThat(state(id2)).isEqualTo("DONE");
    assertThat(ledger(fund)).isEqualByComparingTo(before.subtract(new BigDecimal("500.00")));
    assertThat(count("SELECT count(*) FROM loan_installment WHERE contract_id = $1 AND version = 3", contractId))
        .isEqualTo(shortened);
    assertThat(payment(contractId, 3, 1)).isLessThan(payment(contractId, 2, 1));
    assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo("9500.00");

    // 3. Withdrawn before approval.
    String third = cd.desk.post(HALL, token, path, request("100.00", "SHORTEN_TERM", "CARD"), "q-" + UUID.randomUUID())
        .bodyAsJsonObject().getString("prepaymentId");
    HttpResponse<Buffer> cancelled = cd.desk.post(HALL, token, path + "/" + third + "/cancellation", null,
        "q-" + UUID.randomUUID());
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    contract.conforms("cancelLoanPrepayment", cancelled);
    assertThat(state(third)).isEqualTo("CANCELLED");
    HttpResponse<Buffer> list = cd.desk.get(HALL, token, path);
    contract.conforms("listLoanPrepayments", list);
    assertThat(list.bodyAsJsonObject().getJsonArray("items")).hasSize(3);
    assertBooksReconcile();
  }

  private static JsonObject request(String principal, String option, String source) {
    return new JsonObject().put("principal", principal).put("option", option).put("source", source);
  }

  private void decide(String staff, String prepaymentId, String outcome) throws Exception {
    ReviewCase c = TestPlatform.app().review().reviews().find(TestPlatform.app().pool(), "LOAN_PREPAYMENT",
        prepaymentId).await(10, TimeUnit.SECONDS).orElseThrow();
    HttpResponse<Buffer> decided = cd.desk.post("demo-counter", cd.desk.calls.staffToken(staff),
        "/v1/review-cases/" + c.caseId() + "/decision", new JsonObject().put("step", c.currentStep())
            .put("outcome", outcome).put("reason", "同意"), "d-" + UUID.randomUUID());
    assertThat(decided.statusCode()).as(decided.bodyAsString()).isEqualTo(200);
  }

  private static String state(String prepaymentId) throws Exception {
    return row("SELECT state FROM loan_prepayment WHERE prepayment_id = $1", prepaymentId).getString(0);
  }

  private static BigDecimal payment(String contractId, int version, int period) throws Exception {
    return TestPlatform.app().pool().preparedQuery(
            "SELECT payment FROM loan_installment WHERE contract_id = $1 AND version = $2 AND period = $3")
        .execute(Tuple.of(contractId, (short) version, period)).await(10, TimeUnit.SECONDS).iterator().next()
        .getBigDecimal(0);
  }
}
