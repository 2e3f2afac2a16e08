package hpf.loan;

import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.await;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import hpf.loan.servicing.LoanServicing;
import hpf.loan.servicing.OverdueGauges;
import io.vertx.core.Vertx;
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
 * The overdue gauges by age band: an active loan seen ten days after its second due date owes its first two
 * installments past grace (the oldest some 40 days late: band 31-90); once the first is collected it owes the second
 * only (10 days: band 1-30). The gauges of the whole database move by exactly this loan's count and installments.
 */
@ExtendWith(VertxExtension.class)
class LoanOverdueMetricsTest extends DispatchingLoanTest {

  private LoanServicing servicing;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    servicing = TestPlatform.app().loan().servicing();
  }

  @Test
  void overdueLoansAndWhatTheirOverdueInstallmentsOweAreGaugedByAgeBand() throws Exception {
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    Row first = installment(contractId, 1);
    Row second = installment(contractId, 2);
    LocalDate due1 = first.getLocalDate("due_on");
    LocalDate day = second.getLocalDate("due_on").plusDays(10);
    assertThat(installment(contractId, 3).getLocalDate("due_on")).isAfter(day);
    // Other tests' loans are overdue that day too and stay as they are: the test reads how the gauges move.
    OverdueGauges gauges = new OverdueGauges(TestPlatform.app().pool());
    String before = gauges.scrapeAsOf(day);

    assertThat(servicing.deductOne(contractId, due1).await(30, TimeUnit.SECONDS)).isTrue();
    await("the first installment collected", () -> "SUCCEEDED".equals(TestPlatform.app().pool().preparedQuery(
            "SELECT state FROM loan_deduction WHERE contract_id = $1 AND attempt_on = $2")
        .execute(Tuple.of(contractId, due1)).await(10, TimeUnit.SECONDS).iterator().next().getString("state")));
    String after = gauges.scrapeAsOf(day);

    BigDecimal payment1 = first.getBigDecimal("payment");
    BigDecimal payment2 = second.getBigDecimal("payment");
    assertThat(OverdueGauges.loans(after, "31-90")).isEqualTo(OverdueGauges.loans(before, "31-90") - 1);
    assertThat(OverdueGauges.loans(after, "1-30")).isEqualTo(OverdueGauges.loans(before, "1-30") + 1);
    assertThat(OverdueGauges.amount(before, "31-90").subtract(OverdueGauges.amount(after, "31-90")))
        .isEqualByComparingTo(payment1.add(payment2));
    assertThat(OverdueGauges.amount(after, "1-30").subtract(OverdueGauges.amount(before, "1-30")))
        .isEqualByComparingTo(payment2);
    for (String band : new String[] {"91-180", "181+"}) {
      assertThat(OverdueGauges.amount(after, band)).isEqualByComparingTo(OverdueGauges.amount(before, band));
    }

    // The platform exports every band of both gauges on the management listener.
    String metrics = cd.desk.client.get(TestPlatform.port(Zone.MANAGEMENT), "127.0.0.1", "/metrics").send()
        .await(10, TimeUnit.SECONDS).bodyAsString();
    for (String band : new String[] {"1-30", "31-90", "91-180", "181+"}) {
      assertThat(metrics).contains("hpf_loan_overdue_amount_yuan{days=\"" + band + "\"}")
          .contains("hpf_loan_overdue_loans{days=\"" + band + "\"}");
    }
    assertBooksReconcile();
  }

  private static Row installment(String contractId, int period) throws Exception {
    return TestPlatform.app().pool().preparedQuery("""
            SELECT * FROM loan_installment WHERE contract_id = $1 AND period = $2
               AND version = (SELECT schedule_version FROM loan_contract WHERE contract_id = $1)""")
        .execute(Tuple.of(contractId, period)).await(10, TimeUnit.SECONDS).iterator().next();
  }
}
