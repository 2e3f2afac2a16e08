package hpf.loan;

import static hpf.loan.LoanContractDesk.HALL;
import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.await;
import static hpf.loan.LoanContractDesk.contractOf;
import static hpf.loan.LoanContractDesk.contractState;
import static hpf.loan.LoanContractDesk.ledger;
import static hpf.loan.LoanContractDesk.row;
import static hpf.loan.LoanDesk.code;
import static hpf.loan.LoanDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.loan.servicing.LoanServicing;
import hpf.settlement.dispatch.DispatchTuning;
import hpf.settlement.dispatch.Dispatcher;
import hpf.settlement.dispatch.SettlementFixture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Full payoff over HTTP: the day's quote; from the card, a single collection that holds off every other payment of
 * the loan while it is in flight, then SETTLED with a payoff certificate anyone can verify; from the fund, settled at
 * once when the balance allows and refused when it does not. The receivables end at zero and the books reconcile.
 */
@ExtendWith(VertxExtension.class)
class LoanPayoffTest {

  private Vertx vertx;
  private LoanContractDesk cd;
  private Dispatcher dispatcher;
  private LoanServicing servicing;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    cd = new LoanContractDesk(vertx);
    servicing = TestPlatform.app().loan().servicing();
    dispatcher = newDispatcher();
    dispatcher.start();
  }

  @AfterEach
  void stop() throws Exception {
    SettlementFixture.stop(dispatcher);
  }

  private Dispatcher newDispatcher() throws Exception {
    return new SettlementFixture(vertx).dispatcher("payoff-" + UUID.randomUUID(), TestPlatform.app().vertx(),
        TestPlatform.app().pool(), DispatchTuning.defaults());
  }

  @Test
  void fromTheCardTheLoanIsSettledOnceWithACertificate() throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    String token = cd.session(m);
    String loan = contractOf(m, contractId);
    assertThat(code(cd.desk.get(HALL, token, loan + "/settlement-certificate"))).isEqualTo("LOAN_NOT_SETTLED");

    // Disbursed today: nothing due yet and no day of interest, so the quote is the principal.
    HttpResponse<Buffer> quote = cd.desk.get(HALL, token, loan + "/payoff-quote");
    assertThat(quote.statusCode()).as(quote.bodyAsString()).isEqualTo(200);
    contract.conforms("getLoanPayoffQuote", quote);
    assertThat(quote.bodyAsJsonObject().getString("total")).isEqualTo("15000.00");

    // Held while in flight: the dispatcher is stopped, so the collection waits in the outbox.
    SettlementFixture.stop(dispatcher);
    HttpResponse<Buffer> asked = cd.desk.post(HALL, token, loan + "/payoff", new JsonObject().put("source", "CARD"),
        "p-" + UUID.randomUUID());
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(202);
    contract.conforms("payOffLoan", asked);
    assertThat(code(cd.desk.post(HALL, token, loan + "/payoff", new JsonObject().put("source", "FUND"),
        "p-" + UUID.randomUUID()))).isEqualTo("LOAN_REPAYMENT_IN_FLIGHT");
    java.time.LocalDate due1 = row("SELECT min(due_on) FROM loan_installment WHERE contract_id = $1", contractId)
        .getLocalDate(0);
    assertThat(servicing.deductOne(contractId, due1).await(30, TimeUnit.SECONDS)).isFalse();

    dispatcher = newDispatcher();
    dispatcher.start();
    await("the loan settled", () -> "SETTLED".equals(contractState(contractId)));
    assertThat(ledger("LOAN:" + contractId)).isZero();
    assertThat(row("SELECT detail_type FROM loan_repayment WHERE contract_id = $1", contractId).getString(0))
        .isEqualTo("06");

    HttpResponse<Buffer> certificate = cd.desk.get(HALL, token, loan + "/settlement-certificate");
    assertThat(certificate.statusCode()).as(certificate.bodyAsString()).isEqualTo(200);
    contract.conforms("getLoanSettlementCertificate", certificate);
    JsonObject document = certificate.bodyAsJsonObject();
    assertThat(document.getJsonObject("content").getString("type")).isEqualTo("HOUSING_LOAN_SETTLEMENT_CERTIFICATE");
    assertThat(document.getJsonObject("content").getJsonObject("mortgageRelease").getString("preRegistrationNo"))
        .isNotBlank();
    assertThat(cd.verifies(vertx, document)).isTrue();
    assertThat(cd.desk.get(HALL, token, loan + "/settlement-certificate").bodyAsJsonObject()).isEqualTo(document);
    assertThat(servicing.deductOne(contractId, due1).await(30, TimeUnit.SECONDS)).as("a settled loan").isFalse();
    assertBooksReconcile();
  }

  @Test
  void fromTheFundAtOnceWhenTheBalanceAllows() throws Exception {
    LoanDesk.Member m = cd.member(1, 2);
    String big = cd.activeLoan(m, "15000.00", 120);
    String token = cd.session(m);
    assertThat(code(cd.desk.post(HALL, token, contractOf(m, big) + "/payoff", new JsonObject().put("source", "FUND"),
        "p-" + UUID.randomUUID()))).isEqualTo("LOAN_PAYOFF_FUND_INSUFFICIENT");
    assertThat(contractState(big)).isEqualTo("ACTIVE");
  }

  @Test
  void aSmallLoanIsPaidOffFromTheFund() throws Exception {
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "1000.00", 12);
    String fund = row("SELECT ledger_account FROM member_account WHERE person_id = $1", m.personId()).getString(0);
    BigDecimal before = ledger(fund);
    HttpResponse<Buffer> paid = cd.desk.post(cd.desk.counter, contractOf(m, contractId) + "/payoff",
        new JsonObject().put("source", "FUND"));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
    assertThat(paid.bodyAsJsonObject().getString("state")).isEqualTo("SETTLED");
    assertThat(contractState(contractId)).isEqualTo("SETTLED");
    assertThat(ledger(fund)).isEqualByComparingTo(before.subtract(new BigDecimal("1000.00")));
    assertThat(count("SELECT count(*) FROM loan_repayment WHERE contract_id = $1 AND source = 'FUND'", contractId))
        .isEqualTo(1);
    assertBooksReconcile();
  }
}
