package hpf.loan;

import static hpf.loan.LoanContractDesk.HALL;
import static hpf.loan.LoanContractDesk.contractOf;
import static hpf.loan.LoanContractDesk.row;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.crypto.PasswordHash;
import hpf.identity.TestIdentities;
import hpf.kit.BusinessTime;
import hpf.kit.Masking;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The employer's view of its members' loans over HTTP: its own session lists the active loan of a current member
 * with the name and ID number masked, the installment and due date, the overdue counts and the offset agreement,
 * nothing more, and the read is audited; on a later business date it shows the periods overdue; another employer's
 * session gets 404, the borrower's own 403; a member the employer removed is no longer listed; a center that switches
 * the view off answers LOAN_EMPLOYER_VIEW_DISABLED.
 */
@ExtendWith(VertxExtension.class)
class LoanEmployerViewTest extends DispatchingLoanTest {

  @AfterEach
  void stop() throws Exception {
    moveBusinessDate(TestPlatform.app().clock().calendarDate());
  }

  /** Moves the sandbox's business date (admin API, as an operator). */
  private void moveBusinessDate(LocalDate date) throws Exception {
    HttpResponse<Buffer> moved = cd.desk.client.put(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/business-date")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
        .putHeader("Idempotency-Key", "date-" + UUID.randomUUID())
        .sendJsonObject(new JsonObject().put("businessDate", date.toString())).await(10, TimeUnit.SECONDS);
    assertThat(moved.statusCode()).as(moved.bodyAsString()).isEqualTo(200);
  }

  @Test
  void anEmployerSeesItsCurrentMembersLoansMaskedAndAuditedAndNothingElse(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    LoanDesk.Member m = cd.member(1, 2);
    String contractId = cd.activeLoan(m, "15000.00", 120);
    String employerId = row("SELECT employer_id FROM member_account WHERE person_id = $1 AND status = '01'",
        m.personId()).getString(0);
    String accountNo = row("SELECT account_no FROM member_account WHERE person_id = $1 AND status = '01'",
        m.personId()).getString(0);
    HttpResponse<Buffer> signed = cd.desk.post(cd.desk.counter, contractOf(m, contractId) + "/offset-agreement",
        new JsonObject().put("order", "FUND_FIRST"));
    assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(201);
    String own = employerToken(employerId);
    String loans = "/v1/employers/" + employerId + "/loans";

    // The employer's own session: the one loan (the agent, a member without a loan, is not listed), masked.
    HttpResponse<Buffer> listed = cd.desk.get(HALL, own, loans);
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    contract.conforms("listEmployerLoans", listed);
    JsonObject page = listed.bodyAsJsonObject();
    assertThat(page.getLong("total")).isEqualTo(1);
    assertThat(page.getJsonArray("items")).hasSize(1);
    JsonObject item = page.getJsonArray("items").getJsonObject(0);
    var first = TestPlatform.app().pool().preparedQuery(
            "SELECT due_on, payment FROM loan_installment WHERE contract_id = $1 AND period = 1")
        .execute(Tuple.of(contractId)).await(10, TimeUnit.SECONDS).iterator().next();
    assertThat(item).isEqualTo(new JsonObject().put("name", Masking.name("贷款申请人"))
        .put("idNumber", Masking.idNumber(m.idNumber())).put("contractId", contractId).put("state", "ACTIVE")
        .put("monthlyInstallment", first.getBigDecimal("payment").toPlainString())
        .put("nextDueOn", first.getLocalDate("due_on").toString()).put("overduePeriods", 0)
        .put("overduePeriodsEver", 0).put("offsetAgreement", true));
    assertThat(listed.bodyAsString()).doesNotContain(m.idNumber()).doesNotContainPattern("[0-9]{16,19}")
        .doesNotContain("贷款申请人");
    assertThat(LoanDesk.count("SELECT count(*) FROM audit_log WHERE operation = 'listEmployerLoans' AND target = $1",
        "employer:" + employerId)).isEqualTo(1);

    // Pages are bounded: past the end is empty with the total; more than 100 a page is refused.
    HttpResponse<Buffer> second = cd.desk.get(HALL, own, loans + "?page=2&size=1");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(second.bodyAsJsonObject().getLong("total")).isEqualTo(1);
    assertThat(cd.desk.get(HALL, own, loans + "?size=101").statusCode()).isEqualTo(400);

    // Another employer's session sees nothing of it (404), and its own list is empty; the borrower is no employer.
    String otherEmployer = cd.desk.scenarios.openEmployer("其他测试单位");
    String other = employerToken(otherEmployer);
    HttpResponse<Buffer> foreign = cd.desk.get(HALL, other, loans);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(LoanDesk.code(foreign)).isEqualTo("NOT_FOUND");
    assertThat(foreign.bodyAsString()).doesNotContain(contractId);
    HttpResponse<Buffer> theirs = cd.desk.get(HALL, other, "/v1/employers/" + otherEmployer + "/loans");
    assertThat(theirs.statusCode()).isEqualTo(200);
    assertThat(theirs.bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(cd.desk.get(HALL, cd.session(m), loans).statusCode()).isEqualTo(403);

    // Ten days after the second due date (the sandbox's business date moved ahead), both installments are past
    // grace: the employer sees two periods overdue, and the oldest unpaid one as next due.
    LocalDate day = TestPlatform.app().pool().preparedQuery(
            "SELECT due_on FROM loan_installment WHERE contract_id = $1 AND period = 2")
        .execute(Tuple.of(contractId)).await(10, TimeUnit.SECONDS).iterator().next().getLocalDate(0).plusDays(10);
    moveBusinessDate(day);
    HttpResponse<Buffer> late = cd.desk.get(HALL, own, loans);
    moveBusinessDate(TestPlatform.app().clock().calendarDate());
    assertThat(late.statusCode()).as(late.bodyAsString()).isEqualTo(200);
    contract.conforms("listEmployerLoans", late);
    assertThat(late.bodyAsJsonObject().getString("asOf")).isEqualTo(day.toString());
    JsonObject overdue = late.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(overdue.getInteger("overduePeriods")).isEqualTo(2);
    assertThat(overdue.getInteger("overduePeriodsEver")).isEqualTo(2);
    assertThat(overdue.getString("nextDueOn")).isEqualTo(first.getLocalDate("due_on").toString());
    assertThat(overdue.getString("monthlyInstallment")).isEqualTo(first.getBigDecimal("payment").toPlainString());

    // Once the employer removed the member (减员), the loan is no longer its business.
    HttpResponse<Buffer> removed = cd.desk.post(cd.desk.counter,
        "/v1/employers/" + employerId + "/members/" + accountNo + "/removal", null);
    assertThat(removed.statusCode()).as(removed.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> after = cd.desk.get(HALL, own, loans);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.bodyAsJsonObject().getJsonArray("items")).isEmpty();
    assertThat(after.bodyAsJsonObject().getLong("total")).isZero();

    // Last, as it holds for the rest of the day: the center switches the view off (on again from tomorrow).
    LocalDate today = BusinessTime.today(TestPlatform.app().clock());
    TestPlatform.app().pool().preparedQuery("""
            INSERT INTO policy_parameter (name, effective_from, value, note, created_by) VALUES
              ('loan.employer_view.enabled', $1, 'false', 'test', 'employer-view-test'),
              ('loan.employer_view.enabled', $2, 'true', 'test', 'employer-view-test') ON CONFLICT DO NOTHING""")
        .execute(Tuple.of(today, today.plusDays(1))).await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> off = cd.desk.get(HALL, own, loans);
    assertThat(off.statusCode()).isEqualTo(403);
    contract.conforms("listEmployerLoans", off);
    assertThat(LoanDesk.code(off)).isEqualTo("LOAN_EMPLOYER_VIEW_DISABLED");
  }

  /** A session of the employer itself: a new member of it becomes its agent, with a password and an SMS code. */
  private String employerToken(String employerId) throws Exception {
    String phone = "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    String agent = cd.desk.scenarios.addMember(employerId, "单位经办人", TestIdentities.newIdNumber(), phone, "6000.00")
        .getString("personId");
    String creditCode = row("SELECT credit_code FROM employer WHERE employer_id = $1", employerId).getString(0);
    TestPlatform.app().pool().preparedQuery("""
            INSERT INTO employer_login (employer_id, credit_code, name, agent_person_id, password_hash)
            SELECT employer_id, credit_code, name, $2, $3 FROM employer WHERE employer_id = $1""")
        .execute(Tuple.of(employerId, agent, PasswordHash.hash(DemoPeople.MEMBER_PASSWORD)))
        .await(10, TimeUnit.SECONDS);
    JsonObject subject = new JsonObject().put("subjectKind", "EMPLOYER").put("creditCode", creditCode);
    Instant since = Instant.now();
    HttpResponse<Buffer> sent = cd.desk.calls.send(HALL, HttpMethod.POST, "/v1/login-codes", subject.toBuffer(),
        System.currentTimeMillis());
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(202);
    JsonObject login = subject.copy().put("method", "PASSWORD_SMS").put("password", DemoPeople.MEMBER_PASSWORD)
        .put("smsCode", codeSince(phone, since));
    HttpResponse<Buffer> session = cd.desk.calls.send(HALL, HttpMethod.POST, "/v1/sessions", login.toBuffer(),
        System.currentTimeMillis());
    assertThat(session.statusCode()).as(session.bodyAsString()).isEqualTo(201);
    return session.bodyAsJsonObject().getString("accessToken");
  }

  private String codeSince(String phone, Instant since) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonArray items = cd.desk.client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=" + phone)
          .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        JsonObject message = items.getJsonObject(i);
        if (message.getString("text").contains("验证码") && Instant.parse(message.getString("sentAt")).isAfter(since)) {
          return message.getString("text").replaceAll(".*验证码为 ([0-9]{6}).*", "$1");
        }
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("no login code reached " + phone);
  }
}
