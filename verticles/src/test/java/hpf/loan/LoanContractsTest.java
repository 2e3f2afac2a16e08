package hpf.loan;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
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
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.loan.LoanContractDesk.HALL;
import static hpf.loan.LoanContractDesk.PAYEE_ACCOUNT;
import static hpf.loan.LoanContractDesk.applicationState;
import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.await;
import static hpf.loan.LoanContractDesk.contractOf;
import static hpf.loan.LoanContractDesk.contractPath;
import static hpf.loan.LoanContractDesk.contractState;
import static hpf.loan.LoanContractDesk.ledger;
import static hpf.loan.LoanContractDesk.serial;
import static hpf.loan.LoanContractDesk.signing;
import static hpf.loan.LoanDesk.code;
import static hpf.loan.LoanDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * From the calculator through an approved application to an active loan over HTTP, against PostgreSQL, the sandbox registry and the sandbox
 * bank: the borrower signs the contract (an SM2 document anyone can verify), counter staff check the mortgage
 * pre-registration and ask for the payment, a reviewer releases it, the bank pays and the loan is ACTIVE with its
 * schedule. A payment the bank refuses is reversed and asked for again; an uncertain answer is queried, never sent
 * twice; the books reconcile after each.
 */
@ExtendWith(VertxExtension.class)
class LoanContractsTest {

  private LoanContractDesk cd;
  private LoanDesk desk;
  private Dispatcher dispatcher;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    cd = new LoanContractDesk(vertx);
    desk = cd.desk;
    // The shared test platform does not dispatch; this test runs a dispatcher of its own, as the settlement tests do.
    dispatcher = new SettlementFixture(vertx).dispatcher("loan-" + UUID.randomUUID(), TestPlatform.app().vertx(),
        TestPlatform.app().pool(), DispatchTuning.defaults());
    dispatcher.start();
  }

  @AfterEach
  void stopDispatcher() throws Exception {
    SettlementFixture.stop(dispatcher);
  }

  @Test
  void anApprovedApplicationIsSignedPreRegisteredPaidOnceAndActive(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    // The calculator first (any signed app, no session): with the member's balance the balance multiple binds.
    HttpResponse<Buffer> calculated = desk.calls.send(HALL, HttpMethod.POST, "/v1/loan-calculations", new JsonObject()
        .put("price", "2680000.00").put("homeOrdinal", 1).put("age", 40).put("termMonths", 120)
        .put("borrower", new JsonObject().put("balance", "1200.00").put("contributionBase", "5000.00")
            .put("continuousDepositMonths", 12)).put("amount", "15000.00").toBuffer(), System.currentTimeMillis());
    assertThat(calculated.statusCode()).as(calculated.bodyAsString()).isEqualTo(200);
    assertThat(calculated.bodyAsJsonObject().getString("amount")).isEqualTo("18000.00");
    assertThat(calculated.bodyAsJsonObject().getString("bindingLimit")).isEqualTo("BALANCE_MULTIPLE");
    LoanDesk.Member m = cd.member(1, 2);
    String applicationId = cd.approved(m, "15000.00", 120);
    String memberToken = cd.session(m);

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
    assertThat(cd.verifies(vertx, c.getJsonObject("document"))).isTrue();
    content.put("principal", "150000.00");
    assertThat(cd.verifies(vertx, c.getJsonObject("document"))).as("a changed contract no longer verifies").isFalse();
    assertThat(applicationState(applicationId)).isEqualTo("CONTRACTED");
    assertThat(code(desk.post(desk.counter, m.applications(), LoanDesk.application(m, "5000.00", 60))))
        .as("a contracted application is still the borrower's open one").isEqualTo("LOAN_APPLICATION_OPEN");
    assertThat(code(desk.post(HALL, memberToken, contractPath(m, applicationId), signing(),
        "c-" + UUID.randomUUID()))).isEqualTo("LOAN_APPLICATION_NOT_APPROVED");
    LoanDesk.Member other = cd.member(5, 2);
    assertThat(desk.get(HALL, cd.session(other), contractOf(m, contractId))
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

    String instructionId = cd.requestAndRelease(contract, contractId);
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
    HttpResponse<Buffer> mine = desk.get(HALL, memberToken, "/v1/members/" + m.personId() + "/loan-contracts");
    contract.conforms("listMyLoanContracts", mine);
    assertThat(mine.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("state")).isEqualTo("ACTIVE");
    assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo("15000.00");
    assertThat(cd.bookings("102", serial(instructionId))).isEqualTo(1);
    assertBooksReconcile();
  }

  @Test
  void withoutAPreRegistrationNoMoneyMoves() throws Exception {
    LoanDesk.Member m = cd.member(2, 2);
    String applicationId = cd.approved(m, "12000.00", 60);
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
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.preRegistered(m, "9000.00", 36);
    try {
      cd.bank(HttpMethod.PUT, new JsonObject().put("rejectCodes", new JsonArray().add("B2001")).put("rejectRatio", 1.0));
      cd.requestAndRelease(contract, contractId);
      await("the payment refused", () -> "DISBURSEMENT_FAILED".equals(contractState(contractId)));
      assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo("0.00");
      assertBooksReconcile();

      cd.bank(HttpMethod.PUT, new JsonObject().put("uncertain", new JsonObject().put("settleAs", "SUCCEEDED")
          .put("afterQueries", 1).put("afterMs", 0)));
      String second = cd.requestAndRelease(contract, contractId);
      await("the uncertain payment settled", () -> "ACTIVE".equals(contractState(contractId)));
      assertThat(cd.bookings("102", serial(second))).isEqualTo(1);
    } finally {
      cd.bank(HttpMethod.DELETE, null);
    }
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1", "loan:" + contractId))
        .isEqualTo(2);
    assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo("9000.00");
    assertBooksReconcile();
  }

}
