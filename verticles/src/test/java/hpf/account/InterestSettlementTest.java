package hpf.account;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.identity.TestIdentities;
import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.ledger.Reconciliation;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The annual settlement credits daily-balance interest to the fen, once per settlement date. */
@ExtendWith(VertxExtension.class)
class InterestSettlementTest {

  @Test
  void interestIsCreditedToTheFenOncePerYear(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    SignedCalls calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    String counter = calls.staffToken("counter.li");
    JsonObject body = new JsonObject().put("name", "结息测试").put("idNumber", TestIdentities.newIdNumber())
        .put("phone", "13911113333").put("monthlyWage", "5000.00");
    HttpResponse<Buffer> added = calls.request("demo-counter", HttpMethod.POST, "/v1/employers/E00000001/members",
            body.toBuffer(), System.currentTimeMillis()).bearerTokenAuthentication(counter)
        .putHeader("Idempotency-Key", "add-" + UUID.randomUUID()).sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
    String ledgerAccount = "MBR:" + added.bodyAsJsonObject().getString("accountNo");

    // 1000.00 from 2025-07-01 and 200.00 more from 2026-01-01 (as if remitted then).
    Pool pool = TestPlatform.app().pool();
    Ledger ledger = new Ledger();
    pool.withTransaction(conn -> ledger.openAccount(conn, "BANK:interest-test", "CENTER_BANK", Ledger.Side.DEBIT, false, "专户")
        .compose(v -> ledger.post(conn, deposit(ledgerAccount, "1000.00", LocalDate.of(2025, 7, 1))))
        .compose(v -> ledger.post(conn, deposit(ledgerAccount, "200.00", LocalDate.of(2026, 1, 1)))))
        .await(10, TimeUnit.SECONDS);

    ContractCheck contract = new ContractCheck(vertx, Zone.ADMIN);
    HttpResponse<Buffer> run = settle(client, "2026-06-30");
    assertThat(run.statusCode()).as(run.bodyAsString()).isEqualTo(200);
    contract.conforms("runInterestSettlement", run);
    // 1000.00 × 365 + 200.00 × 181 = 401,200 balance-days; × 1.50 % / 360 = 16.7166… → 16.72
    assertThat(ledger.balance(pool, ledgerAccount).await(10, TimeUnit.SECONDS)).isEqualTo(Money.parse("1216.72"));

    HttpResponse<Buffer> again = settle(client, "2026-06-30");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(ledger.balance(pool, ledgerAccount).await(10, TimeUnit.SECONDS)).isEqualTo(Money.parse("1216.72"));
    assertThat(new Reconciliation(pool).run().await(10, TimeUnit.SECONDS).differences()).isEmpty();

    // The member's statement shows the interest as the newest movement.
    HttpResponse<Buffer> entries = calls.request("demo-counter", HttpMethod.GET, "/v1/members/"
            + added.bodyAsJsonObject().getString("personId") + "/account/entries?size=2", null, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
    new ContractCheck(vertx, Zone.PUBLIC).conforms("listMemberAccountEntries", entries);
    JsonObject newest = entries.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(newest.getString("businessType")).isEqualTo("09");
    assertThat(newest.getString("amount")).isEqualTo("16.72");
    assertThat(newest.getString("direction")).isEqualTo("IN");
    assertThat(entries.bodyAsJsonObject().getLong("total")).isEqualTo(3);

    // The settled year's closing balance is brought forward; nothing was added this year (today is after 6/30/2026).
    HttpResponse<Buffer> account = calls.request("demo-counter", HttpMethod.GET, "/v1/members/"
            + added.bodyAsJsonObject().getString("personId") + "/account", null, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
    new ContractCheck(vertx, Zone.PUBLIC).conforms("getMemberAccount", account);
    if (MemberAccounts.lastYearEnd(LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))).equals(LocalDate.of(2026, 6, 30))) {
      assertThat(account.bodyAsJsonObject().getString("broughtForward")).isEqualTo("1216.72");
      assertThat(account.bodyAsJsonObject().getString("currentYear")).isEqualTo("0.00");
    }

    HttpResponse<Buffer> notJune = settle(client, "2026-05-31");
    assertThat(notJune.statusCode()).isEqualTo(400);
    HttpResponse<Buffer> future = settle(client, "2099-06-30");
    assertThat(future.bodyAsJsonObject().getString("code")).isEqualTo("NOT_A_SETTLEMENT_DATE");
  }

