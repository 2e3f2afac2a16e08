package hpf.account;

import hpf.boot.TestPlatform;
import hpf.identity.TestIdentities;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.LifecycleFixture.assertBooksReconcile;
import static hpf.account.LifecycleFixture.code;
import static hpf.account.LifecycleFixture.count;
import static hpf.account.LifecycleFixture.one;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 灵活就业人员缴存 over HTTP against PostgreSQL: counter staff register a person with no employer (an account of
 * depositor type FLEXIBLE, the agreement signed, verified like an addition), record voluntary deposits once per month
 * (even under concurrency) from the flexible deposits' own bank account; the member itself changes the amount, pauses
 * and resumes, every change kept as history; an exited account is sealed with its balance and still found by the
 * member, and is reused when the person signs again. Refusals and replays change nothing; the books reconcile after
 * every scenario.
 */
@ExtendWith(VertxExtension.class)
class FlexibleEmploymentTest {

  private static final String BANK = "BANK:flexible";

  @Test
  void aDepositorRegistersDepositsMonthlyAndChangesTheAgreementItselfWithHistory(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    DemoPeople.Person person = newPerson("灵活甲");
    String bankBefore = CounterDesk.ledgerBalance(BANK);
    HttpResponse<Buffer> registered = f.post("/v1/flexible-depositors", body(person, "1000.00"));
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    f.contract.conforms("registerFlexibleDepositor", registered);
    JsonObject answer = registered.bodyAsJsonObject();
    String personId = answer.getString("personId");
    JsonObject account = answer.getJsonObject("account");
    String accountNo = account.getString("accountNo");
    assertThat(answer.getBoolean("unsealed")).isFalse();
    assertThat(account.getString("depositorType")).isEqualTo("FLEXIBLE");
    assertThat(account.getValue("employerId")).isNull();
    assertThat(account.getString("status")).isEqualTo("01");
    assertThat(account.getString("monthlyEmployer")).isEqualTo("0.00");
    assertThat(account.getString("monthlyMember")).isEqualTo("1000.00");
    JsonObject agreement = answer.getJsonObject("agreement");
    assertThat(agreement.getString("status")).isEqualTo("ACTIVE");
    assertThat(agreement.getString("firstMonth")).isEqualTo(LifecycleFixture.thisMonth().toString());
    assertThat(one("SELECT id_number_enc FROM person WHERE person_id = $1", personId)).doesNotContain(person.idNumber());
    assertThat(count("SELECT count(*) FROM verification_record WHERE subject = $1 AND check_name = 'DEPOSIT_OVERVIEW_AND_PENSION'"
        + " AND outcome = 'NOT_VERIFIED'", "member_account:" + accountNo)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'registerFlexibleDepositor' AND target = $1",
        "member_account:" + accountNo)).isEqualTo(1);

    // Signed two months ago (set up here: the test cannot wait for months to pass), so earlier months can be paid.
    YearMonth month = LifecycleFixture.thisMonth();
    backdate(personId, month.minusMonths(2));
    HttpResponse<Buffer> deposited = deposit(f, personId, month.minusMonths(2), "1000.00");
    assertThat(deposited.statusCode()).as(deposited.bodyAsString()).isEqualTo(201);
    f.contract.conforms("recordFlexibleDeposit", deposited);
    assertThat(deposit(f, personId, month, "400.00").statusCode()).isEqualTo(201);
    assertThat(CounterDesk.ledgerBalance("MBR:" + accountNo)).isEqualTo("1400.00");
    assertThat(money(CounterDesk.ledgerBalance(BANK)).subtract(money(bankBefore))).isEqualByComparingTo("1400.00");
    assertThat(count("""
        SELECT count(*) FROM ledger_transaction t JOIN flexible_deposit d ON d.ledger_txn = t.txn_id
         WHERE d.person_id = $1 AND t.business_type = '01'""", personId)).isEqualTo(2);

