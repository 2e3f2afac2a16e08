package hpf.withdrawal;

import hpf.boot.HpfConfig;
import hpf.boot.Scenarios;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.crypto.FieldCipher;
import hpf.identity.TestIdentities;
import hpf.kit.Money;
import hpf.kit.Settings;
import hpf.ledger.Ledger;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Withdrawal reasons that need the government data sources, over HTTP against PostgreSQL: with no source connected
 * every such application waits for review with the reasons shown and moves no money; a first and a second, different
 * reviewer approve it (the money moves then) or reject it; a closing withdrawal pays the balance with the interest
 * accrued to the closing date and closes the account; a death pays the heir's account. Books reconcile after each.
 */
@ExtendWith(VertxExtension.class)
class WithdrawalReviewTest {

  private static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");
  private static final String[] RETIREMENT_SOURCES = {"national.deposit_overview", "national.member_account",
      "pension.status"};

  private WebClient client;
  private SignedCalls calls;
  private String counter;
  private Scenarios scenarios;
  private String zhao;
  private String qian;

  @BeforeEach
  void login(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    counter = calls.staffToken("counter.li");
    scenarios = new Scenarios(client, calls, counter);
    zhao = calls.staffToken("reviewer.zhao");
    qian = calls.staffToken("reviewer.qian");
  }

  @Test
  void purchaseWaitsForTwoDifferentReviewersAndOnlyThenMovesMoney(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    String personId = memberWithCard(TestIdentities.newIdNumber());
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    JsonObject home = new JsonObject().put("contractNo", "WQ-2026-" + ThreadLocalRandom.current().nextInt(1_000_000))
        .put("totalPrice", "1500.00");
    JsonObject purchase = new JsonObject().put("reason", "01").put("amount", "1000.00").put("home", home);

    assertThat(code(post(counter, withdrawals, withoutHome(purchase)))).isEqualTo("WITHDRAWAL_DETAILS_REQUIRED");
    // No source is asked without the member's consent for this purpose and every source it needs.
    assertThat(code(post(counter, withdrawals, purchase))).isEqualTo("CONSENT_REQUIRED");
    consent(personId, "WITHDRAWAL_PURCHASE", "national.contract_filing", "collab.marriage");
    assertThat(code(post(counter, withdrawals, purchase))).isEqualTo("CONSENT_REQUIRED");
    consent(personId, "WITHDRAWAL_PURCHASE", "national.contract_filing", "collab.marriage", "national.loan_info");
    assertThat(code(post(counter, withdrawals, purchase.copy().put("amount", "1500.01")))).isEqualTo("PURCHASE_PRICE_EXCEEDED");
    HttpResponse<Buffer> applied = post(counter, withdrawals, purchase);
    assertThat(applied.statusCode()).as(applied.bodyAsString()).isEqualTo(202);
    contract.conforms("applyWithdrawal", applied);
    JsonObject application = applied.bodyAsJsonObject();
    String id = application.getString("applicationId");
    assertThat(application.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(application.containsKey("paymentStatus")).isFalse();
    // The sandbox's contract filing has no such contract number: the application goes to review, saying so; the
    // other sources answered, and every answer is kept as evidence.
    assertThat(application.getJsonArray("checks")).hasSize(3);
    assertThat(application.getJsonArray("checks").stream().map(c -> (JsonObject) c)
        .filter(c -> c.getString("source").equals("national.contract_filing")))
        .singleElement().satisfies(c -> assertThat(c.getString("outcome")).isEqualTo("FAILED"));
    assertThat(application.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("detail")))
        .allSatisfy(detail -> assertThat(detail).contains("存证"));
    assertThat(count("SELECT count(*) FROM evidence_record WHERE business_ref = $1",
        "withdrawal-verification:" + personId + ":01")).isGreaterThanOrEqualTo(3);
    assertThat(application.getJsonArray("requiredMaterials").getList()).contains("购房合同");
    assertThat(balance(personId)).isEqualTo("1200.00");
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1", "withdrawal:" + id)).isZero();
    // In review counts as in flight, and toward the price of the same home.
    assertThat(code(post(counter, withdrawals, purchase.copy().put("amount", "100.00")))).isEqualTo("WITHDRAWAL_IN_FLIGHT");

    // Only reviewers work the queue; counter staff do not.
    assertThat(get(counter, "/v1/withdrawal-reviews").statusCode()).isEqualTo(403);
    HttpResponse<Buffer> queue = get(zhao, "/v1/withdrawal-reviews?stage=FIRST&size=100");
    contract.conforms("listWithdrawalReviews", queue);
    assertThat(queue.bodyAsJsonObject().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("applicationId"))).contains(id);
    String decision = "/v1/withdrawal-reviews/" + id + "/decision";
    assertThat(post(counter, decision, first(approve("材料齐全"))).statusCode()).isEqualTo(403);

