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
import java.time.LocalDate;
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
 * Suspense (暂收款) over HTTP against PostgreSQL: an unmatched payment booked bank → suspense, listed, claimed once
 * to a remittance or a supplementary list of the same amount (suspense → members) or refunded once to the payer
 * with its instruction, even when claims and refunds race; refusals and replays change nothing; books reconcile.
 */
@ExtendWith(VertxExtension.class)
class SuspenseTest {

  @Test
  void anUnmatchedPaymentWaitsInSuspenseUntilClaimedOrRefundedOnce(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    YearMonth now = CounterDesk.thisMonth();
    String employerId = desk.openEmployer("暂收款测试有限公司");
    JsonObject a = desk.addMember(employerId, "5000.00");
    JsonObject b = desk.addMember(employerId, "8000.00");
    // This month's list: 1200.00 + 1920.00.
    assertThat(desk.listMonth(employerId, now).getString("total")).isEqualTo("3120.00");
    // The payment stand-in still refuses an amount that does not match: the money is recorded as suspense instead.
    assertThat(code(desk.post("/v1/employers/" + employerId + "/remittances/" + now + "/payment",
        new JsonObject().put("amount", "3000.00")))).isEqualTo("REMITTANCE_AMOUNT_MISMATCH");

    BigDecimal bank = new BigDecimal(ledgerBalance(Funds.CENTER_BANK));
    BigDecimal suspense = new BigDecimal(ledgerBalance(Funds.SUSPENSE));
    BigDecimal payable = new BigDecimal(ledgerBalance(ContributionRefunds.PAYABLE));
    HttpResponse<Buffer> recorded = desk.post("/v1/suspense-items", receipt("3120.00"));
    assertThat(recorded.statusCode()).as(recorded.bodyAsString()).isEqualTo(201);
    contract.conforms("recordSuspensePayment", recorded);
    JsonObject item = recorded.bodyAsJsonObject();
    assertThat(item.getString("status")).isEqualTo("OPEN");
    assertThat(item.getString("payerAccountNo")).isEqualTo("3100*************2345");
    assertThat(delta(Funds.CENTER_BANK, bank)).isEqualByComparingTo("3120.00");
    assertThat(delta(Funds.SUSPENSE, suspense)).isEqualByComparingTo("3120.00");
    assertBooksReconcile();

    // Refusals change nothing: the same bank receipt twice, a value date to come, no amount, a malformed account,
    // a staff member who only reads.
    long items = count("SELECT count(*) FROM suspense_item");
    assertThat(code(desk.post("/v1/suspense-items", receipt("3120.00").put("reference", item.getString("reference")))))
        .isEqualTo("SUSPENSE_REFERENCE_EXISTS");
    assertThat(code(desk.post("/v1/suspense-items", receipt("3120.00")
        .put("valueDate", LocalDate.now(CounterDesk.CENTER_ZONE).plusDays(1).toString())))).isEqualTo("SUSPENSE_VALUE_DATE_FUTURE");
    assertThat(code(desk.post("/v1/suspense-items", receipt("0")))).isEqualTo("AMOUNT_INVALID");
    assertThat(code(desk.post("/v1/suspense-items", receipt("10.00").put("payerAccountNo", "ABC123456"))))
        .isEqualTo("PAYEE_ACCOUNT_INVALID");
    CounterDesk reviewer = new CounterDesk(vertx, "reviewer.zhao");
    assertThat(code(reviewer.post("/v1/suspense-items", receipt("10.00")))).isEqualTo("FORBIDDEN");
    assertThat(count("SELECT count(*) FROM suspense_item")).isEqualTo(items);
    assertThat(delta(Funds.SUSPENSE, suspense)).isEqualByComparingTo("3120.00");

    // Service staff see the open items.
    HttpResponse<Buffer> open = reviewer.get("/v1/suspense-items?status=OPEN&size=100");
    contract.conforms("listSuspenseItems", open);
    assertThat(open.bodyAsString()).contains(item.getString("itemId"));

    // A claim names one list of the same amount.
    String claimUri = "/v1/suspense-items/" + item.getString("itemId") + "/claim";
    String other = desk.post("/v1/suspense-items", receipt("3000.00")).bodyAsJsonObject().getString("itemId");
    HttpResponse<Buffer> mismatch = desk.post("/v1/suspense-items/" + other + "/claim", toMonth(employerId, now));
    assertThat(code(mismatch)).isEqualTo("SUSPENSE_AMOUNT_MISMATCH");
    contract.conforms("claimSuspenseItem", mismatch);
    assertThat(desk.post(claimUri, new JsonObject().put("employerId", employerId)).statusCode()).isEqualTo(400);
    assertThat(desk.post(claimUri, toMonth(employerId, now).put("supplementId", "S100000001")).statusCode()).isEqualTo(400);

    // Five claims of the item at once: the list is paid from suspense once, the others find the item claimed.
    List<String> keys = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> claims = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      keys.add("c-" + UUID.randomUUID());
      claims.add(desk.send(HttpMethod.POST, claimUri, toMonth(employerId, now), keys.get(i)));
    }
    Future.join(claims).await(30, TimeUnit.SECONDS);
    List<HttpResponse<Buffer>> claimed = claims.stream().map(Future::result).filter(r -> r.statusCode() == 200).toList();
    assertThat(claimed).hasSize(1);
    assertThat(claims.stream().map(Future::result).filter(r -> r.statusCode() != 200))
        .hasSize(4).allSatisfy(r -> assertThat(code(r)).isEqualTo("SUSPENSE_ALREADY_CLAIMED"));
    contract.conforms("claimSuspenseItem", claimed.get(0));
    assertThat(claimed.get(0).bodyAsJsonObject().getJsonObject("claimedTo"))
        .isEqualTo(new JsonObject().put("employerId", employerId).put("month", now.toString()));
    assertThat(desk.balance(a.getString("personId"))).isEqualTo("1200.00");
    assertThat(desk.balance(b.getString("personId"))).isEqualTo("1920.00");
    assertThat(desk.get("/v1/employers/" + employerId + "/account").bodyAsJsonObject().getString("paidThrough"))
        .isEqualTo(now.toString());
    assertThat(delta(Funds.SUSPENSE, suspense)).isEqualByComparingTo("3000.00");
    assertThat(delta(Funds.CENTER_BANK, bank)).isEqualByComparingTo("6120.00");
    HttpResponse<Buffer> replay = desk.post(claimUri, toMonth(employerId, now),
        keys.get(claims.indexOf(claims.stream().filter(f -> f.result() == claimed.get(0)).findFirst().orElseThrow())));
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(code(desk.post("/v1/suspense-items/" + item.getString("itemId") + "/refund", null)))
        .isEqualTo("SUSPENSE_ALREADY_CLAIMED");
    // The month is paid now: another item cannot pay it again, and stays open.
    assertThat(code(desk.post("/v1/suspense-items/" + other + "/claim", toMonth(employerId, now))))
        .isEqualTo("REMITTANCE_ALREADY_PAID");
    assertBooksReconcile();

