package hpf.loan;

import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.await;
import static hpf.loan.LoanContractDesk.installment;
import static hpf.loan.LoanContractDesk.row;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestOperators;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Beijing's overdue rules on an active loan: the first installment refused through its grace period is reported to
 * the credit reference system on T+15 (not on T+14, once however often the day runs), the second has no grace
 * because the first went overdue (penalty from its first day late, by hand), and once everything is collected the
 * reported installment is reported cleared, once.
 */
@ExtendWith(VertxExtension.class)
class LoanCreditReportTest extends DispatchingLoanTest {

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
  void anInstallmentOwingOnT15IsReportedAndTheNextHasNoGrace(Vertx vertx) throws Exception {
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    BigDecimal rate = row("SELECT annual_rate FROM loan_contract WHERE contract_id = $1", contractId).getBigDecimal(0);
    Row first = installment(contractId, 1);
    Row second = installment(contractId, 2);
    LocalDate due1 = first.getLocalDate("due_on");
    LocalDate due2 = second.getLocalDate("due_on");

    cd.bank(HttpMethod.PUT, new JsonObject().put("rejectCodes", new JsonArray().add("B2003")).put("rejectRatio", 1.0));
    servicing.deductOne(contractId, due1).await(30, TimeUnit.SECONDS);
    await("the refusal", () -> "FAILED".equals(deductionState(contractId, due1)));
    servicing.runDeductions(due1.plusDays(14)).await(60, TimeUnit.SECONDS);
    assertThat(lines(contractId)).as("not before T+15").isEmpty();
    servicing.runDeductions(due1.plusDays(15)).await(60, TimeUnit.SECONDS);
    servicing.runDeductions(due1.plusDays(15)).await(60, TimeUnit.SECONDS);
    List<Row> reported = lines(contractId);
    assertThat(reported).hasSize(1);
    Row line = reported.get(0);
    assertThat(line.getString("kind")).isEqualTo("OVERDUE");
    assertThat(line.getLocalDate("report_on")).isEqualTo(due1.plusDays(15));
    assertThat(line.getBigDecimal("principal")).isEqualByComparingTo(first.getBigDecimal("principal"));
    // Past grace: 15 days of penalty on the whole installment, by hand.
    assertThat(line.getBigDecimal("penalty")).isEqualByComparingTo(penalty(first.getBigDecimal("payment"), rate, 15));
    assertThat(line.getString("person_id")).isEqualTo(m.personId());

    HttpResponse<Buffer> day = cd.desk.client.get(TestPlatform.port(Zone.ADMIN), "127.0.0.1",
            "/v1/loan-credit-reports?day=" + due1.plusDays(15) + "&size=1000")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.AUDITOR)).send()
        .await(10, TimeUnit.SECONDS);
    assertThat(day.statusCode()).as(day.bodyAsString()).isEqualTo(200);
    new ContractCheck(vertx, Zone.ADMIN).conforms("listLoanCreditReports", day);
    assertThat(day.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("contractId").equals(contractId)).toList()).hasSize(1);

    // The second installment, one day late: no grace after an overdue installment, so one day of penalty on it.
    LocalDate late = due2.plusDays(1);
    JsonObject owed = LoanServicing.summary(TestPlatform.app().pool(), contractId, late).await(10, TimeUnit.SECONDS);
    assertThat(owed.getJsonArray("periodStatus").getList().subList(0, 2)).containsExactly("OVERDUE", "OVERDUE");
    BigDecimal firstPenalty = penaltyDays(first.getBigDecimal("payment"), rate, late.toEpochDay() - due1.toEpochDay());
    BigDecimal secondPenalty = penaltyDays(second.getBigDecimal("payment"), rate, 1);
    assertThat(owed.getJsonObject("owed").getString("penalty"))
        .isEqualTo(firstPenalty.add(secondPenalty).setScale(2, RoundingMode.HALF_UP).toPlainString());

    cd.bank(HttpMethod.DELETE, null);
    assertThat(servicing.deductOne(contractId, late).await(30, TimeUnit.SECONDS)).isTrue();
    await("the late collection", () -> "SUCCEEDED".equals(deductionState(contractId, late)));
    servicing.runDeductions(late.plusDays(1)).await(60, TimeUnit.SECONDS);
    servicing.runDeductions(late.plusDays(2)).await(60, TimeUnit.SECONDS);
    List<Row> after = lines(contractId);
    assertThat(after).extracting(r -> r.getString("kind")).containsExactly("CLEARED", "OVERDUE");
    assertThat(after.get(0).getLocalDate("report_on")).isEqualTo(late.plusDays(1));
    assertThat(after.get(0).getInteger("period")).isEqualTo(1);
    assertBooksReconcile();
  }

  /** Unrounded penalty of {@code days} days: amount × rate × 1.5 / 360 × days (summed exactly, rounded once). */
  private static BigDecimal penaltyDays(BigDecimal amount, BigDecimal rate, long days) {
    return amount.multiply(rate).multiply(new BigDecimal("1.5")).divide(BigDecimal.valueOf(360), MathContext.DECIMAL128)
        .multiply(BigDecimal.valueOf(days));
  }

  private static BigDecimal penalty(BigDecimal amount, BigDecimal rate, long days) {
    return penaltyDays(amount, rate, days).setScale(2, RoundingMode.HALF_UP);
  }

  private static List<Row> lines(String contractId) throws Exception {
    List<Row> out = new java.util.ArrayList<>();
    TestPlatform.app().pool().preparedQuery("SELECT * FROM loan_credit_report WHERE contract_id = $1 ORDER BY kind")
        .execute(Tuple.of(contractId)).await(10, TimeUnit.SECONDS).forEach(out::add);
    return out;
  }

  private static String deductionState(String contractId, LocalDate day) throws Exception {
    var rows = TestPlatform.app().pool().preparedQuery(
            "SELECT state FROM loan_deduction WHERE contract_id = $1 AND attempt_on = $2")
        .execute(Tuple.of(contractId, day)).await(10, TimeUnit.SECONDS);
    return rows.size() == 0 ? null : rows.iterator().next().getString("state");
  }
}