    HttpResponse<Buffer> first = post(zhao, decision, first(approve("网签合同与发票已核对")));
    // Another reviewer who saw it in the first-review queue too: the step has moved on, nothing happens.
    assertThat(code(post(qian, decision, first(approve("同时初审"))))).isEqualTo("REVIEW_STAGE_CHANGED");
    contract.conforms("decideWithdrawalReview", first);
    assertThat(first.bodyAsJsonObject().getString("status")).isEqualTo("SECOND_REVIEW");
    HttpResponse<Buffer> same = post(zhao, decision, second(approve("复审")));
    assertThat(code(same)).isEqualTo("REVIEW_SAME_STAFF");
    contract.conforms("decideWithdrawalReview", same);
    assertThat(balance(personId)).isEqualTo("1200.00");

    String key = "d-" + UUID.randomUUID();
    HttpResponse<Buffer> second = post(qian, decision, second(approve("同意")), key);
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
    JsonObject approved = second.bodyAsJsonObject();
    assertThat(approved.getString("status")).isEqualTo("APPROVED");
    assertThat(approved.getString("paymentStatus")).isEqualTo("PENDING");
    assertThat(approved.getJsonArray("reviews")).hasSize(2);
    assertThat(balance(personId)).isEqualTo("200.00");
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1 AND bus_type = '02' "
        + "AND amount = 1000.00", "withdrawal:" + id)).isEqualTo(1);
    assertBooksReconcile();

    // The decision replayed answers the same; another decision finds nothing to decide.
    HttpResponse<Buffer> replay = post(qian, decision, second(approve("同意")), key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(code(post(qian, decision, second(approve("再次"))))).isEqualTo("REVIEW_NOT_PENDING");
    assertThat(balance(personId)).isEqualTo("200.00");
    HttpResponse<Buffer> detail = get(counter, withdrawals + "/" + id);
    contract.conforms("getWithdrawal", detail);
    assertThat(detail.bodyAsJsonObject().getJsonObject("details").getString("totalPrice")).isEqualTo("1500.00");
    // What was drawn for this home counts against its price.
    assertThat(count("SELECT count(*) FROM withdrawal_review WHERE application_id = $1", id)).isEqualTo(2);
  }

  @Test
  void aRejectedOrCancelledApplicationMovesNothingAndFreesTheReason() throws Exception {
    String personId = memberWithCard(TestIdentities.newIdNumber());
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    JsonObject loan = new JsonObject().put("reason", "06").put("amount", "800.00").put("loanContractNo", "JK-2024-0001");
    consent(personId, "WITHDRAWAL_LOAN_REPAYMENT", "national.contract_filing", "national.loan_info",
        "national.loan_repayments", "collab.marriage");

    String id = post(counter, withdrawals, loan).bodyAsJsonObject().getString("applicationId");
    JsonObject rejected = post(zhao, "/v1/withdrawal-reviews/" + id + "/decision",
        new JsonObject().put("stage", "FIRST").put("decision", "REJECT").put("comment", "借款合同与贷款信息不符"))
        .bodyAsJsonObject();
    assertThat(rejected.getString("status")).isEqualTo("REJECTED");
    assertThat(code(post(counter, withdrawals + "/" + id + "/cancellation", null))).isEqualTo("WITHDRAWAL_NOT_CANCELLABLE");

    JsonObject again = post(counter, withdrawals, loan).bodyAsJsonObject();
    assertThat(again.getString("status")).isEqualTo("FIRST_REVIEW");
    HttpResponse<Buffer> cancelled = post(counter, withdrawals + "/" + again.getString("applicationId") + "/cancellation", null);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(code(post(qian, "/v1/withdrawal-reviews/" + again.getString("applicationId") + "/decision",
        first(approve("迟到的审核"))))).isEqualTo("REVIEW_NOT_PENDING");
    assertThat(balance(personId)).isEqualTo("1200.00");
    assertThat(count("SELECT count(*) FROM ledger_transaction WHERE business_ref LIKE 'withdrawal:' || $1 || '%'", id)).isZero();
    assertBooksReconcile();
  }

  @Test
  void retirementClosesTheAccountWithInterestToTheClosingDateAndCanBeUndoneBeforePayment() throws Exception {
    String young = memberWithCard(TestIdentities.newIdNumber(LocalDate.of(1990, 5, 1), true));
    consent(young, "WITHDRAWAL_RETIREMENT", RETIREMENT_SOURCES);
    assertThat(code(post(counter, "/v1/members/" + young + "/withdrawals", new JsonObject().put("reason", "03"))))
        .isEqualTo("NOT_RETIREMENT_AGE");

    String personId = memberWithCard(TestIdentities.newIdNumber(LocalDate.of(1960, 3, 1), true));
    consent(personId, "WITHDRAWAL_RETIREMENT", RETIREMENT_SOURCES);
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    // 3600.00 held since the start of the interest year earns interest until the day before closing.
    LocalDate today = LocalDate.now(CENTER);
    LocalDate yearStart = LocalDate.of(today.getMonthValue() >= 7 ? today.getYear() : today.getYear() - 1, 7, 1);
    creditSince(personId, Money.parse("3600.00"), yearStart);
    long days = ChronoUnit.DAYS.between(yearStart, today);
    Money interest = Money.of(new BigDecimal("3600.00").multiply(BigDecimal.valueOf(days)).multiply(new BigDecimal("0.015"))
        .divide(BigDecimal.valueOf(360), 2, RoundingMode.HALF_UP));

    assertThat(code(post(counter, withdrawals, new JsonObject().put("reason", "03").put("amount", "10.00"))))
        .isEqualTo("CLOSING_AMOUNT_NOT_ALLOWED");
    // Every source confirms (the sandbox's pension office has him retired at 60): approved at once, no review.
    JsonObject paid = post(counter, withdrawals, new JsonObject().put("reason", "03")).bodyAsJsonObject();
    assertThat(paid.getBoolean("closing")).isTrue();
    assertThat(paid.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("outcome")))
        .containsOnly("PASSED");
    String id = paid.getString("applicationId");

    Money total = Money.parse("4800.00").plus(interest);
    assertThat(paid.getString("status")).isEqualTo("APPROVED");
    assertThat(paid.getString("amount")).isEqualTo(total.toString());
    if (interest.isPositive()) {
      assertThat(paid.getString("accruedInterest")).isEqualTo(interest.toString());
    }
    assertThat(accountStatus(personId)).isEqualTo("05");
    assertThat(balance(personId)).isEqualTo("0.00");
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1 AND bus_type = '03' AND amount = "
        + total.toYuan().toPlainString(), "withdrawal:" + id)).isEqualTo(1);
    assertBooksReconcile();

    JsonObject undone = post(counter, withdrawals + "/" + id + "/cancellation", null).bodyAsJsonObject();
    assertThat(undone.getString("status")).isEqualTo("CANCELLED");
    assertThat(accountStatus(personId)).isEqualTo("01");
    assertThat(balance(personId)).isEqualTo("4800.00");
    assertBooksReconcile();
  }

  @Test
  void aClosingWaitsForEverythingElseAndClosesASealedAccountTooRestoringItOnCancellation() throws Exception {
    String personId = memberWithCard(TestIdentities.newIdNumber(LocalDate.of(1958, 8, 8), false));
    consent(personId, "WITHDRAWAL_RETIREMENT", RETIREMENT_SOURCES);
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    JsonObject retirement = new JsonObject().put("reason", "03");
    var account = TestPlatform.app().pool().preparedQuery("SELECT employer_id, account_no FROM member_account "
        + "WHERE person_id = $1").execute(Tuple.of(personId)).await(10, TimeUnit.SECONDS).iterator().next();
    String employerId = account.getString("employer_id");

    // Another application in flight: its cancellation would pay back into a closed account.
    JsonObject rent = post(counter, withdrawals, new JsonObject().put("reason", "07").put("amount", "100.00")).bodyAsJsonObject();
    assertThat(code(post(counter, withdrawals, retirement))).isEqualTo("CLOSING_WITH_OTHERS_IN_FLIGHT");
    post(counter, withdrawals + "/" + rent.getString("applicationId") + "/cancellation", null);
    // A closing approved (every source confirms her retirement) closes the account: nothing else comes in.
    String closingId = post(counter, withdrawals, retirement).bodyAsJsonObject().getString("applicationId");
    assertThat(code(post(counter, withdrawals, new JsonObject().put("reason", "07").put("amount", "100.00"))))
        .isEqualTo("MEMBER_NOT_NORMAL");
    post(counter, withdrawals + "/" + closingId + "/cancellation", null);

    // A list still unpaid would credit the account after it closed.
    YearMonth next = YearMonth.from(LocalDate.now(CENTER)).plusMonths(1);
    post(counter, "/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", next.toString()));
    assertThat(code(post(counter, withdrawals, retirement))).isEqualTo("CLOSING_CREDITS_PENDING");
    post(counter, "/v1/employers/" + employerId + "/remittances/" + next + "/payment", new JsonObject().put("amount", "1200.00"));

    // Removed by the employer (sealed), the member still retires: the sealed account closes, and reopens sealed.
    assertThat(post(counter, "/v1/employers/" + employerId + "/members/" + account.getString("account_no") + "/removal",
        new JsonObject()).statusCode()).isEqualTo(200);
    JsonObject paid = post(counter, withdrawals, retirement).bodyAsJsonObject();
    String id = paid.getString("applicationId");
    assertThat(paid.getString("status")).isEqualTo("APPROVED");
    assertThat(paid.getString("amount")).isEqualTo("2400.00");
    assertThat(accountStatus(personId)).isEqualTo("05");
    post(counter, withdrawals + "/" + id + "/cancellation", null);
    assertThat(accountStatus(personId)).isEqualTo("02");
    assertThat(balance(personId)).isEqualTo("2400.00");
    assertBooksReconcile();
  }

  @Test
  void deathIsHandledAtTheCounterAndPaysTheHeirsAccountKeptEncrypted() throws Exception {
    String ownSession = memberToken(DemoPeople.person("P00000003").idNumber());
    JsonObject heir = new JsonObject().put("name", "赵继承").put("idNumber", TestIdentities.newIdNumber())
        .put("bankCode", "105").put("cardNumber", "6217001234567890122");
    JsonObject death = new JsonObject().put("reason", "08").put("heir", heir);
    HttpResponse<Buffer> own = calls.request("demo-mobile", HttpMethod.POST, "/v1/members/P00000003/withdrawals",
            death.toBuffer(), System.currentTimeMillis()).bearerTokenAuthentication(ownSession)
        .putHeader("Idempotency-Key", "own-" + UUID.randomUUID()).sendBuffer(death.toBuffer()).await(10, TimeUnit.SECONDS);
    assertThat(code(own)).isEqualTo("WITHDRAWAL_COUNTER_ONLY");

    // The sandbox finds no cremation record for this number (b = 0): staff review the certificates themselves.
    String personId = memberWithCard(TestIdentities.newIdNumber(LocalDate.of(1970, 1, 1), true, 1, 0));
    consent(personId, "WITHDRAWAL_DEATH", "national.member_account", "national.loan_overview", "funeral.cremation",
        "collab.marriage");
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    assertThat(code(post(counter, withdrawals, new JsonObject().put("reason", "08")))).isEqualTo("HEIR_INVALID");
    assertThat(code(post(counter, withdrawals, death.copy().put("heir", heir.copy().put("cardNumber", "6217001234567890123")))))
        .isEqualTo("HEIR_INVALID");
    HttpResponse<Buffer> accepted = post(counter, withdrawals, death);
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    JsonObject applied = accepted.bodyAsJsonObject();
    assertThat(applied.getString("heirName")).isEqualTo("赵继承");
    assertThat(applied.encode()).doesNotContain(heir.getString("idNumber")).doesNotContain(heir.getString("cardNumber"));
    String id = applied.getString("applicationId");
    post(zhao, "/v1/withdrawal-reviews/" + id + "/decision", first(approve("死亡证明、继承权公证书已核对")));
    JsonObject paid = post(qian, "/v1/withdrawal-reviews/" + id + "/decision", second(approve("同意"))).bodyAsJsonObject();
    assertThat(paid.getString("status")).isEqualTo("APPROVED");
    assertThat(accountStatus(personId)).isEqualTo("05");

    var instruction = TestPlatform.app().pool().preparedQuery("SELECT i.payee_card_id, i.payee_name, p.number_enc, "
            + "p.number_masked FROM settlement_instruction i JOIN payee_account p ON p.payee_id = i.payee_account_id "
            + "WHERE i.business_ref = $1").execute(Tuple.of("withdrawal:" + id))
        .await(10, TimeUnit.SECONDS).iterator().next();
    assertThat(instruction.getValue("payee_card_id")).isNull();
    assertThat(instruction.getString("payee_name")).isEqualTo("赵继承");
    assertThat(instruction.getString("number_masked")).startsWith("6217").endsWith("0122").doesNotContain("1234567890");
    assertThat(instruction.getString("number_enc")).doesNotContain("6217001234567890122");
    var stored = TestPlatform.app().pool().preparedQuery("SELECT heir_id_enc FROM withdrawal_application "
        + "WHERE application_id = $1").execute(Tuple.of(id)).await(10, TimeUnit.SECONDS).iterator().next();
    assertThat(stored.getString("heir_id_enc")).doesNotContain(heir.getString("idNumber"));
    assertBooksReconcile();
  }

  @Test
  void anApplicationEverySourceConfirmsIsApprovedWithoutReview() throws Exception {
    String personId = memberWithCard(TestIdentities.newIdNumber());
    HpfConfig config = HpfConfig.from(Settings.of(Map.of()));
    FieldCipher fields = new FieldCipher(config.security().fieldKeys(), config.security().blindIndexKey());
    Verification confirmed = subject -> Future.succeededFuture(subject.sources().stream()
        .map(source -> new Verification.Check(source, Verification.Outcome.PASSED, "核验一致")).toList());
    Withdrawals.Request request = new Withdrawals.Request(personId, "06", Money.parse("300.00"), "demo-counter", "COUNTER",
        new JsonObject().put("loanContractNo", "JK-2025-0002"), null);
    JsonObject approved = TestPlatform.app().pool().withTransaction(conn -> new Withdrawals(confirmed, fields)
        .apply(conn, request, LocalDate.now(CENTER))).await(10, TimeUnit.SECONDS);
    assertThat(approved.getString("status")).isEqualTo("APPROVED");
    assertThat(approved.getString("paymentStatus")).isEqualTo("PENDING");
    assertThat(balance(personId)).isEqualTo("900.00");
    // While it is unpaid it is in flight; once paid (the settlement issue's dispatcher), the interval applies.
    assertThat(refusal(fields, confirmed, personId)).isEqualTo("WITHDRAWAL_IN_FLIGHT");
    TestPlatform.app().pool().preparedQuery("UPDATE withdrawal_application SET status = 'PAID' WHERE application_id = $1")
        .execute(Tuple.of(approved.getString("applicationId"))).await(10, TimeUnit.SECONDS);
    assertThat(refusal(fields, confirmed, personId)).isEqualTo("LOAN_REPAYMENT_TOO_SOON");
    assertBooksReconcile();
  }

  private static String refusal(FieldCipher fields, Verification confirmed, String personId) throws Exception {
    return TestPlatform.app().pool().withTransaction(conn -> new Withdrawals(confirmed, fields).apply(conn,
            new Withdrawals.Request(personId, "06", Money.parse("100.00"), "demo-counter", "COUNTER",
                new JsonObject().put("loanContractNo", "JK-2025-0002"), null), LocalDate.now(CENTER)))
        .map(done -> "APPROVED").recover(e -> Future.succeededFuture(((hpf.kit.ProblemException) e).problem().code()))
        .await(10, TimeUnit.SECONDS);
  }

  @Test
  void aMemberOnTheKeyReviewListGoesToReviewEvenForRent(Vertx vertx) throws Exception {
    ContractCheck admin = new ContractCheck(vertx, Zone.ADMIN);
    String personId = memberWithCard(TestIdentities.newIdNumber());
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    JsonObject rent = new JsonObject().put("reason", "07").put("amount", "300.00");
    HttpResponse<Buffer> flagged = adminCall(HttpMethod.PUT, "/v1/key-review-persons/" + personId)
        .sendJsonObject(new JsonObject().put("reason", "多次租房提取地址重复")).await(10, TimeUnit.SECONDS);
    assertThat(flagged.statusCode()).as(flagged.bodyAsString()).isEqualTo(201);
    admin.conforms("flagKeyReviewPerson", flagged);
    assertThat(adminCall(HttpMethod.PUT, "/v1/key-review-persons/" + personId)
        .sendJsonObject(new JsonObject().put("reason", "再次")).await(10, TimeUnit.SECONDS).bodyAsJsonObject()
        .getString("code")).isEqualTo("ALREADY_KEY_REVIEW");
    // The key-review list is not the blocked list: nothing is refused, it is reviewed.
    JsonObject reviewed = post(counter, withdrawals, rent).bodyAsJsonObject();
    assertThat(reviewed.getString("status")).isEqualTo("FIRST_REVIEW");
    assertThat(reviewed.getJsonArray("checks").getJsonObject(0).getString("source")).isEqualTo("重点审核名单");
    assertThat(balance(personId)).isEqualTo("1200.00");
    post(counter, withdrawals + "/" + reviewed.getString("applicationId") + "/cancellation", null);

    HttpResponse<Buffer> lifted = adminCall(HttpMethod.DELETE, "/v1/key-review-persons/" + personId).send()
        .await(10, TimeUnit.SECONDS);
    admin.conforms("liftKeyReviewPerson", lifted);
    assertThat(post(counter, withdrawals, rent).bodyAsJsonObject().getString("status")).isEqualTo("APPROVED");
    assertThat(balance(personId)).isEqualTo("900.00");
    assertBooksReconcile();
  }

  @Test
  void anIsolatedSourceSendsTheApplicationToReviewInsteadOfFailingIt() throws Exception {
    String personId = memberWithCard(TestIdentities.newIdNumber());
    consent(personId, "WITHDRAWAL_LOAN_REPAYMENT", "national.contract_filing", "national.loan_info",
        "national.loan_repayments", "collab.marriage");
    String isolation = "/v1/dependencies/national.loan_info/isolation";
    HttpResponse<Buffer> isolated = adminCall(HttpMethod.POST, isolation)
        .sendJsonObject(new JsonObject().put("reason", "测试：贷款信息查询隔离")).await(10, TimeUnit.SECONDS);
    assertThat(isolated.statusCode()).as(isolated.bodyAsString()).isIn(200, 201);
    try {
      JsonObject application = post(counter, "/v1/members/" + personId + "/withdrawals", new JsonObject()
          .put("reason", "06").put("amount", "300.00").put("loanContractNo", "JK-2025-0003")).bodyAsJsonObject();
      assertThat(application.getString("status")).isEqualTo("FIRST_REVIEW");
      JsonObject loanCheck = application.getJsonArray("checks").stream().map(c -> (JsonObject) c)
          .filter(c -> c.getString("source").equals("national.loan_info")).findFirst().orElseThrow();
      assertThat(loanCheck.getString("outcome")).isEqualTo("UNAVAILABLE");
      assertThat(loanCheck.getString("detail")).contains("需人工审核");
      assertThat(balance(personId)).isEqualTo("1200.00");
    } finally {
      adminCall(HttpMethod.DELETE, isolation).sendJsonObject(new JsonObject().put("reason", "测试结束"))
          .await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void noSourceIsAskedForAnApplicationRefusedAnywayNorAgainForAReplay() throws Exception {
    String personId = memberWithCard(TestIdentities.newIdNumber());
    consent(personId, "WITHDRAWAL_LOAN_REPAYMENT", "national.contract_filing", "national.loan_info",
        "national.loan_repayments", "collab.marriage");
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    JsonObject repayment = new JsonObject().put("reason", "06").put("amount", "300.00").put("loanContractNo", "JK-2025-0004");
    String evidence = "SELECT count(*) FROM evidence_record WHERE business_ref = $1";
    String ref = "withdrawal-verification:" + personId + ":06";
    String key = "k-" + UUID.randomUUID();
    HttpResponse<Buffer> first = post(counter, withdrawals, repayment, key);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);
    long asked = count(evidence, ref);
    assertThat(asked).isEqualTo(4);

    HttpResponse<Buffer> replayed = post(counter, withdrawals, repayment, key);
    assertThat(replayed.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replayed.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    // Refused by the platform's own rule (one application per reason in flight) before anyone is asked.
    HttpResponse<Buffer> second = post(counter, withdrawals, repayment);
    assertThat(code(second)).isEqualTo("WITHDRAWAL_IN_FLIGHT");
    assertThat(count(evidence, ref)).isEqualTo(asked);
    assertThat(balance(personId)).isIn("1200.00", "900.00");
    assertBooksReconcile();
  }

  private io.vertx.ext.web.client.HttpRequest<Buffer> adminCall(HttpMethod method, String uri) {
    return client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).putHeader("Idempotency-Key", "o-" + UUID.randomUUID());
  }

  // --- helpers ---

  /** Counter staff record the member's consent for the purpose, covering the reason's data sources. */
  private void consent(String personId, String purpose, String... scopes) throws Exception {
    HttpResponse<Buffer> granted = post(counter, "/v1/members/" + personId + "/consents", new JsonObject()
        .put("purpose", purpose).put("scopes", new io.vertx.core.json.JsonArray(List.of(scopes)))
        .put("validUntil", java.time.OffsetDateTime.now(CENTER).plusMonths(6).toInstant().toString()));
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isEqualTo(201);
  }

  private static JsonObject withoutHome(JsonObject purchase) {
    JsonObject copy = purchase.copy();
    copy.remove("home");
    return copy;
  }

  private static JsonObject approve(String comment) {
    return new JsonObject().put("decision", "APPROVE").put("comment", comment);
  }

  private static JsonObject first(JsonObject decision) {
    return decision.copy().put("stage", "FIRST");
  }

  private static JsonObject second(JsonObject decision) {
    return decision.copy().put("stage", "SECOND");
  }

  /** A new employer and member with one month paid (1200.00) and a bound card; answers the person id. */
  private String memberWithCard(String idNumber) throws Exception {
    return scenarios.memberWithCard("审核测试有限公司", "测试职工", idNumber, "13900000000");
  }

  /** A remittance-like credit dated in the past, so the account has held money for a known number of days. */
  private static void creditSince(String personId, Money amount, LocalDate day) throws Exception {
    var pool = TestPlatform.app().pool();
    String ledgerAccount = pool.preparedQuery("SELECT ledger_account FROM member_account WHERE person_id = $1 AND status = '01'")
        .execute(Tuple.of(personId)).await(10, TimeUnit.SECONDS).iterator().next().getString(0);
    pool.withTransaction(conn -> new Ledger().post(conn, new Ledger.Posting("01", "test-backdated:" + personId,
            "test-backdated:" + personId, day, "测试：往期汇缴", List.of(
                new Ledger.Entry("BANK:center", Ledger.Side.DEBIT, amount),
                new Ledger.Entry(ledgerAccount, Ledger.Side.CREDIT, amount)))))
        .await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> post(String token, String uri, JsonObject body) throws Exception {
    return post(token, uri, body, "k-" + UUID.randomUUID());
  }

  private HttpResponse<Buffer> post(String token, String uri, JsonObject body, String key) throws Exception {
    Buffer payload = body == null ? null : body.toBuffer();
    var request = calls.request("demo-counter", HttpMethod.POST, uri, payload, System.currentTimeMillis())
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", key);
    return (payload == null ? request.send() : request.sendBuffer(payload)).await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String token, String uri) throws Exception {
    return calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
  }

  private String balance(String personId) throws Exception {
    return get(counter, "/v1/members/" + personId + "/account").bodyAsJsonObject().getString("balance");
  }

  private String accountStatus(String personId) throws Exception {
    return get(counter, "/v1/members/" + personId + "/account").bodyAsJsonObject().getString("status");
  }

  private String memberToken(String idNumber) throws Exception {
    return scenarios.memberToken(idNumber);
  }

  private static long count(String sql, String parameter) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.of(parameter))
        .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("code");
  }

  private static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS);
    assertThat(books.differences()).isEmpty();
  }
}