    // An item claimed to a supplementary list of the same amount (A, last month: 1200.00).
    String supplementId = desk.post("/v1/employers/" + employerId + "/supplementary-payments", new JsonObject()
            .put("reason", "开户前月份").put("lines", new JsonArray().add(new JsonObject()
                .put("accountNo", a.getString("accountNo")).put("months", new JsonArray().add(now.minusMonths(1).toString())))))
        .bodyAsJsonObject().getString("supplementId");
    String third = desk.post("/v1/suspense-items", receipt("1200.00")).bodyAsJsonObject().getString("itemId");
    HttpResponse<Buffer> toSupplement = desk.post("/v1/suspense-items/" + third + "/claim",
        new JsonObject().put("employerId", employerId).put("supplementId", supplementId));
    assertThat(toSupplement.statusCode()).as(toSupplement.bodyAsString()).isEqualTo(200);
    contract.conforms("claimSuspenseItem", toSupplement);
    assertThat(desk.get("/v1/employers/" + employerId + "/supplementary-payments/" + supplementId).bodyAsJsonObject()
        .getString("status")).isEqualTo("PAID");
    assertThat(desk.balance(a.getString("personId"))).isEqualTo("2400.00");
    assertBooksReconcile();

    // Five refunds of the 3000.00 item at once: one instruction to the payer, the others find it refunded.
    List<Future<HttpResponse<Buffer>>> refunds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      refunds.add(desk.send(HttpMethod.POST, "/v1/suspense-items/" + other + "/refund", null, "f-" + UUID.randomUUID()));
    }
    Future.join(refunds).await(30, TimeUnit.SECONDS);
    List<HttpResponse<Buffer>> refunded = refunds.stream().map(Future::result).filter(r -> r.statusCode() == 200).toList();
    assertThat(refunded).hasSize(1);
    assertThat(refunds.stream().map(Future::result).filter(r -> r.statusCode() != 200))
        .hasSize(4).allSatisfy(r -> assertThat(code(r)).isEqualTo("SUSPENSE_ALREADY_REFUNDED"));
    contract.conforms("refundSuspenseItem", refunded.get(0));
    assertThat(refunded.get(0).bodyAsJsonObject().getString("status")).isEqualTo("REFUNDED");
    assertThat(refunded.get(0).bodyAsJsonObject().getString("paymentStatus")).isEqualTo("HELD");
    assertThat(count("""
        SELECT count(*) FROM settlement_instruction WHERE business_ref = $1 AND bus_type = '20' AND amount = 3000.00
           AND payee_account_id IS NOT NULL""", "suspense-refund:" + other)).isEqualTo(1);
    assertThat(code(desk.post("/v1/suspense-items/" + other + "/claim", toMonth(employerId, now))))
        .isEqualTo("SUSPENSE_ALREADY_REFUNDED");
    assertThat(delta(Funds.SUSPENSE, suspense)).isZero();
    assertThat(delta(ContributionRefunds.PAYABLE, payable)).isEqualByComparingTo("3000.00");
    assertBooksReconcile();

    // A claim and a refund of the same item racing: exactly one of them happens.
    desk.listMonth(employerId, now.plusMonths(1));
    String raced = desk.post("/v1/suspense-items", receipt("3120.00")).bodyAsJsonObject().getString("itemId");
    List<Future<HttpResponse<Buffer>>> both = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      both.add(desk.send(HttpMethod.POST, "/v1/suspense-items/" + raced + "/claim", toMonth(employerId, now.plusMonths(1)),
          "c-" + UUID.randomUUID()));
      both.add(desk.send(HttpMethod.POST, "/v1/suspense-items/" + raced + "/refund", null, "f-" + UUID.randomUUID()));
    }
    Future.join(both).await(30, TimeUnit.SECONDS);
    assertThat(both.stream().filter(r -> r.result().statusCode() == 200)).hasSize(1);
    assertThat(both.stream().map(r -> r.result()).filter(r -> r.statusCode() != 200).map(CounterDesk::code))
        .hasSize(5).allMatch(c -> c.equals("SUSPENSE_ALREADY_CLAIMED") || c.equals("SUSPENSE_ALREADY_REFUNDED"));
    assertThat(delta(Funds.SUSPENSE, suspense)).isZero();
    HttpResponse<Buffer> closed = reviewer.get("/v1/suspense-items?status=REFUNDED&size=100");
    contract.conforms("listSuspenseItems", closed);
    assertThat(closed.bodyAsString()).contains(other);
    assertThat(count("SELECT count(*) FROM audit_log WHERE target = $1", "suspense:" + other)).isEqualTo(2);
    assertBooksReconcile();
  }

  private static JsonObject receipt(String amount) {
    return new JsonObject().put("payerName", "暂收款测试有限公司").put("payerAccountNo", "310066771018800012345")
        .put("payerBankCode", "301").put("amount", amount).put("reference", "BK" + UUID.randomUUID().toString()
            .replace("-", "").substring(0, 20)).put("valueDate", LocalDate.now(CounterDesk.CENTER_ZONE).toString());
  }

  private static JsonObject toMonth(String employerId, YearMonth month) {
    return new JsonObject().put("employerId", employerId).put("month", month.toString());
  }

  private static BigDecimal delta(String account, BigDecimal before) throws Exception {
    return new BigDecimal(ledgerBalance(account)).subtract(before);
  }
}
