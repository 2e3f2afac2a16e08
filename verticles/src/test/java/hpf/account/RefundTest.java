package hpf.account;

import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.CounterDesk.assertBooksReconcile;
import static hpf.account.CounterDesk.code;
import static hpf.account.CounterDesk.count;
import static hpf.account.CounterDesk.ledgerBalance;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overpayment refunds (多缴退款) over HTTP against PostgreSQL: member → refunds payable with the instruction paying
 * the employer back in one transaction, never more than was paid for the month (concurrent refunds included) nor
 * than the balance, refusals and replays that change nothing, the history, and the books after every step.
 */
@ExtendWith(VertxExtension.class)
class RefundTest {

  private static final String PAYEE_NUMBER = "6222020200112233445";

  @Test
  void anOverpaidMonthIsRefundedToTheEmployerNeverBeyondWhatWasPaid(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    YearMonth now = CounterDesk.thisMonth();
    YearMonth before = now.minusMonths(1);
    String employerId = desk.openEmployer("退款测试有限公司");
    JsonObject member = desk.addMember(employerId, "5000.00");
    String accountNo = member.getString("accountNo");
    String personId = member.getString("personId");
    // This month remitted (1200.00) and last month supplemented (1200.00): balance 2400.00.
    desk.remit(employerId, now);
    String supplementId = desk.post("/v1/employers/" + employerId + "/supplementary-payments", new JsonObject()
            .put("reason", "增员不及时").put("lines", new JsonArray().add(new JsonObject().put("accountNo", accountNo)
                .put("months", new JsonArray().add(before.toString())))))
        .bodyAsJsonObject().getString("supplementId");
    assertThat(desk.post("/v1/employers/" + employerId + "/supplementary-payments/" + supplementId + "/payment",
        new JsonObject().put("amount", "1200.00")).statusCode()).isEqualTo(200);
    assertThat(desk.balance(personId)).isEqualTo("2400.00");
    String refunds = "/v1/employers/" + employerId + "/contribution-refunds";
    BigDecimal payableBefore = new BigDecimal(ledgerBalance(ContributionRefunds.PAYABLE));

    // Refusals change nothing.
    HttpResponse<Buffer> unpaid = desk.post(refunds, refund(accountNo, now.minusMonths(2), "100.00"));
    assertThat(code(unpaid)).isEqualTo("REFUND_MONTH_NOT_PAID");
    contract.conforms("refundContribution", unpaid);
    assertThat(code(desk.post(refunds, refund(accountNo, now, "1200.01")))).isEqualTo("REFUND_EXCEEDS_PAID");
    assertThat(code(desk.post(refunds, refund(accountNo, now, "0.00")))).isEqualTo("AMOUNT_INVALID");
    JsonObject badPayee = refund(accountNo, now, "100.00");
    badPayee.getJsonObject("payee").put("accountNo", "6222-0202");
    assertThat(code(desk.post(refunds, badPayee))).isEqualTo("PAYEE_ACCOUNT_INVALID");
    String stranger = desk.addMember(desk.openEmployer("别的单位有限公司"), "5000.00").getString("accountNo");
    assertThat(code(desk.post(refunds, refund(stranger, now, "100.00")))).isEqualTo("ACCOUNT_NOT_FOUND");
    assertThat(code(new CounterDesk(vertx, "reviewer.zhao").post(refunds, refund(accountNo, now, "100.00"))))
        .isEqualTo("FORBIDDEN");
    assertNothingRefunded(employerId, personId, desk, "2400.00");
    assertBooksReconcile();

    // A refund of this month's remittance: member → refunds payable, an instruction paying the employer's account.
    String key = "r-" + UUID.randomUUID();
    HttpResponse<Buffer> done = desk.post(refunds, refund(accountNo, now, "200.00"), key);
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(201);
    contract.conforms("refundContribution", done);
    JsonObject first = done.bodyAsJsonObject();
    // Money leaving to an account one clerk typed in waits for a second person (four eyes) before it can be sent.
    assertThat(first.getString("paymentStatus")).isEqualTo("HELD");
    assertThat(first.getString("payeeAccountNo")).isEqualTo("6222***********3445");
    String ref = "refund:" + first.getString("refundId");
    assertThat(count("""
        SELECT count(*) FROM settlement_instruction WHERE business_ref = $1 AND bus_type = '01' AND amount = 200.00
           AND status = 'HELD' AND requested_by = 'counter.li' AND payee_card_id IS NULL
           AND payee_account_id IS NOT NULL""", ref)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM ledger_transaction WHERE business_ref = $1 AND business_type = '01'", ref))
        .isEqualTo(1);
    // The employer's account number is kept encrypted, never in clear.
    assertThat(count("SELECT count(*) FROM payee_account WHERE number_enc LIKE '%' || $1 || '%'", PAYEE_NUMBER)).isZero();
    assertThat(desk.balance(personId)).isEqualTo("2200.00");
    HttpResponse<Buffer> replay = desk.post(refunds, refund(accountNo, now, "200.00"), key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject().getString("refundId")).isEqualTo(first.getString("refundId"));
    assertThat(desk.balance(personId)).isEqualTo("2200.00");
    assertBooksReconcile();

    // Five refunds of 300.00 at once against the 1000.00 left of the month: three fit, two are refused.
    List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      racing.add(desk.send(HttpMethod.POST, refunds, refund(accountNo, now, "300.00"), "race-" + UUID.randomUUID()));
    }
    Future.join(racing).await(30, TimeUnit.SECONDS);
    assertThat(racing.stream().filter(r -> r.result().statusCode() == 201)).hasSize(3);
    assertThat(racing.stream().filter(r -> r.result().statusCode() != 201))
        .hasSize(2).allSatisfy(r -> assertThat(code(r.result())).isEqualTo("REFUND_EXCEEDS_PAID"));
    assertThat(desk.balance(personId)).isEqualTo("1300.00");
    assertBooksReconcile();

    // Last month's supplementary payment is refunded under its own business type (02 补缴).
    HttpResponse<Buffer> supplemented = desk.post(refunds, refund(accountNo, before, "100.00"));
    assertThat(supplemented.statusCode()).as(supplemented.bodyAsString()).isEqualTo(201);
    assertThat(count("SELECT count(*) FROM ledger_transaction WHERE business_ref = $1 AND business_type = '02'",
        "refund:" + supplemented.bodyAsJsonObject().getString("refundId"))).isEqualTo(1);
    assertThat(desk.balance(personId)).isEqualTo("1200.00");

    // What was paid may exceed what is left after a withdrawal: the balance is the limit then.
    JsonObject card = new JsonObject().put("cardNumber", "6222021234567890128").put("bankCode", "102");
    assertThat(desk.send(HttpMethod.PUT, "/v1/members/" + personId + "/bank-card", card, "c-" + UUID.randomUUID())
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> withdrawn = desk.post("/v1/members/" + personId + "/withdrawals",
        new JsonObject().put("reason", "07").put("amount", "1200.00"));
    assertThat(withdrawn.statusCode()).as(withdrawn.bodyAsString()).isEqualTo(202);
    assertThat(code(desk.post(refunds, refund(accountNo, before, "50.00")))).isEqualTo("INSUFFICIENT_BALANCE");
    assertThat(desk.balance(personId)).isEqualTo("0.00");
    assertBooksReconcile();

    // The history: five refunds, newest first, each with its payment state; the payable holds them until paid.
    HttpResponse<Buffer> history = desk.get(refunds);
    contract.conforms("listContributionRefunds", history);
    JsonArray items = history.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(5);
    assertThat(items.getJsonObject(0).getString("month")).isEqualTo(before.toString());
    assertThat(items.stream().map(i -> ((JsonObject) i).getString("paymentStatus"))).containsOnly("HELD");
    assertThat(new BigDecimal(ledgerBalance(ContributionRefunds.PAYABLE)).subtract(payableBefore))
        .isEqualByComparingTo("1200.00");
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'refundContribution' AND details->>'employerId' = $1",
        employerId)).isEqualTo(5);
  }

  private static JsonObject refund(String accountNo, YearMonth month, String amount) {
    return new JsonObject().put("accountNo", accountNo).put("month", month.toString()).put("amount", amount)
        .put("reason", "基数申报有误").put("payee", new JsonObject().put("bankCode", "102")
            .put("accountNo", PAYEE_NUMBER).put("accountName", "退款测试有限公司"));
  }

  private static void assertNothingRefunded(String employerId, String personId, CounterDesk desk, String balance)
      throws Exception {
    assertThat(count("SELECT count(*) FROM contribution_refund WHERE employer_id = $1", employerId)).isZero();
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref LIKE 'refund:%'"
        + " AND payee_name = $1", "退款测试有限公司")).isZero();
    assertThat(desk.balance(personId)).isEqualTo(balance);
  }
}
