package hpf.loan.terms;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.Scenarios;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.TestIdentities;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The loan calculator over HTTP: open to any signed app for given inputs, and for a member from its own data. */
@ExtendWith(VertxExtension.class)
class LoanCalculatorTest {

  private SignedCalls calls;
  private ContractCheck contract;
  private Scenarios scenarios;
  private String counter;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    TestPlatform.app();
    WebClient client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    contract = new ContractCheck(vertx, Zone.PUBLIC);
    counter = calls.staffToken("counter.li");
    scenarios = new Scenarios(client, calls, counter);
  }

  private HttpResponse<Buffer> calculate(JsonObject body) throws Exception {
    HttpResponse<Buffer> response = calls.send("demo-mini-program", HttpMethod.POST, "/v1/loan-calculations",
        body.toBuffer(), System.currentTimeMillis());
    contract.conforms("calculateLoan", response);
    return response;
  }

  private static String phone() {
    return "139" + String.format("%08d", java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000_000));
  }

  private static JsonObject borrower(String balance, String base, int months) {
    return new JsonObject().put("balance", balance).put("contributionBase", base).put("continuousDepositMonths", months);
  }

  @Test
  void answersTheCeilingAndTheScheduleOfTheAmountAskedWithoutASession() throws Exception {
    HttpResponse<Buffer> response = calculate(new JsonObject().put("price", "1000000.00").put("homeOrdinal", 1)
        .put("borrower", borrower("50000.00", "10000.00", 24)).put("age", 30).put("termMonths", 360)
        .put("amount", "1000000.00"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject c = response.bodyAsJsonObject();
    assertThat(c.getBoolean("eligible")).isTrue();
    assertThat(c.getString("amount")).isEqualTo("600000.00");
    assertThat(c.getString("bindingLimit")).isEqualTo("CENTER_CEILING");
    assertThat(c.getJsonArray("limits").stream().map(o -> ((JsonObject) o).getString("name")).toList())
        .containsExactly("CENTER_CEILING", "LOAN_TO_VALUE", "BALANCE_MULTIPLE", "REPAYMENT_CAPACITY");
    assertThat(c.getString("annualRate")).isEqualTo("0.026");
    assertThat(c.getBoolean("withinCeiling")).isFalse();
    JsonObject schedule = c.getJsonObject("schedule");
    assertThat(schedule.getString("principal")).isEqualTo("1000000.00");
    assertThat(schedule.getString("firstPayment")).isEqualTo("4003.40");
    assertThat(schedule.getString("totalInterest")).isEqualTo("441222.35");
    JsonArray rows = schedule.getJsonArray("installments");
    assertThat(rows).hasSize(360);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    int dueDay = Math.min(today.getDayOfMonth(), 28);
    assertThat(rows.getJsonObject(0).getString("due")).isIn(today.plusMonths(1).withDayOfMonth(dueDay).toString(),
        today.plusDays(1).plusMonths(1).withDayOfMonth(Math.min(today.plusDays(1).getDayOfMonth(), 28)).toString());
    assertThat(rows.getJsonObject(359).getString("outstandingAfter")).isEqualTo("0.00");
  }

  @Test
  void withoutAnAmountThePreviewIsTheCeilingAndIneligibilityIsNamed() throws Exception {
    JsonObject c = calculate(new JsonObject().put("homeOrdinal", 2).put("price", "500000.00")
        .put("borrower", borrower("10000.00", "6000.00", 24)).put("coBorrower", new JsonObject()
            .put("balance", "5000.00").put("monthlyIncome", "4000.00")).put("age", 40).put("repaymentMethod", "02"))
        .bodyAsJsonObject();
    // 70 % of 500,000 = 350,000; 15 × 15,000 = 225,000 binds; over (70 − 40) × 12 = 360 months at 3.075 %.
    assertThat(c.getString("amount")).isEqualTo("225000.00");
    assertThat(c.getString("bindingLimit")).isEqualTo("BALANCE_MULTIPLE");
    assertThat(c.getString("monthlyIncome")).isEqualTo("10000.00");
    assertThat(c.getString("annualRate")).isEqualTo("0.03075");
    assertThat(c.getJsonObject("schedule").getString("principal")).isEqualTo("225000.00");
    assertThat(c.getJsonObject("schedule").getString("repaymentMethod")).isEqualTo("02");
    assertThat(c.containsKey("withinCeiling")).isFalse();

    JsonObject refused = calculate(new JsonObject().put("homeOrdinal", 1).put("outstandingLoans", 1)
        .put("borrower", borrower("10000.00", "6000.00", 3)).put("age", 30)).bodyAsJsonObject();
    assertThat(refused.getBoolean("eligible")).isFalse();
    assertThat(refused.getString("amount")).isEqualTo("0.00");
    assertThat(refused.getJsonArray("ineligibleReasons").stream().map(o -> ((JsonObject) o).getString("code")).toList())
        .containsExactly("DEPOSIT_MONTHS_TOO_SHORT", "OUTSTANDING_LOAN");
    assertThat(refused.containsKey("schedule")).isFalse();
  }

  @Test
  void refusesInputsItCannotComputeWithStableCodes() throws Exception {
    HttpResponse<Buffer> noIncome = calculate(new JsonObject().put("homeOrdinal", 1).put("age", 30)
        .put("borrower", new JsonObject().put("balance", "100.00")));
    assertThat(noIncome.statusCode()).isEqualTo(422);
    assertThat(noIncome.bodyAsJsonObject().getString("code")).isEqualTo("LOAN_INCOME_MISSING");
    HttpResponse<Buffer> zero = calculate(new JsonObject().put("homeOrdinal", 1).put("age", 30).put("amount", "0")
        .put("borrower", borrower("100.00", "3000.00", 12)));
    assertThat(zero.statusCode()).isEqualTo(422);
    assertThat(zero.bodyAsJsonObject().getString("code")).isEqualTo("LOAN_AMOUNT_INVALID");
    HttpResponse<Buffer> longTerm = calculate(new JsonObject().put("homeOrdinal", 1).put("age", 30)
        .put("termMonths", 361).put("borrower", borrower("100.00", "3000.00", 12)));
    assertThat(longTerm.statusCode()).isEqualTo(400);
    assertThat(longTerm.bodyAsJsonObject().getString("code")).isEqualTo("VALIDATION_FAILED");
  }

  /**
   * The ceiling from the member's own data, read here by the counter clerk (service staff may read any member; a
   * member reads only its own: the sandbox identity provider logs in only its demo people, so a new person cannot).
   */
  @Test
  void aMembersCeilingComesFromItsOwnAccountAndNobodyElseSeesIt() throws Exception {
    LocalDate birthday = LocalDate.of(1988, 3, 9);
    String idNumber = TestIdentities.newIdNumber(birthday, true);
    String personId = scenarios.memberWithOneMonthPaid("贷款试算测试有限公司", "试算人", idNumber, phone());
    HttpResponse<Buffer> response = ceiling("demo-counter", counter, personId,
        "?price=800000&termMonths=240&repaymentMethod=02&homeOrdinal=1");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    contract.conforms("getMyLoanCeiling", response);
    JsonObject c = response.bodyAsJsonObject();
    int age = Period.between(birthday, LocalDate.now(ZoneId.of("Asia/Shanghai"))).getYears();
    assertThat(c.getJsonObject("basis").getInteger("age")).isEqualTo(age);
    assertThat(c.getJsonObject("basis").getString("balance")).isEqualTo(Scenarios.MONTHLY);
    assertThat(c.getJsonObject("basis").getString("contributionBase")).isEqualTo(Scenarios.WAGE);
    assertThat(c.getJsonObject("basis").getInteger("continuousDepositMonths")).isEqualTo(1);
    // One month paid: not yet eligible; 15 × 1,200.00 = 18,000.00 binds; income = the base 5,000.00.
    assertThat(c.getBoolean("eligible")).isFalse();
    assertThat(c.getJsonArray("ineligibleReasons").getJsonObject(0).getString("code"))
        .isEqualTo("DEPOSIT_MONTHS_TOO_SHORT");
    assertThat(c.getString("bindingLimit")).isEqualTo("BALANCE_MULTIPLE");
    assertThat(c.getJsonArray("limits").getJsonObject(2).getString("amount")).isEqualTo("18000.00");
    assertThat(c.getString("monthlyIncome")).isEqualTo("5000.00");
    assertThat(c.getInteger("termMonths")).isEqualTo(240);
    assertThat(c.getString("bindingTermLimit")).isEqualTo("REQUESTED_TERM");
    assertThat(c.getString("repaymentMethod")).isEqualTo("02");

    String other = scenarios.memberToken(DemoPeople.person("P00000003").idNumber());
    // Another member's data does not exist for this member (404, as every member read answers).
    assertThat(ceiling("demo-mobile", other, personId, "").statusCode()).isEqualTo(404);
    assertThat(calls.get("/v1/members/" + personId + "/loan-ceiling").statusCode()).isEqualTo(401);
  }

  private HttpResponse<Buffer> ceiling(String app, String token, String personId, String query) throws Exception {
    return calls.request(app, HttpMethod.GET, "/v1/members/" + personId + "/loan-ceiling" + query, null,
        System.currentTimeMillis()).bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }
}
