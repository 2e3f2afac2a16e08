package hpf.account;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.CounterDesk.code;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The center's special accounts per partner bank (专户): money received at a bank is booked on that bank's account,
 * an unknown bank changes nothing, and the books check lists every special account with its balance.
 */
@ExtendWith(VertxExtension.class)
class SpecialAccountsTest {

  @Test
  void aPaymentReceivedAtABankIsBookedOnThatBanksSpecialAccount(Vertx vertx) throws Exception {
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    String employerId = desk.openEmployer("专户测试有限公司");
    String personId = desk.addMember(employerId, "5000.00").getString("personId");
    YearMonth month = CounterDesk.thisMonth();
    desk.listMonth(employerId, month);
    String payment = "/v1/employers/" + employerId + "/remittances/" + month + "/payment";
    BigDecimal before = new BigDecimal(CounterDesk.ledgerBalance("BANK:102"));

    HttpResponse<Buffer> unknown = desk.post(payment, new JsonObject().put("amount", "1200.00").put("receivingBank", "999"));
    assertThat(code(unknown)).isEqualTo("RECEIVING_BANK_UNKNOWN");
    new ContractCheck(vertx, Zone.PUBLIC).conforms("recordRemittancePayment", unknown);
    assertThat(desk.balance(personId)).isEqualTo("0.00");

    HttpResponse<Buffer> paid = desk.post(payment, new JsonObject().put("amount", "1200.00").put("receivingBank", "102"));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(200);
    assertThat(desk.balance(personId)).isEqualTo("1200.00");
    assertThat(new BigDecimal(CounterDesk.ledgerBalance("BANK:102")).subtract(before)).isEqualByComparingTo("1200.00");

    HttpResponse<Buffer> books = WebClient.create(vertx).get(TestPlatform.port(Zone.ADMIN), "127.0.0.1",
            "/v1/ledger/reconciliation").putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).send()
        .await(30, TimeUnit.SECONDS);
    new ContractCheck(vertx, Zone.ADMIN).conforms("reconcileLedger", books);
    assertThat(books.bodyAsJsonObject().getBoolean("balanced")).isTrue();
    assertThat(books.bodyAsJsonObject().getJsonArray("bankAccounts").stream()
        .map(a -> ((JsonObject) a).getString("account"))).contains("BANK:102", "BANK:105", "BANK:center");
  }

  @Test
  void theSandboxBanksOpeningBalancesAreInTheBooksOnceEach() throws Exception {
    // The sandbox banks open the center's account with 100,000,000.00 each; registered once, booked once.
    assertThat(CounterDesk.ledgerBalance("OPENING:banks")).isEqualTo("200000000.00");
    assertThat(CounterDesk.count("SELECT count(*) FROM ledger_transaction WHERE idempotency_key LIKE 'opening:%'"))
        .isEqualTo(2);
    hpf.sandbox.DemoBanks.register(new hpf.settlement.PartnerBanks(TestPlatform.app().pool()))
        .await(10, TimeUnit.SECONDS);
    assertThat(CounterDesk.ledgerBalance("OPENING:banks")).isEqualTo("200000000.00");
  }
}
