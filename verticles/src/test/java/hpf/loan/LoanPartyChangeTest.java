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
import hpf.identity.TestIdentities;
import hpf.loan.servicing.LoanServicing;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The changes of mortgagor, collateral and borrower (抵押人变更、抵押物变更、借款人变更) at the counter through the review
 * flow: refused online; a mortgagor recorded with the ID number encrypted and shown masked; a collateral worth too
 * little refused, one worth enough recorded; a new borrower who is the borrower, unknown or misnamed refused, a
 * depositing member taking the loan over (the old borrower no longer sees it, the new one does, the offset agreement
 * on the old borrower's fund ended, the next deduction from the new borrower's card); the books reconcile.
 */
@ExtendWith(VertxExtension.class)
class LoanPartyChangeTest extends DispatchingLoanTest {

  @Test
  void mortgagorCollateralAndBorrowerChangeAtTheCounterOnApproval(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    String token = cd.session(m);
    String loan = contractOf(m, contractId);
    String path = loan + "/changes";
    String mortgagorId = TestIdentities.newIdNumber(LocalDate.of(1988, 3, 3), true, 7, 1);

    // Online: refused, the agreements are signed at the counter.
    HttpResponse<Buffer> online = cd.desk.post(HALL, token, path, mortgagor(mortgagorId), "c-" + UUID.randomUUID());
    assertThat(code(online)).isEqualTo("LOAN_CHANGE_COUNTER_ONLY");
    contract.conforms("applyLoanChange", online);

    // The mortgagor: encrypted at rest, masked in every answer.
    HttpResponse<Buffer> asked = cd.desk.post(cd.desk.counter, path, mortgagor(mortgagorId));
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    contract.conforms("applyLoanChange", asked);
    assertThat(asked.bodyAsString()).doesNotContain(mortgagorId);
    approve(asked.bodyAsJsonObject().getString("changeId"));
    HttpResponse<Buffer> view = cd.desk.get("demo-counter", cd.desk.counter, loan);
    contract.conforms("getLoanContract", view);
    assertThat(view.bodyAsJsonObject().getJsonObject("mortgagor").getString("name")).isEqualTo("王抵押");
    assertThat(view.bodyAsJsonObject().getJsonObject("mortgagor").getString("idNumber"))
        .isNotEqualTo(mortgagorId).endsWith(mortgagorId.substring(14));
    assertThat(row("SELECT mortgagor_id_enc FROM loan_contract WHERE contract_id = $1", contractId).getString(0))
        .doesNotContain(mortgagorId);

    // The collateral: 15,000.00 outstanding needs an appraised value of at least 15,000.00 / the loan-to-value ratio.
    HttpResponse<Buffer> small = cd.desk.post(cd.desk.counter, path, collateral("1000.00"));
    assertThat(code(small)).isEqualTo("LOAN_CHANGE_COLLATERAL_INSUFFICIENT");
    contract.conforms("applyLoanChange", small);
    HttpResponse<Buffer> home = cd.desk.post(cd.desk.counter, path, collateral("1200000.00"));
    assertThat(home.statusCode()).as(home.bodyAsString()).isEqualTo(202);
    approve(home.bodyAsJsonObject().getString("changeId"));
    assertThat(cd.desk.get(HALL, token, loan).bodyAsJsonObject().getJsonObject("collateral").getString("certificateNo"))
        .isEqualTo("京(2026)朝阳区不动产权第0012345号");

    // The borrower: an offset agreement on the old borrower's fund, then the loan taken over by another member.
    assertThat(cd.desk.post(HALL, token, loan + "/offset-agreement", new JsonObject().put("order", "FUND_FIRST"),
        "o-" + UUID.randomUUID()).statusCode()).isEqualTo(201);
    LoanDesk.Member heir = cd.member(3, 1);
    String card = LoanContractDesk.newCard();
    assertThat(code(cd.desk.post(cd.desk.counter, path, borrower(m, "贷款申请人", card))))
        .isEqualTo("LOAN_CHANGE_BORROWER_INVALID");
    assertThat(code(cd.desk.post(cd.desk.counter, path, borrower(heir, "别人", card))))
        .isEqualTo("LOAN_CHANGE_BORROWER_INVALID");
    LoanDesk.Member stranger = new LoanDesk.Member("P-none",
        TestIdentities.newIdNumber(LocalDate.of(1991, 1, 1), true, 9, 9), "13900000000");
    assertThat(code(cd.desk.post(cd.desk.counter, path, borrower(stranger, "贷款申请人", card))))
        .isEqualTo("LOAN_CHANGE_BORROWER_INVALID");
    HttpResponse<Buffer> takeover = cd.desk.post(cd.desk.counter, path, borrower(heir, "贷款申请人", card));
    assertThat(takeover.statusCode()).as(takeover.bodyAsString()).isEqualTo(202);
    assertThat(takeover.bodyAsString()).doesNotContain(card);
    approve(takeover.bodyAsJsonObject().getString("changeId"));

    assertThat(cd.desk.get(HALL, token, loan).statusCode()).as("the old borrower's view").isEqualTo(404);
    HttpResponse<Buffer> theirs = cd.desk.get(HALL, cd.session(heir), contractOf(heir, contractId));
    assertThat(theirs.statusCode()).as(theirs.bodyAsString()).isEqualTo(200);
    assertThat(count("SELECT count(*) FROM loan_offset_agreement WHERE contract_id = $1 AND ended_at IS NULL",
        contractId)).isZero();
    LocalDate due1 = row("SELECT min(due_on) FROM loan_installment WHERE contract_id = $1", contractId).getLocalDate(0);
    LoanServicing servicing = TestPlatform.app().loan().servicing();
    assertThat(servicing.deductOne(contractId, due1).await(30, TimeUnit.SECONDS)).isTrue();
    await("the deduction collected", () -> "SUCCEEDED".equals(row("SELECT state FROM loan_deduction "
        + "WHERE contract_id = $1", contractId).getString(0)));
    assertThat(row("SELECT s.bank_code FROM loan_deduction d JOIN settlement_instruction s "
        + "ON s.instruction_id = d.instruction_id WHERE d.contract_id = $1", contractId).getString(0)).isEqualTo("105");
    assertBooksReconcile();
  }

  private static JsonObject mortgagor(String idNumber) {
    return new JsonObject().put("kind", "CHANGE_MORTGAGOR")
        .put("mortgagor", new JsonObject().put("name", "王抵押").put("idNumber", idNumber));
  }

  private static JsonObject collateral(String value) {
    return new JsonObject().put("kind", "CHANGE_COLLATERAL").put("collateral", new JsonObject()
        .put("certificateNo", "京(2026)朝阳区不动产权第0012345号").put("address", "北京市朝阳区幸福路 8 号 3-501")
        .put("area", "89.50").put("appraisedValue", value));
  }

  private static JsonObject borrower(LoanDesk.Member who, String name, String card) {
    return new JsonObject().put("kind", "CHANGE_BORROWER")
        .put("newBorrower", new JsonObject().put("name", name).put("idNumber", who.idNumber()))
        .put("repaymentCard", new JsonObject().put("bankCode", "105").put("cardNumber", card));
  }

  private void approve(String changeId) throws Exception {
    cd.approve("LOAN_CHANGE", changeId);
    assertThat(row("SELECT state || coalesce(' ' || reason, '') FROM loan_change WHERE change_id = $1", changeId)
        .getString(0)).isEqualTo("DONE");
  }
}
