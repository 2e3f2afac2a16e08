package hpf.loan;

import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.loan.LoanDesk.code;
import static hpf.loan.LoanDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a loan application is refused, each before anything is written: no consent (no source asked), a channel
 * that does not take loans, a loan outstanding elsewhere, a deposit too short, a home already owned declared as the
 * first, an unmarried borrower with a co-borrower, a term past the age limit, an amount above the ceiling naming its
 * binding limit, a shared-ownership home the contract filing names as another kind. A second home declared as such
 * is accepted, and so is a shared-ownership home the filing bears out.
 */
@ExtendWith(VertxExtension.class)
class LoanRefusalsTest {

  private static final String LOAN_EVIDENCE =
      "SELECT count(*) FROM evidence_record WHERE person_id = $1 AND business_ref LIKE 'loan-application:%'";

  private LoanDesk desk;
  private ContractCheck contract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    desk = new LoanDesk(vertx);
    contract = new ContractCheck(vertx, Zone.PUBLIC);
  }

  @Test
  void withoutConsentNoSourceIsAskedAndNothingWritten() throws Exception {
    LoanDesk.Member m = desk.member(1, 2);
    assertThat(code(apply(m, LoanDesk.application(m, "10000.00", 120)))).isEqualTo("CONSENT_REQUIRED");
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES.subList(0, 3));
    assertThat(code(apply(m, LoanDesk.application(m, "10000.00", 120)))).isEqualTo("CONSENT_REQUIRED");
    assertThat(count(LOAN_EVIDENCE, m.personId())).isZero();
    assertNothingWritten(m);
  }

  @Test
  void onlyTheHallTheAppMiniProgramsAndCounterStaffTakeApplications() throws Exception {
    LoanDesk.Member m = desk.member(1, 2);
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    String token = desk.memberToken("demo-kiosk", m);
    HttpResponse<Buffer> kiosk = desk.post("demo-kiosk", token, m.applications(), LoanDesk.application(m,
        "10000.00", 120), "k-" + UUID.randomUUID());
    assertThat(kiosk.statusCode()).as(kiosk.bodyAsString()).isEqualTo(403);
    assertThat(code(kiosk)).isEqualTo("LOAN_CHANNEL_NOT_ALLOWED");
    contract.conforms("applyLoan", kiosk);
    assertNothingWritten(m);
  }

  @Test
  void aLoanOutstandingElsewhereRefuses() throws Exception {
    LoanDesk.Member m = consented(desk.member(1, 4));
    HttpResponse<Buffer> refused = apply(m, LoanDesk.application(m, "10000.00", 120));
    assertNotEligible(refused, "outstandingLoans");
    assertThat(count(LOAN_EVIDENCE, m.personId())).as("the answers are kept as evidence even so").isGreaterThanOrEqualTo(LoanDesk.BORROWER_SOURCES.size());
    assertNothingWritten(m);
  }

  @Test
  void aDepositTooShortRefuses() throws Exception {
    LoanDesk.Member m = consented(desk.member(0, 1));
    HttpResponse<Buffer> refused = apply(m, LoanDesk.application(m, "10000.00", 120));
    assertNotEligible(refused, "continuousDepositMonths");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("3 个月").contains("6 个月");
    assertNothingWritten(m);
  }

  @Test
  void aHomeAlreadyOwnedMakesThisTheSecondHome() throws Exception {
    LoanDesk.Member m = consented(desk.member(1, 6));
    assertNotEligible(apply(m, LoanDesk.application(m, "10000.00", 120)), "homeOrdinal");
    assertNothingWritten(m);
    JsonObject second = LoanDesk.application(m, "10000.00", 120);
    second.getJsonObject("home").put("homeOrdinal", 2);
    HttpResponse<Buffer> accepted = apply(m, second);
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    assertThat(accepted.bodyAsJsonObject().getJsonObject("home").getInteger("homeOrdinal")).isEqualTo(2);
  }

  @Test
  void aSharedOwnershipHomeMustBeOneByItsContractFiling() throws Exception {
    LoanDesk.Member buyer = consented(desk.member(1, 1)); // the sandbox files this purchase as 商品住房
    JsonObject claimed = LoanDesk.application(buyer, "10000.00", 120);
    claimed.getJsonObject("home").put("sharedOwnership", true);
    HttpResponse<Buffer> refused = apply(buyer, claimed);
    assertNotEligible(refused, "home.sharedOwnership");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("商品住房").contains("共有产权住房");
    assertNothingWritten(buyer);

    LoanDesk.Member shared = consented(desk.member(1, 2)); // filed as 共有产权住房
    JsonObject body = LoanDesk.application(shared, "10000.00", 120);
    body.getJsonObject("home").put("sharedOwnership", true);
    HttpResponse<Buffer> accepted = apply(shared, body);
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    contract.conforms("applyLoan", accepted);
    JsonObject application = accepted.bodyAsJsonObject();
    assertThat(application.getJsonObject("home").getBoolean("sharedOwnership")).isTrue();
    JsonObject filing = application.getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> c.getString("source").equals("national.contract_filing")).findFirst().orElseThrow();
    assertThat(filing.getString("outcome")).isEqualTo("PASSED");
    assertThat(filing.getString("detail")).contains("共有产权住房");
    assertThat(count("SELECT count(*) FROM loan_application WHERE person_id = $1 AND shared_ownership",
        shared.personId())).isEqualTo(1);
  }

  @Test
  void aCoBorrowerMustBeTheSpouseOfAMarriedBorrower() throws Exception {
    LoanDesk.Member single = consented(desk.member(5, 2));
    LoanDesk.Member partner = desk.member(1, 9);
    desk.consent(partner.personId(), LoanDesk.CO_BORROWER_SOURCES);
    JsonObject body = LoanDesk.application(single, "10000.00", 120).put("coBorrowers", new JsonArray()
        .add(new JsonObject().put("personId", partner.personId()).put("relation", "SPOUSE")));
    assertNotEligible(apply(single, body), "coBorrowers");
    assertNothingWritten(single);
    body.getJsonArray("coBorrowers").getJsonObject(0).put("personId", single.personId());
    assertThat(code(apply(single, body))).isEqualTo("LOAN_CO_BORROWER_INVALID");
  }

  @Test
  void aTermPastTheAgeLimitRefusesNamingTheLimit() throws Exception {
    LoanDesk.Member m = consented(desk.member(LocalDate.of(1970, 3, 1), 1, 2));
    HttpResponse<Buffer> refused = apply(m, LoanDesk.application(m, "10000.00", 360));
    assertNotEligible(refused, "termMonths");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("年龄");
    assertNothingWritten(m);
  }

  @Test
  void anAmountAboveTheCeilingNamesTheBindingLimit() throws Exception {
    LoanDesk.Member m = consented(desk.member(1, 2));
    HttpResponse<Buffer> refused = apply(m, LoanDesk.application(m, "18000.01", 120));
    assertThat(refused.statusCode()).isEqualTo(422);
    contract.conforms("applyLoan", refused);
    assertThat(code(refused)).isEqualTo("LOAN_AMOUNT_ABOVE_CEILING");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("18000.00").contains("BALANCE_MULTIPLE");
    assertNothingWritten(m);
    assertThat(apply(m, LoanDesk.application(m, "18000.00", 120)).statusCode()).isEqualTo(202);
  }

  private LoanDesk.Member consented(LoanDesk.Member m) throws Exception {
    desk.consent(m.personId(), LoanDesk.BORROWER_SOURCES);
    return m;
  }

  private HttpResponse<Buffer> apply(LoanDesk.Member m, JsonObject body) throws Exception {
    return desk.post(desk.counter, m.applications(), body);
  }

  private void assertNotEligible(HttpResponse<Buffer> refused, String rule) throws Exception {
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
    contract.conforms("applyLoan", refused);
    assertThat(code(refused)).isEqualTo("LOAN_NOT_ELIGIBLE");
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo(rule);
  }

  private static void assertNothingWritten(LoanDesk.Member m) throws Exception {
    assertThat(count("SELECT count(*) FROM loan_application WHERE person_id = $1", m.personId())).isZero();
  }
}
