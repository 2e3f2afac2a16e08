package hpf.loan;

import static hpf.loan.LoanContractDesk.HALL;
import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.await;
import static hpf.loan.LoanContractDesk.contractOf;
import static hpf.loan.LoanContractDesk.row;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.loan.servicing.LoanServicing;
import hpf.loan.terms.Schedules;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The 1 January repricing across a rate change, on an active 20-year loan: the rate in force on 1 January 2040 (a
 * policy row the test adds for that day, far from any date another test reads) applies from the first installment
 * after it, in a new schedule version that the borrower's view shows; running the year again changes nothing; the
 * books reconcile.
 */
@ExtendWith(VertxExtension.class)
class LoanRepricingTest extends DispatchingLoanTest {

  private static final int YEAR = 2040;
  private static final BigDecimal NEW_RATE = new BigDecimal("0.0200");

  private LoanServicing servicing;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    servicing = TestPlatform.app().loan().servicing();
  }

  @Test
  void aRateChangeOnJanuaryFirstRepricesTheRestOfTheScheduleOnce(Vertx vertx) throws Exception {
    TestPlatform.app().pool().preparedQuery("""
            INSERT INTO policy_parameter (name, effective_from, value, note) VALUES ($1, $2, $3, 'test')
            ON CONFLICT DO NOTHING""")
        .execute(Tuple.of("loan.rate.first.over_5y", LocalDate.of(YEAR, 1, 1), NEW_RATE.toPlainString()))
        .await(10, TimeUnit.SECONDS);
    LoanDesk.Member m = cd.desk.member(LocalDate.of(1992, 3, 3), 1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 240);
    BigDecimal oldRate = row("SELECT annual_rate FROM loan_contract WHERE contract_id = $1", contractId).getBigDecimal(0);
    assertThat(oldRate).isEqualByComparingTo("0.026");

    LoanServicing.RepricingReport first = servicing.runRepricing(YEAR).await(60, TimeUnit.SECONDS);
    assertThat(first.repriced()).isGreaterThanOrEqualTo(1);
    Row repriced = row("SELECT * FROM loan_repricing WHERE contract_id = $1", contractId);
    assertThat(repriced.getBigDecimal("new_rate")).isEqualByComparingTo(NEW_RATE);
    int from = repriced.getInteger("from_period");
    assertThat(row("SELECT annual_rate FROM loan_contract WHERE contract_id = $1", contractId).getBigDecimal(0))
        .isEqualByComparingTo(NEW_RATE);

    Row before = installment(contractId, 1, from - 1);
    Row after = installment(contractId, 2, from);
    assertThat(after.getLocalDate("due_on")).isAfter(LocalDate.of(YEAR, 1, 1));
    assertThat(before.getLocalDate("due_on")).isBeforeOrEqualTo(LocalDate.of(YEAR, 1, 1));
    assertThat(installment(contractId, 2, from - 1).getBigDecimal("payment"))
        .isEqualByComparingTo(before.getBigDecimal("payment"));
    assertThat(after.getBigDecimal("interest"))
        .isEqualTo(Schedules.interest(before.getBigDecimal("outstanding_after"), NEW_RATE));
    assertThat(after.getBigDecimal("payment")).isLessThan(installment(contractId, 1, from).getBigDecimal("payment"));
    assertThat(LoanDesk.count("SELECT sum(principal) FROM loan_installment WHERE contract_id = $1 AND version = 2",
        contractId)).isEqualTo(15000L);

    LoanServicing.RepricingReport again = servicing.runRepricing(YEAR).await(60, TimeUnit.SECONDS);
    assertThat(again.looked()).isZero();
    assertThat(LoanDesk.count("SELECT count(*) FROM loan_repricing WHERE contract_id = $1", contractId)).isEqualTo(1);

    // The borrower sees the new rate and schedule; the next deduction asks for the new installment.
    HttpResponse<Buffer> loan = cd.desk.get(HALL, cd.session(m), contractOf(m, contractId));
    new ContractCheck(vertx, Zone.PUBLIC).conforms("getLoanContract", loan);
    assertThat(loan.bodyAsJsonObject().getString("annualRate")).isEqualTo("0.02");
    JsonArray row = loan.bodyAsJsonObject().getJsonObject("schedule").getJsonArray("rows").getJsonArray(from - 1);
    assertThat(row.getString(4)).isEqualTo(after.getBigDecimal("payment").toPlainString());
    assertBooksReconcile();
  }

  private static Row installment(String contractId, int version, int period) throws Exception {
    return TestPlatform.app().pool().preparedQuery(
            "SELECT * FROM loan_installment WHERE contract_id = $1 AND version = $2 AND period = $3")
        .execute(Tuple.of(contractId, (short) version, period)).await(10, TimeUnit.SECONDS).iterator().next();
  }
}