    // The member itself, through the online hall: its account, the deposits, a new amount, a pause and a resumption.
    String own = f.memberToken(personId, person.idNumber(), person.phone());
    HttpResponse<Buffer> mine = f.get(own, "demo-online-hall", "/v1/members/" + personId + "/account");
    f.contract.conforms("getMemberAccount", mine);
    assertThat(mine.bodyAsJsonObject().getString("depositorType")).isEqualTo("FLEXIBLE");
    assertThat(mine.bodyAsJsonObject().getString("paidThrough")).isEqualTo(month.toString());
    HttpResponse<Buffer> list = f.get(own, "demo-online-hall", "/v1/members/" + personId + "/flexible-deposits?size=1");
    f.contract.conforms("listFlexibleDeposits", list);
    assertThat(list.bodyAsJsonObject().getLong("total")).isEqualTo(2);
    assertThat(list.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("month")).isEqualTo(month.toString());

    String base = "/v1/members/" + personId + "/flexible-agreement";
    HttpResponse<Buffer> changed = f.send(own, "demo-online-hall", base + "/amount-change",
        new JsonObject().put("monthlyAmount", "1500.00"), "m-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS);
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    f.contract.conforms("changeFlexibleDepositAmount", changed);
    assertThat(f.get("/v1/members/" + personId + "/account").bodyAsJsonObject().getString("monthlyMember"))
        .isEqualTo("1500.00");
    HttpResponse<Buffer> paused = f.send(own, "demo-online-hall", base + "/pause", new JsonObject().put("reason", "暂时失业"),
        "m-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS);
    f.contract.conforms("pauseFlexibleAgreement", paused);
    assertThat(paused.bodyAsJsonObject().getString("status")).isEqualTo("PAUSED");
    HttpResponse<Buffer> whilePaused = deposit(f, personId, month.minusMonths(1), "1500.00");
    assertThat(code(whilePaused)).isEqualTo("FLEXIBLE_AGREEMENT_PAUSED");
    f.contract.conforms("recordFlexibleDeposit", whilePaused);
    HttpResponse<Buffer> resumed = f.post(base + "/resumption", new JsonObject());
    f.contract.conforms("resumeFlexibleAgreement", resumed);
    assertThat(deposit(f, personId, month.minusMonths(1), "1500.00").statusCode()).isEqualTo(201);

    HttpResponse<Buffer> shown = f.get(own, "demo-online-hall", base);
    f.contract.conforms("getFlexibleAgreement", shown);
    JsonArray history = shown.bodyAsJsonObject().getJsonArray("history");
    assertThat(history.stream().map(c -> ((JsonObject) c).getString("event")))
        .containsExactly("RESUMED", "PAUSED", "AMOUNT_CHANGED", "SIGNED");
    assertThat(history.getJsonObject(0).getString("changedBy")).isEqualTo("counter.li");
    assertThat(history.getJsonObject(1).getString("changedByKind")).isEqualTo("MEMBER");
    assertThat(history.getJsonObject(1).getString("reason")).isEqualTo("暂时失业");
    assertThat(history.getJsonObject(2).getString("oldMonthlyAmount")).isEqualTo("1000.00");
    assertThat(count("SELECT count(*) FROM audit_log WHERE target = $1 AND operation IN ('changeFlexibleDepositAmount',"
        + " 'pauseFlexibleAgreement', 'resumeFlexibleAgreement')", "flexible_agreement:" + agreement.getString("agreementId")))
        .isEqualTo(3);

    // Certificates and the statement need no employer: months paid come from the deposits.
    JsonObject use = f.get(own, "demo-online-hall", "/v1/members/" + personId + "/deposit-use-certificate").bodyAsJsonObject()
        .getJsonObject("content");
    assertThat(use.getString("monthsPaid")).isEqualTo("3");
    assertThat(use.getString("continuousMonths")).isEqualTo("3");
    assertThat(use.getString("deposited")).isEqualTo("2900.00");
    HttpResponse<Buffer> certificate = f.get(own, "demo-online-hall", "/v1/members/" + personId + "/deposit-certificate");
    f.contract.conforms("issueDepositCertificate", certificate);
    JsonObject content = certificate.bodyAsJsonObject().getJsonObject("content");
    assertThat(content.getString("depositorType")).isEqualTo("FLEXIBLE");
    assertThat(content.getString("employerName")).isEmpty();
    assertThat(content.getString("paidThrough")).isEqualTo(month.toString());
    int interestYear = month.getMonthValue() >= 7 ? month.getYear() + 1 : month.getYear();
    HttpResponse<Buffer> statement = f.get(own, "demo-online-hall",
        "/v1/members/" + personId + "/account/statements/" + interestYear);
    f.contract.conforms("getAnnualStatement", statement);
    assertThat(statement.bodyAsJsonObject().getString("in")).isEqualTo("2900.00");
    assertBooksReconcile();
  }

  @Test
  void anExitedAccountKeepsItsBalanceIsFoundByTheMemberAndIsReusedOnSigningAgain(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    DemoPeople.Person person = newPerson("灵活乙");
    JsonObject registered = register(f, person, "800.00");
    String personId = registered.getString("personId");
    String accountNo = registered.getJsonObject("account").getString("accountNo");
    assertThat(deposit(f, personId, LifecycleFixture.thisMonth(), "800.00").statusCode()).isEqualTo(201);
    String own = f.memberToken(personId, person.idNumber(), person.phone());
    String base = "/v1/members/" + personId + "/flexible-agreement";

    HttpResponse<Buffer> exited = f.send(own, "demo-online-hall", base + "/exit", new JsonObject().put("reason", "重新就业"),
        "x-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS);
    assertThat(exited.statusCode()).as(exited.bodyAsString()).isEqualTo(200);
    f.contract.conforms("exitFlexibleAgreement", exited);
    assertThat(exited.bodyAsJsonObject().getString("status")).isEqualTo("EXITED");
    assertThat(exited.bodyAsJsonObject().getString("exitedOn")).isNotNull();

    HttpResponse<Buffer> found = f.get(own, "demo-online-hall", "/v1/members/" + personId + "/account");
    f.contract.conforms("getMemberAccount", found);
    assertThat(found.bodyAsJsonObject().getString("accountNo")).isEqualTo(accountNo);
    assertThat(found.bodyAsJsonObject().getString("status")).isEqualTo("02");
    assertThat(found.bodyAsJsonObject().getString("balance")).isEqualTo("800.00");
    assertThat(found.bodyAsJsonObject().getString("depositorType")).isEqualTo("FLEXIBLE");
    assertThat(f.get(own, "demo-online-hall", base).bodyAsJsonObject().getString("status")).isEqualTo("EXITED");
    HttpResponse<Buffer> accountHistory = f.get(own, "demo-online-hall", "/v1/members/" + personId + "/account/history");
    f.contract.conforms("listMemberAccountHistory", accountHistory);
    JsonObject sealed = accountHistory.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(sealed.getString("event")).isEqualTo("SEALED");
    assertThat(sealed.getValue("employerId")).isNull();

    // After the exit: no deposit, no change, no second exit; nothing moves.
    HttpResponse<Buffer> late = deposit(f, personId, LifecycleFixture.thisMonth(), "800.00");
    assertThat(code(late)).isEqualTo("FLEXIBLE_AGREEMENT_EXITED");
    f.contract.conforms("recordFlexibleDeposit", late);
    assertThat(code(f.post(base + "/amount-change", new JsonObject().put("monthlyAmount", "900.00"))))
        .isEqualTo("FLEXIBLE_AGREEMENT_EXITED");
    HttpResponse<Buffer> again = f.post(base + "/exit", new JsonObject());
    assertThat(code(again)).isEqualTo("FLEXIBLE_AGREEMENT_EXITED");
    f.contract.conforms("exitFlexibleAgreement", again);
    assertThat(CounterDesk.ledgerBalance("MBR:" + accountNo)).isEqualTo("800.00");

    // Signing again reuses the sealed account (启封) with its balance, under a new agreement.
    JsonObject signedAgain = register(f, person, "600.00");
    assertThat(signedAgain.getBoolean("unsealed")).isTrue();
    assertThat(signedAgain.getJsonObject("account").getString("accountNo")).isEqualTo(accountNo);
    assertThat(signedAgain.getJsonObject("account").getString("balance")).isEqualTo("800.00");
    assertThat(signedAgain.getJsonObject("agreement").getString("agreementId"))
        .isNotEqualTo(registered.getJsonObject("agreement").getString("agreementId"));
    assertThat(count("SELECT count(*) FROM member_account WHERE person_id = $1", personId)).isEqualTo(1);
    // The month is paid already on that account: once per account and month, across agreements.
    assertThat(code(deposit(f, personId, LifecycleFixture.thisMonth(), "600.00"))).isEqualTo("FLEXIBLE_MONTH_PAID");

    // Exited again, the account joins an employer as an ordinary member: the employer addition unseals it.
    f.post(base + "/exit", new JsonObject());
    String employerId = f.openEmployer("灵活转单位有限公司", "0.12", "0.12");
    JsonObject employed = f.addMember(employerId, person, "5000.00");
    assertThat(employed.getString("accountNo")).isEqualTo(accountNo);
    assertThat(employed.getString("depositorType")).isEqualTo("EMPLOYEE");
    assertThat(employed.getString("employerId")).isEqualTo(employerId);
    assertThat(employed.getString("balance")).isEqualTo("800.00");
    assertBooksReconcile();
  }

  @Test
  void everyRefusalChangesNothing(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    DemoPeople.Person person = newPerson("灵活丙");
    String bankBefore = CounterDesk.ledgerBalance(BANK);

    // Registration: only counter staff, valid identifiers, an amount within the policy in force today.
    String reviewer = f.calls.staffToken("reviewer.zhao");
    assertThat(f.send(reviewer, "demo-counter", "/v1/flexible-depositors", body(person, "1000.00"), "r-" + UUID.randomUUID())
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> badId = f.post("/v1/flexible-depositors", body(person, "1000.00")
        .put("idNumber", person.idNumber().substring(0, 17) + (person.idNumber().endsWith("1") ? "2" : "1")));
    assertThat(code(badId)).isEqualTo("ID_NUMBER_INVALID");
    assertThat(code(f.post("/v1/flexible-depositors", body(person, "1000.00").put("phone", "12345678901"))))
        .isEqualTo("PHONE_INVALID");
    HttpResponse<Buffer> low = f.post("/v1/flexible-depositors", body(person, "399.99"));
    assertThat(code(low)).isEqualTo("FLEXIBLE_AMOUNT_OUT_OF_RANGE");
    f.contract.conforms("registerFlexibleDepositor", low);
    assertThat(code(f.post("/v1/flexible-depositors", body(person, "7032.01")))).isEqualTo("FLEXIBLE_AMOUNT_OUT_OF_RANGE");
    assertThat(count("SELECT count(*) FROM person WHERE name = $1", person.name())).isZero();

    // A person with a normal employee account cannot sign; one with an agreement cannot sign twice.
    DemoPeople.Person employee = newPerson("在职职工");
    f.addMember(f.openEmployer("在职单位有限公司", "0.12", "0.12"), employee, "5000.00");
    HttpResponse<Buffer> active = f.post("/v1/flexible-depositors", body(employee, "1000.00"));
    assertThat(code(active)).isEqualTo("MEMBER_ALREADY_ACTIVE");
    f.contract.conforms("registerFlexibleDepositor", active);
    String personId = register(f, person, "400.00").getString("personId");
    HttpResponse<Buffer> twice = f.post("/v1/flexible-depositors", body(person, "500.00"));
    assertThat(code(twice)).isEqualTo("FLEXIBLE_ALREADY_SIGNED");
    f.contract.conforms("registerFlexibleDepositor", twice);

    // Agreement changes: the same amount, out of the bounds, resuming what is not paused, pausing twice.
    String base = "/v1/members/" + personId + "/flexible-agreement";
    HttpResponse<Buffer> same = f.post(base + "/amount-change", new JsonObject().put("monthlyAmount", "400.00"));
    assertThat(code(same)).isEqualTo("FLEXIBLE_AMOUNT_UNCHANGED");
    f.contract.conforms("changeFlexibleDepositAmount", same);
    assertThat(code(f.post(base + "/amount-change", new JsonObject().put("monthlyAmount", "8000.00"))))
        .isEqualTo("FLEXIBLE_AMOUNT_OUT_OF_RANGE");
    HttpResponse<Buffer> notPaused = f.post(base + "/resumption", new JsonObject());
    assertThat(code(notPaused)).isEqualTo("FLEXIBLE_AGREEMENT_NOT_PAUSED");
    f.contract.conforms("resumeFlexibleAgreement", notPaused);
    assertThat(f.post(base + "/pause", new JsonObject()).statusCode()).isEqualTo(200);
    assertThat(code(f.post(base + "/pause", new JsonObject()))).isEqualTo("FLEXIBLE_AGREEMENT_PAUSED");
    assertThat(f.post(base + "/resumption", new JsonObject()).statusCode()).isEqualTo(200);

    // Deposits: not before the signing month nor after this one, within the bounds, once a month, by counter staff.
    YearMonth month = LifecycleFixture.thisMonth();
    HttpResponse<Buffer> future = deposit(f, personId, month.plusMonths(1), "400.00");
    assertThat(code(future)).isEqualTo("FLEXIBLE_MONTH_INVALID");
    f.contract.conforms("recordFlexibleDeposit", future);
    assertThat(code(deposit(f, personId, month.minusMonths(1), "400.00"))).isEqualTo("FLEXIBLE_MONTH_INVALID");
    assertThat(code(deposit(f, personId, month, "399.00"))).isEqualTo("FLEXIBLE_AMOUNT_OUT_OF_RANGE");
    String own = f.memberToken(personId, person.idNumber(), person.phone());
    assertThat(f.send(own, "demo-online-hall", "/v1/members/" + personId + "/flexible-deposits",
        new JsonObject().put("month", month.toString()).put("amount", "400.00"), "d-" + UUID.randomUUID())
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> noAgreement = deposit(f, "P00000002", month, "400.00");
    assertThat(code(noAgreement)).isEqualTo("FLEXIBLE_AGREEMENT_NOT_FOUND");
    f.contract.conforms("recordFlexibleDeposit", noAgreement);
    assertThat(f.get(own, "demo-online-hall", "/v1/members/P00000002/flexible-agreement").statusCode()).isEqualTo(404);
    assertThat(f.send(own, "demo-online-hall", "/v1/members/P00000002/flexible-agreement/exit", new JsonObject(),
        "x-" + UUID.randomUUID()).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    assertThat(deposit(f, personId, month, "400.00").statusCode()).isEqualTo(201);
    HttpResponse<Buffer> paid = deposit(f, personId, month, "500.00");
    assertThat(code(paid)).isEqualTo("FLEXIBLE_MONTH_PAID");
    f.contract.conforms("recordFlexibleDeposit", paid);

    // What the refusals left: one agreement with its three accepted changes, one deposit, the money once.
    String agreementId = one("SELECT agreement_id FROM flexible_agreement WHERE person_id = $1", personId);
    assertThat(count("SELECT count(*) FROM flexible_agreement WHERE person_id = $1", personId)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM flexible_agreement_change WHERE agreement_id = $1", agreementId)).isEqualTo(3);
    assertThat(one("SELECT monthly_amount FROM flexible_agreement WHERE agreement_id = $1", agreementId)).isEqualTo("400.00");
    assertThat(count("SELECT count(*) FROM flexible_deposit WHERE person_id = $1", personId)).isEqualTo(1);
    assertThat(f.get("/v1/members/" + personId + "/account").bodyAsJsonObject().getString("balance")).isEqualTo("400.00");
    assertThat(money(CounterDesk.ledgerBalance(BANK)).subtract(money(bankBefore))).isEqualByComparingTo("400.00");
    assertBooksReconcile();
  }

  @Test
  void replaysAnswerTheFirstResultAndConcurrentDepositsOfOneMonthMakeOne(Vertx vertx) throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    DemoPeople.Person person = newPerson("灵活丁");
    String key = "reg-" + UUID.randomUUID();
    HttpResponse<Buffer> first = f.post("/v1/flexible-depositors", body(person, "2000.00"), key);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> replay = f.post("/v1/flexible-depositors", body(person, "2000.00"), key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(code(f.post("/v1/flexible-depositors", body(person, "2100.00"), key))).isEqualTo("IDEMPOTENCY_CONFLICT");
    String personId = first.bodyAsJsonObject().getString("personId");
    assertThat(count("SELECT count(*) FROM member_account WHERE person_id = $1", personId)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM flexible_agreement WHERE person_id = $1", personId)).isEqualTo(1);

    // Eight deposits of the same month at once, each with its own key: one is recorded, seven find the month paid.
    String bankBefore = CounterDesk.ledgerBalance(BANK);
    String uri = "/v1/members/" + personId + "/flexible-deposits";
    JsonObject month = new JsonObject().put("month", LifecycleFixture.thisMonth().toString()).put("amount", "2000.00");
    List<Future<HttpResponse<Buffer>>> race = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      race.add(f.send(f.counter, "demo-counter", uri, month, "race-" + UUID.randomUUID()));
    }
    Future.join(race).await(30, TimeUnit.SECONDS);
    assertThat(race.stream().filter(r -> r.result().statusCode() == 201)).hasSize(1);
    assertThat(race.stream().filter(r -> r.result().statusCode() != 201))
        .hasSize(7).allSatisfy(r -> assertThat(code(r.result())).isEqualTo("FLEXIBLE_MONTH_PAID"));
    assertThat(count("SELECT count(*) FROM flexible_deposit WHERE person_id = $1", personId)).isEqualTo(1);
    assertThat(f.get("/v1/members/" + personId + "/account").bodyAsJsonObject().getString("balance")).isEqualTo("2000.00");
    assertThat(money(CounterDesk.ledgerBalance(BANK)).subtract(money(bankBefore))).isEqualByComparingTo("2000.00");

    // A replayed deposit answers the first deposit and moves nothing; so does a replayed change.
    String depositKey = "dep-" + UUID.randomUUID();
    YearMonth earlier = LifecycleFixture.thisMonth().minusMonths(1);
    backdate(personId, earlier);
    JsonObject earlierMonth = new JsonObject().put("month", earlier.toString()).put("amount", "2000.00");
    HttpResponse<Buffer> recorded = f.post(uri, earlierMonth, depositKey);
    assertThat(recorded.statusCode()).as(recorded.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> again = f.post(uri, earlierMonth, depositKey);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.bodyAsJsonObject()).isEqualTo(recorded.bodyAsJsonObject());
    String changeKey = "chg-" + UUID.randomUUID();
    String change = "/v1/members/" + personId + "/flexible-agreement/amount-change";
    assertThat(f.post(change, new JsonObject().put("monthlyAmount", "2500.00"), changeKey).statusCode()).isEqualTo(200);
    assertThat(f.post(change, new JsonObject().put("monthlyAmount", "2500.00"), changeKey).getHeader("Idempotent-Replayed"))
        .isEqualTo("true");
    assertThat(count("SELECT count(*) FROM flexible_deposit WHERE person_id = $1", personId)).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM flexible_agreement_change c JOIN flexible_agreement a USING (agreement_id)"
        + " WHERE a.person_id = $1", personId)).isEqualTo(2);
    assertThat(f.get("/v1/members/" + personId + "/account").bodyAsJsonObject().getString("balance")).isEqualTo("4000.00");

    // Four registrations of one new person at once: one signs, the others find the agreement.
    DemoPeople.Person racer = newPerson("灵活戊");
    List<Future<HttpResponse<Buffer>>> signing = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      signing.add(f.send(f.counter, "demo-counter", "/v1/flexible-depositors", body(racer, "1000.00"), "s-" + UUID.randomUUID()));
    }
    Future.join(signing).await(30, TimeUnit.SECONDS);
    assertThat(signing.stream().filter(r -> r.result().statusCode() == 201)).hasSize(1);
    assertThat(signing.stream().filter(r -> r.result().statusCode() != 201))
        .hasSize(3).allSatisfy(r -> assertThat(code(r.result())).isEqualTo("FLEXIBLE_ALREADY_SIGNED"));
    assertBooksReconcile();
  }

  @Test
  void aPersonRemovedByAnEmployerSignsWithTheSealedAccountAndAMonthTheEmployerPaidIsNotPaidAgain(Vertx vertx)
      throws Exception {
    LifecycleFixture f = new LifecycleFixture(vertx);
    DemoPeople.Person person = newPerson("离职职工");
    String employerId = f.openEmployer("原单位灵活测试有限公司", "0.12", "0.12");
    JsonObject account = f.addMember(employerId, person, "5000.00");
    f.remitThisMonth(employerId);
    f.post("/v1/employers/" + employerId + "/members/" + account.getString("accountNo") + "/removal", new JsonObject());

    JsonObject registered = register(f, person, "1000.00");
    JsonObject reused = registered.getJsonObject("account");
    assertThat(registered.getBoolean("unsealed")).isTrue();
    assertThat(reused.getString("accountNo")).isEqualTo(account.getString("accountNo"));
    assertThat(reused.getValue("employerId")).isNull();
    assertThat(reused.getString("depositorType")).isEqualTo("FLEXIBLE");
    assertThat(reused.getString("balance")).isEqualTo("1200.00");
    String personId = registered.getString("personId");
    HttpResponse<Buffer> paidByEmployer = deposit(f, personId, LifecycleFixture.thisMonth(), "1000.00");
    assertThat(code(paidByEmployer)).isEqualTo("FLEXIBLE_MONTH_PAID");
    // The former employer's queries no longer list the account; its own account answer still works.
    assertThat(f.get("/v1/employers/" + employerId + "/members").bodyAsJsonObject().getLong("total")).isZero();
    HttpResponse<Buffer> employer = f.get("/v1/employers/" + employerId + "/account");
    assertThat(employer.statusCode()).as(employer.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> history = f.get("/v1/members/" + personId + "/account/history");
    JsonObject unsealed = history.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(unsealed.getString("event")).isEqualTo("UNSEALED");
    assertThat(unsealed.getValue("employerId")).isNull();
    assertThat(unsealed.getString("previousEmployerId")).isEqualTo(employerId);
    assertBooksReconcile();
  }

  private static DemoPeople.Person newPerson(String name) {
    return new DemoPeople.Person(null, name, TestIdentities.newIdNumber(), LifecycleFixture.newPhone());
  }

  private static JsonObject body(DemoPeople.Person person, String monthlyAmount) {
    return new JsonObject().put("name", person.name()).put("idNumber", person.idNumber()).put("phone", person.phone())
        .put("monthlyAmount", monthlyAmount);
  }

  private static JsonObject register(LifecycleFixture f, DemoPeople.Person person, String monthlyAmount) throws Exception {
    HttpResponse<Buffer> registered = f.post("/v1/flexible-depositors", body(person, monthlyAmount));
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    return registered.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> deposit(LifecycleFixture f, String personId, YearMonth month, String amount)
      throws Exception {
    return f.post("/v1/members/" + personId + "/flexible-deposits",
        new JsonObject().put("month", month.toString()).put("amount", amount));
  }

  /** Moves the person's open agreement's signing to the 1st of {@code month}, as if signed then. */
  private static void backdate(String personId, YearMonth month) throws Exception {
    TestPlatform.app().pool().preparedQuery("UPDATE flexible_agreement SET signed_on = $2 WHERE person_id = $1"
            + " AND status <> 'EXITED'")
        .execute(Tuple.of(personId, month.atDay(1))).await(10, TimeUnit.SECONDS);
  }

  private static java.math.BigDecimal money(String yuan) {
    return new java.math.BigDecimal(yuan);
  }
}