  @Test
  void anAccountClosedDuringTheYearEarnsToTheClosingDateOnceAndTheAnnualRunSkipsIt(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    String accountNo = desk.addMember("E00000001", "5000.00").getString("accountNo");
    String ledgerAccount = "MBR:" + accountNo;
    Pool pool = TestPlatform.app().pool();
    Ledger ledger = new Ledger();
    // 1000.00 from 2025-07-01; closed on 2026-03-01: 243 days × 1000.00 × 1.50 % / 360 = 10.125 → 10.13.
    AccountClosing.Accrued accrued = pool.withTransaction(conn -> ledger.openAccount(conn, "BANK:interest-test",
            "CENTER_BANK", Ledger.Side.DEBIT, false, "专户")
        .compose(v -> ledger.post(conn, deposit(ledgerAccount, "1000.00", LocalDate.of(2025, 7, 1))))
        .compose(v -> new AccountClosing().accrueInterest(conn, accountNo, ledgerAccount, LocalDate.of(2026, 3, 1),
            "test-" + accountNo)))
        .await(10, TimeUnit.SECONDS);
    assertThat(accrued.interest()).isEqualTo(Money.parse("10.13"));

    assertThat(settle(client, "2026-06-30").statusCode()).isEqualTo(200);
    assertThat(ledger.balance(pool, ledgerAccount).await(10, TimeUnit.SECONDS)).isEqualTo(Money.parse("1010.13"));
    assertThat(new Reconciliation(pool).run().await(10, TimeUnit.SECONDS).differences()).isEmpty();
  }

  @Test
  void aClosingUndoneLeavesTheYearToTheAnnualSettlement(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    String accountNo = desk.addMember("E00000001", "5000.00").getString("accountNo");
    String ledgerAccount = "MBR:" + accountNo;
    Pool pool = TestPlatform.app().pool();
    Ledger ledger = new Ledger();
    // Closed on 2026-03-01 with 10.13 of interest, then the closing is undone (reversed).
    pool.withTransaction(conn -> ledger.openAccount(conn, "BANK:interest-test", "CENTER_BANK", Ledger.Side.DEBIT, false, "专户")
        .compose(v -> ledger.post(conn, deposit(ledgerAccount, "1000.00", LocalDate.of(2025, 7, 1))))
        .compose(v -> new AccountClosing().accrueInterest(conn, accountNo, ledgerAccount, LocalDate.of(2026, 3, 1),
            "undone-" + accountNo))
        .compose(accrued -> ledger.reverse(conn, accrued.txnId(), "undo-" + accountNo, LocalDate.of(2026, 3, 1), "撤销")))
        .await(10, TimeUnit.SECONDS);

    // The year is then settled normally: 1000.00 × 365 × 1.50 % / 360 = 15.208… → 15.21.
    assertThat(settle(client, "2026-06-30").statusCode()).isEqualTo(200);
    assertThat(ledger.balance(pool, ledgerAccount).await(10, TimeUnit.SECONDS)).isEqualTo(Money.parse("1015.21"));
    assertThat(new Reconciliation(pool).run().await(10, TimeUnit.SECONDS).differences()).isEmpty();
  }

  private static Ledger.Posting deposit(String member, String amount, LocalDate day) {
    return new Ledger.Posting("01", "test", UUID.randomUUID().toString(), day, "汇缴", List.of(
        new Ledger.Entry("BANK:interest-test", Ledger.Side.DEBIT, Money.parse(amount)),
        new Ledger.Entry(member, Ledger.Side.CREDIT, Money.parse(amount))));
  }

  private static HttpResponse<Buffer> settle(WebClient client, String date) throws Exception {
    return client.post(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/jobs/interest-settlement")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
        .sendJsonObject(new JsonObject().put("settlementDate", date)).await(60, TimeUnit.SECONDS);
  }
}
