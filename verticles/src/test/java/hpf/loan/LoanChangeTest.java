package hpf.loan;

import static hpf.loan.LoanContractDesk.HALL;
import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.await;
import static hpf.loan.LoanContractDesk.contractOf;
import static hpf.loan.LoanContractDesk.row;
import static hpf.loan.LoanDesk.code;
import static hpf.loan.LoanDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.loan.servicing.LoanServicing;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Post-loan changes over HTTP through the review flow (审核, 审批): the term extended from 120 to 240 months (a new
 * schedule, a lower installment), the method changed to 等额本金 (the principal share 15,000.00 / 240 = 62.50), the
 * repayment card changed (the next deduction goes to the new card's bank); a change that changes nothing is refused,
 * one may be withdrawn before approval, and the books reconcile.
 */
@ExtendWith(VertxExtension.class)
class LoanChangeTest extends DispatchingLoanTest {

  @Test
  void theTermTheMethodAndTheCardChangeOnApproval(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    LoanDesk.Member m = cd.desk.member(LocalDate.of(1990, 6, 6), 1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    String token = cd.session(m);
    String path = contractOf(m, contractId) + "/changes";
    BigDecimal before = payment(contractId, 1);

    HttpResponse<Buffer> shorter = cd.desk.post(HALL, token, path, new JsonObject().put("kind", "EXTEND_TERM")
        .put("termMonths", 100), "c-" + UUID.randomUUID());
    assertThat(code(shorter)).isEqualTo("LOAN_CHANGE_INVALID");
    contract.conforms("applyLoanChange", shorter);
    assertThat(code(cd.desk.post(HALL, token, path, new JsonObject().put("kind", "CHANGE_METHOD")
        .put("repaymentMethod", "01"), "c-" + UUID.randomUUID()))).isEqualTo("LOAN_CHANGE_INVALID");

    // The term: 240 months from the next installment, a lower installment.
    HttpResponse<Buffer> longer = cd.desk.post(HALL, token, path, new JsonObject().put("kind", "EXTEND_TERM")
        .put("termMonths", 240), "c-" + UUID.randomUUID());
    assertThat(longer.statusCode()).as(longer.bodyAsString()).isEqualTo(202);
    contract.conforms("applyLoanChange", longer);
    approve(longer.bodyAsJsonObject().getString("changeId"));
    assertThat(count("SELECT count(*) FROM loan_installment WHERE contract_id = $1 AND version = 2", contractId))
        .isEqualTo(240L);
    assertThat(count("SELECT term_months FROM loan_contract WHERE contract_id = $1", contractId)).isEqualTo(240L);
    assertThat(payment(contractId, 1)).isLessThan(before);

    // The method, at the counter: 等额本金, 15,000.00 / 240 = 62.50 of principal each month.
    HttpResponse<Buffer> method = cd.desk.post(cd.desk.counter, path, new JsonObject().put("kind", "CHANGE_METHOD")
        .put("repaymentMethod", "02"));
    assertThat(method.statusCode()).as(method.bodyAsString()).isEqualTo(202);
    approve(method.bodyAsJsonObject().getString("changeId"));
    assertThat(row("SELECT repayment_method FROM loan_contract WHERE contract_id = $1", contractId).getString(0))
        .isEqualTo("02");
    assertThat(TestPlatform.app().pool().preparedQuery("SELECT principal FROM loan_installment WHERE contract_id = $1 "
            + "AND version = 3 AND period = 1").execute(Tuple.of(contractId)).await(10, TimeUnit.SECONDS).iterator()
        .next().getBigDecimal(0)).isEqualByComparingTo("62.50");

    // The card: the next deduction goes to the new card's bank.
    String card = LoanContractDesk.newCard();
    HttpResponse<Buffer> newCard = cd.desk.post(HALL, token, path, new JsonObject().put("kind", "CHANGE_CARD")
        .put("repaymentCard", new JsonObject().put("bankCode", "105").put("cardNumber", card)), "c-" + UUID.randomUUID());
    assertThat(newCard.statusCode()).as(newCard.bodyAsString()).isEqualTo(202);
    assertThat(newCard.bodyAsString()).doesNotContain(card);
    approve(newCard.bodyAsJsonObject().getString("changeId"));
    LocalDate due1 = row("SELECT min(due_on) FROM loan_installment WHERE contract_id = $1 AND version = 3", contractId)
        .getLocalDate(0);
    LoanServicing servicing = TestPlatform.app().loan().servicing();
    assertThat(servicing.deductOne(contractId, due1).await(30, TimeUnit.SECONDS)).isTrue();
    await("the deduction collected", () -> "SUCCEEDED".equals(row("SELECT state FROM loan_deduction "
        + "WHERE contract_id = $1", contractId).getString(0)));
    assertThat(row("SELECT s.bank_code FROM loan_deduction d JOIN settlement_instruction s "
        + "ON s.instruction_id = d.instruction_id WHERE d.contract_id = $1", contractId).getString(0)).isEqualTo("105");

    // Withdrawn before approval.
    String again = cd.desk.post(HALL, token, path, new JsonObject().put("kind", "CHANGE_METHOD")
        .put("repaymentMethod", "01"), "c-" + UUID.randomUUID()).bodyAsJsonObject().getString("changeId");
    HttpResponse<Buffer> cancelled = cd.desk.post(HALL, token, path + "/" + again + "/cancellation", null,
        "c-" + UUID.randomUUID());
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    contract.conforms("cancelLoanChange", cancelled);
    HttpResponse<Buffer> list = cd.desk.get(HALL, token, path);
    contract.conforms("listLoanChanges", list);
    assertThat(list.bodyAsJsonObject().getJsonArray("items")).hasSize(4);
    assertBooksReconcile();
  }

  private void approve(String changeId) throws Exception {
    cd.approve("LOAN_CHANGE", changeId);
    assertThat(row("SELECT state FROM loan_change WHERE change_id = $1", changeId).getString(0)).isEqualTo("DONE");
  }

  private static BigDecimal payment(String contractId, int period) throws Exception {
    return TestPlatform.app().pool().preparedQuery("SELECT i.payment FROM loan_installment i JOIN loan_contract c "
            + "ON c.contract_id = i.contract_id AND c.schedule_version = i.version WHERE i.contract_id = $1 "
            + "AND i.period = $2").execute(Tuple.of(contractId, period)).await(10, TimeUnit.SECONDS).iterator().next()
        .getBigDecimal(0);
  }
}
