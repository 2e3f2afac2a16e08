package hpf.settlement.inbound;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.crypto.Sm2Keys;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import hpf.ledger.Reconciliation;
import hpf.sandbox.bank.SandboxBank;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.settlement.inbound.BankCalls.count;
import static hpf.settlement.inbound.BankCalls.notice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account change notices over real HTTP: money pushed by a sandbox bank (signed, repeated by its duplicateNotices
 * behaviour) pays the due list its summary names, once; the same notice again, or the same booking under another
 * notice id, changes nothing; money that names no due list of that amount waits in suspense until staff claim it;
 * unsigned, wrongly signed, unknown banks' and foreign accounts' notices are refused and leave no trace. The books
 * reconcile after each.
 */
@ExtendWith(VertxExtension.class)
class BankNoticesTest {

  private static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");
  private static final String PATH = "/v1/notices/account-changes";

  private WebClient client;
  private BankCalls bank;
  private SignedCalls calls;
  private String counter;
  private ContractCheck contract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    bank = new BankCalls(client);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    counter = calls.staffToken("counter.li");
    contract = new ContractCheck(vertx, Zone.BANK);
  }

  @Test
  void aPushedRemittanceNoticePaysTheListOnceEvenWhenTheBankRepeatsIt() throws Exception {
    YearMonth month = YearMonth.now(CENTER);
    String employerId = employer();
    String a = member(employerId, "5000.00");
    String b = member(employerId, "8000.00");
    String total = staff(HttpMethod.POST, "/v1/employers/" + employerId + "/remittances",
        new JsonObject().put("month", month.toString())).getString("total");
    assertThat(total).isEqualTo("3120.00");
    BigDecimal before = ledger("BANK:102");
    double replayed = metric("outcome=\"replayed\"");
    try {
      sandbox(HttpMethod.PUT, "/sandbox/banks/102/behaviour", new JsonObject().put("duplicateNotices", 2));
      JsonObject booked = sandbox(HttpMethod.POST, "/sandbox/banks/102/incoming", new JsonObject()
          .put("payerAccountNo", "3502001234567").put("payerName", "入账通知测试有限公司").put("amount", total)
          .put("summary", "汇缴 " + employerId + ":" + month)).bodyAsJsonObject();
      String noticeId = "AC-" + booked.getString("HostSeqNo");
      await("the list paid by the pushed notice", () -> "PAID".equals(remittanceStatus(employerId, month)));
      await("the two repeated pushes answered from the record", () -> metric("outcome=\"replayed\"") >= replayed + 2);
      Row recorded = notice("102", noticeId);
      assertThat(recorded.getString("outcome")).isEqualTo("REMITTANCE_PAID");
      assertThat(recorded.getString("matched_ref")).isEqualTo("remittance:" + employerId + ":" + month);
      assertThat(recorded.getString("payer_masked")).doesNotContain("3502001234567");
      assertThat(count("SELECT count(*) FROM bank_notice WHERE bank_code = '102' AND host_seq_no = $1",
          booked.getString("HostSeqNo"))).isEqualTo(1);
    } finally {
      sandbox(HttpMethod.DELETE, "/sandbox/banks/102/behaviour", null);
    }
    assertThat(ledger("BANK:102").subtract(before)).isEqualByComparingTo("3120.00");
    assertThat(balance(a)).isEqualTo("1200.00");
    assertThat(balance(b)).isEqualTo("1920.00");
    assertBooksReconcile();
  }

  @Test
  void theSameNoticeOrTheSameBookingAgainChangesNothing() throws Exception {
    YearMonth month = YearMonth.now(CENTER);
    String employerId = employer();
    String a = member(employerId, "5000.00");
    staff(HttpMethod.POST, "/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", month.toString()));
    String host = host();
    JsonObject notice = credit(host, "1200.00", "汇缴 " + employerId + ":" + month);
    HttpResponse<Buffer> first = bank.post("102", PATH, notice);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    contract.conforms("receiveAccountChangeNotice", first);
    assertThat(first.bodyAsJsonObject().getString("outcome")).isEqualTo("REMITTANCE_PAID");
    BigDecimal bankBalance = ledger("BANK:102");
    long notices = count("SELECT count(*) FROM bank_notice");

    HttpResponse<Buffer> again = bank.post("102", PATH, notice);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    contract.conforms("receiveAccountChangeNotice", again);

    HttpResponse<Buffer> altered = bank.post("102", PATH, notice.copy().put("amount", "1.00"));
    assertThat(altered.statusCode()).isEqualTo(409);
    assertThat(altered.bodyAsJsonObject().getString("code")).isEqualTo("NOTICE_ID_CONFLICT");
    contract.conforms("receiveAccountChangeNotice", altered);
    assertThat(count("SELECT count(*) FROM bank_notice")).isEqualTo(notices);

    // The same booking under a new notice id: recorded as a duplicate, no money moves twice.
    HttpResponse<Buffer> sameBooking = bank.post("102", PATH, notice.copy().put("noticeId", "N-" + UUID.randomUUID()));
    assertThat(sameBooking.statusCode()).isEqualTo(200);
    assertThat(sameBooking.bodyAsJsonObject().getString("outcome")).isEqualTo("DUPLICATE");
    assertThat(sameBooking.bodyAsJsonObject().getString("matchedRef")).isEqualTo("notice:" + notice.getString("noticeId"));
    assertThat(ledger("BANK:102")).isEqualByComparingTo(bankBalance);
    assertThat(balance(a)).isEqualTo("1200.00");
    assertBooksReconcile();
  }

  @Test
  void moneyThatMatchesNoDueListWaitsInSuspenseUntilClaimed() throws Exception {
    YearMonth month = YearMonth.now(CENTER);
    String employerId = employer();
    String a = member(employerId, "5000.00");
    staff(HttpMethod.POST, "/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", month.toString()));
    BigDecimal suspense = ledger("SUSPENSE:employers");
    BigDecimal bank105 = ledger("BANK:105");
    // The right list, the wrong amount; then the right amount without a reference.
    HttpResponse<Buffer> wrongAmount = bank.post("105", PATH, credit105(host(), "1000.00", "汇缴 " + employerId + ":" + month));
    HttpResponse<Buffer> noReference = bank.post("105", PATH, credit105(host(), "1200.00", "公积金"));
    for (HttpResponse<Buffer> parked : java.util.List.of(wrongAmount, noReference)) {
      assertThat(parked.statusCode()).as(parked.bodyAsString()).isEqualTo(200);
      contract.conforms("receiveAccountChangeNotice", parked);
      assertThat(parked.bodyAsJsonObject().getString("outcome")).isEqualTo("SUSPENSE");
    }
    assertThat(wrongAmount.bodyAsJsonObject().getString("detail")).contains("不符");
    assertThat(remittanceStatus(employerId, month)).isEqualTo("DUE");
    assertThat(ledger("SUSPENSE:employers").subtract(suspense)).isEqualByComparingTo("2200.00");
    assertThat(ledger("BANK:105").subtract(bank105)).isEqualByComparingTo("2200.00");
    assertBooksReconcile();

    // Staff find the item and claim it to the list of the same amount.
    String itemId = noReference.bodyAsJsonObject().getString("matchedRef").substring("suspense:".length());
    JsonObject open = staff(HttpMethod.GET, "/v1/suspense-items?status=OPEN&size=100", null);
    assertThat(open.encode()).contains(itemId);
    JsonObject claimed = staff(HttpMethod.POST, "/v1/suspense-items/" + itemId + "/claim",
        new JsonObject().put("employerId", employerId).put("month", month.toString()));
    assertThat(claimed.getString("status")).isEqualTo("CLAIMED");
    assertThat(remittanceStatus(employerId, month)).isEqualTo("PAID");
    assertThat(balance(a)).isEqualTo("1200.00");
    assertThat(ledger("SUSPENSE:employers").subtract(suspense)).isEqualByComparingTo("1000.00");
    assertBooksReconcile();
  }

  @Test
  void unsignedForeignAndMisaddressedNoticesAreRefusedAndLeaveNoTrace() throws Exception {
    long notices = count("SELECT count(*) FROM bank_notice");
    BigDecimal suspense = ledger("SUSPENSE:employers");
    JsonObject notice = credit(host(), "10.00", "无清册");
    HttpResponse<Buffer> wrongKey = bank.post("102", Sm2Keys.generate().privateKey(), PATH, notice);
    HttpResponse<Buffer> unknownBank = bank.post("999", PATH, notice);
    HttpResponse<Buffer> unsigned = client.post(TestPlatform.port(Zone.BANK), "127.0.0.1", PATH)
        .sendJsonObject(notice).await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> otherAccount = bank.post("102", PATH, notice.copy().put("accountNo", "10200000000099"));
    HttpResponse<Buffer> otherBanksAccount = bank.post("105", PATH, notice.copy().put("noticeId", "N-" + UUID.randomUUID()));
    HttpResponse<Buffer> nothing = bank.post("102", PATH, notice.copy().put("noticeId", "N-" + UUID.randomUUID())
        .put("amount", "0.00"));
    assertRefused(nothing, 400, "VALIDATION_FAILED");
    assertRefused(wrongKey, 401, "SIGNATURE_INVALID");
    assertRefused(unknownBank, 401, "BANK_UNKNOWN");
    assertRefused(unsigned, 401, "APP_CREDENTIALS_INVALID");
    assertRefused(otherAccount, 422, "NOTICE_ACCOUNT_UNKNOWN");
    assertRefused(otherBanksAccount, 422, "NOTICE_ACCOUNT_UNKNOWN");
    assertThat(count("SELECT count(*) FROM bank_notice")).isEqualTo(notices);
    assertThat(ledger("SUSPENSE:employers")).isEqualByComparingTo(suspense);
    assertBooksReconcile();
  }

  private void assertRefused(HttpResponse<Buffer> response, int status, String code) throws Exception {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
    contract.conforms("receiveAccountChangeNotice", response);
  }

  private static JsonObject credit(String host, String amount, String summary) {
    return new JsonObject().put("noticeId", "N-" + UUID.randomUUID()).put("hostSeqNo", host)
        .put("accountNo", SandboxBank.centerAccountNo("102")).put("direction", "CREDIT").put("amount", amount)
        .put("payerAccountNo", "310066771018800012345").put("payerName", "入账通知测试有限公司").put("payerBankCode", "301")
        .put("valueDate", LocalDate.now(CENTER).toString()).put("summary", summary);
  }

  private static JsonObject credit105(String host, String amount, String summary) {
    return credit(host, amount, summary).put("accountNo", SandboxBank.centerAccountNo("105"));
  }

  private static String host() {
    return "T" + System.nanoTime() + ThreadLocalRandom.current().nextInt(1000);
  }

  private String employer() throws Exception {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    return staff(HttpMethod.POST, "/v1/employers", new JsonObject().put("creditCode", first17
        + Identifiers.creditCheckCharacter(first17)).put("name", "入账通知测试有限公司").put("employerRatio", "0.12")
        .put("memberRatio", "0.12")).getString("employerId");
  }

  private String member(String employerId, String wage) throws Exception {
    return staff(HttpMethod.POST, "/v1/employers/" + employerId + "/members", new JsonObject().put("name", "职工")
        .put("idNumber", TestIdentities.newIdNumber()).put("phone", "13911112222").put("monthlyWage", wage))
        .getString("personId");
  }

  private String remittanceStatus(String employerId, YearMonth month) {
    try {
      return staff(HttpMethod.GET, "/v1/employers/" + employerId + "/remittances/" + month, null).getString("status");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String balance(String personId) throws Exception {
    return staff(HttpMethod.GET, "/v1/members/" + personId + "/account", null).getString("balance");
  }

  private JsonObject staff(HttpMethod method, String uri, JsonObject body) throws Exception {
    Buffer payload = body == null ? null : body.toBuffer();
    var request = calls.request("demo-counter", method, uri, payload, System.currentTimeMillis())
        .bearerTokenAuthentication(counter);
    if (method != HttpMethod.GET) {
      request.putHeader("Idempotency-Key", "k-" + UUID.randomUUID());
    }
    HttpResponse<Buffer> response = (payload == null ? request.send() : request.sendBuffer(payload))
        .await(20, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(uri + ": " + response.bodyAsString()).isLessThan(300);
    return response.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> sandbox(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, TestPlatform.app().sandboxPort(), "127.0.0.1", uri);
    HttpResponse<Buffer> response = (body == null ? request.send() : request.sendJsonObject(body))
        .await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isLessThan(300);
    return response;
  }

  private double metric(String outcome) {
    String text;
    try {
      text = bank.metrics();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return text.lines()
        .filter(l -> l.startsWith("hpf_settlement_notices_total{") && l.contains("bank=\"102\"")
            && l.contains("kind=\"account_change\"") && l.contains(outcome))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static BigDecimal ledger(String account) throws Exception {
    return TestPlatform.app().pool().preparedQuery("SELECT sum(balance) FROM ledger_balance WHERE account_id = $1")
        .execute(Tuple.of(account)).await(10, TimeUnit.SECONDS).iterator().next().getBigDecimal(0);
  }

  static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS);
    assertThat(books.balanced()).as(books.toString()).isTrue();
  }

  static void await(String what, Supplier<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(25);
    }
  }
}
