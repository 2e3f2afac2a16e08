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
import hpf.loan.servicing.LoanServicing;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Offset repayment (冲还贷) on an active loan: signed online fund-first, the installment is taken from the borrower's
 * provident fund as one posting and the card is not asked; changed at the counter to card-first, a card refused for
 * want of funds is made good by the fund at once and no refusal notice goes out; only the borrower's own fund online
 * and a co-borrower's at the counter; ended, the card alone is asked again. The books reconcile.
 */
@ExtendWith(VertxExtension.class)
class LoanOffsetTest extends DispatchingLoanTest {

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
  void theFundPaysFirstOrMakesGoodARefusedCardUnderTheAgreement(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    String fund = row("SELECT ledger_account FROM member_account WHERE person_id = $1", m.personId()).getString(0);
    BigDecimal before = ledger(fund);
    String path = contractOf(m, contractId) + "/offset-agreement";

    // Online: the borrower's own fund only.
    String token = cd.session(m);
    LoanDesk.Member other = cd.member(5, 2);
    HttpResponse<Buffer> refused = cd.desk.post(HALL, token, path, new JsonObject().put("order", "FUND_FIRST")
        .put("payerPersonId", other.personId()), "o-" + UUID.randomUUID());
    assertThat(code(refused)).isEqualTo("LOAN_OFFSET_PAYER_INVALID");
    contract.conforms("signLoanOffsetAgreement", refused);
    HttpResponse<Buffer> signed = cd.desk.post(HALL, token, path, new JsonObject().put("order", "FUND_FIRST"),
        "o-" + UUID.randomUUID());
    assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(201);
    contract.conforms("signLoanOffsetAgreement", signed);
    assertThat(signed.bodyAsJsonObject().getString("payerPersonId")).isEqualTo(m.personId());

    // Fund first: the whole installment from the fund, one receipt (05), no card deduction.
    var first = installment(contractId, 1);
    LocalDate due1 = first.getLocalDate("due_on");
    assertThat(servicing.deductOne(contractId, due1).await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(count("SELECT count(*) FROM loan_deduction WHERE contract_id = $1", contractId)).isZero();
    var fromFund = TestPlatform.app().pool().preparedQuery(
            "SELECT * FROM loan_repayment WHERE contract_id = $1 AND value_date = $2")
        .execute(Tuple.of(contractId, due1)).await(10, TimeUnit.SECONDS).iterator().next();
    assertThat(fromFund.getString("source")).isEqualTo("FUND");
    assertThat(fromFund.getString("detail_type")).isEqualTo("05");
    assertThat(fromFund.getBigDecimal("amount")).isEqualByComparingTo(first.getBigDecimal("payment"));
    assertThat(ledger(fund)).isEqualByComparingTo(before.subtract(first.getBigDecimal("payment")));

    // Changed at the counter to card first: a refused card is made good by the fund, and no refusal notice is sent.
    HttpResponse<Buffer> changed = cd.desk.post(cd.desk.counter, path, new JsonObject().put("order", "CARD_FIRST"));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(201);
    assertThat(count("SELECT count(*) FROM loan_offset_agreement WHERE contract_id = $1 AND ended_at IS NOT NULL",
        contractId)).isEqualTo(1);
    var second = installment(contractId, 2);
    LocalDate due2 = second.getLocalDate("due_on");
    cd.bank(HttpMethod.PUT, new JsonObject().put("rejectCodes", new JsonArray().add("B2003")).put("rejectRatio", 1.0));
    assertThat(servicing.deductOne(contractId, due2).await(30, TimeUnit.SECONDS)).isTrue();
    await("the card refused and the fund paid", () -> count("SELECT count(*) FROM loan_repayment WHERE contract_id = $1 "
        + "AND source = 'FUND'", contractId) == 2);
    assertThat(count("SELECT count(*) FROM loan_deduction WHERE contract_id = $1 AND state = 'FAILED'", contractId))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM loan_notice WHERE contract_id = $1 AND kind = 'DEDUCTION_FAILED'",
        contractId)).isZero();
    assertThat(ledger(fund)).isEqualByComparingTo(before.subtract(first.getBigDecimal("payment"))
        .subtract(second.getBigDecimal("payment")));
    cd.bank(HttpMethod.DELETE, null);

    // Ended by the borrower: shown no more, and a second end finds nothing.
    HttpResponse<Buffer> ended = cd.desk.post(HALL, token, path + "/end", null, "o-" + UUID.randomUUID());
    assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(200);
    contract.conforms("endLoanOffsetAgreement", ended);
    assertThat(code(cd.desk.post(HALL, token, path + "/end", null, "o-" + UUID.randomUUID())))
        .isEqualTo("LOAN_OFFSET_AGREEMENT_NOT_FOUND");
    HttpResponse<Buffer> loan = cd.desk.get(HALL, token, contractOf(m, contractId));
    contract.conforms("getLoanContract", loan);
    assertThat(loan.bodyAsJsonObject().getJsonObject("servicing").getValue("offsetAgreement")).isNull();
    assertBooksReconcile();
  }

  private static io.vertx.sqlclient.Row installment(String contractId, int period) throws Exception {
    return TestPlatform.app().pool().preparedQuery(
            "SELECT * FROM loan_installment WHERE contract_id = $1 AND period = $2 AND version = 1")
        .execute(Tuple.of(contractId, period)).await(10, TimeUnit.SECONDS).iterator().next();
  }
}
