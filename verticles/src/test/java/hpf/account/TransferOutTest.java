package hpf.account;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.kit.Money;
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.account.CounterDesk.assertBooksReconcile;
import static hpf.account.CounterDesk.code;
import static hpf.account.CounterDesk.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transfer-out over HTTP against PostgreSQL: only a sealed account goes, with its interest to the day before the
 * transfer date, in one transaction with the instruction; it can be called off while pending; concurrent requests
 * transfer it once; the books reconcile after each step.
 */
@ExtendWith(VertxExtension.class)
class TransferOutTest {

  @Test
  void aSealedAccountLeavesWithItsInterestOnceAndCanBeCalledOff(Vertx vertx) throws Exception {
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    CounterDesk desk = new CounterDesk(vertx, "counter.li");
    CounterDesk reviewer = new CounterDesk(vertx, "reviewer.zhao");
    String employerId = desk.openEmployer("转出测试有限公司");
    JsonObject member = desk.addMember(employerId, "5000.00");
    String personId = member.getString("personId");
    String accountNo = member.getString("accountNo");
    desk.remit(employerId, CounterDesk.thisMonth());
    // 3600.00 held since the start of the interest year earns interest until the day before the transfer.
    LocalDate today = LocalDate.now(CounterDesk.CENTER_ZONE);
    LocalDate yearStart = LocalDate.of(today.getMonthValue() >= 7 ? today.getYear() : today.getYear() - 1, 7, 1);
    TestPlatform.app().pool().withTransaction(conn -> new Ledger().post(conn, new Ledger.Posting("01",
            "test-backdated:" + accountNo, "test-backdated:" + accountNo, yearStart, "测试：往期汇缴", List.of(
                new Ledger.Entry("BANK:center", Ledger.Side.DEBIT, Money.parse("3600.00")),
                new Ledger.Entry("MBR:" + accountNo, Ledger.Side.CREDIT, Money.parse("3600.00"))))))
        .await(10, TimeUnit.SECONDS);
    Money interest = Money.of(new BigDecimal("3600.00").multiply(BigDecimal.valueOf(ChronoUnit.DAYS.between(yearStart, today)))
        .multiply(new BigDecimal("0.015")).divide(BigDecimal.valueOf(360), 2, RoundingMode.HALF_UP));
    Money total = Money.parse("4800.00").plus(interest);

    String transfers = "/v1/members/" + personId + "/transfers-out";
    JsonObject target = new JsonObject().put("targetCenter", "440300").put("targetName", "深圳市住房公积金管理中心")
        .put("bankCode", "105").put("accountName", "深圳市住房公积金管理中心").put("accountNumber", "44201234567890000001");
    assertThat(code(desk.post(transfers, target))).isEqualTo("TRANSFER_ACCOUNT_NOT_SEALED");
    assertThat(desk.post("/v1/employers/" + employerId + "/members/" + accountNo + "/removal", new JsonObject())
        .statusCode()).isEqualTo(200);
    assertThat(reviewer.post(transfers, target).statusCode()).isEqualTo(403);
    assertThat(desk.balance(personId)).isEqualTo("4800.00");

    HttpResponse<Buffer> sent = desk.post(transfers, target);
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(202);
    contract.conforms("transferOut", sent);
    JsonObject transfer = sent.bodyAsJsonObject();
    assertThat(transfer.getString("amount")).isEqualTo(total.toString());
    assertThat(transfer.getString("interest")).isEqualTo(interest.toString());
    assertThat(transfer.getString("paymentStatus")).isEqualTo("HELD");
    assertThat(desk.get("/v1/members/" + personId + "/account").bodyAsJsonObject().getString("status")).isEqualTo("04");
    assertThat(desk.balance(personId)).isEqualTo("0.00");
    String ref = "transfer-out:" + transfer.getString("transferId");
    assertThat(count("SELECT count(*) FROM settlement_instruction WHERE business_ref = $1 AND bus_type = '17' "
        + "AND payee_account_id IS NOT NULL AND amount = " + total.toYuan().toPlainString(), ref)).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM payee_account WHERE number_enc LIKE '%44201234567890000001%'")).isZero();
    assertBooksReconcile();
    HttpResponse<Buffer> listed = desk.get(transfers);
    contract.conforms("listTransfersOut", listed);

    // Four eyes: the clerk who asked cannot release it, nor can counter staff; another reviewer can, once.
    String instructionId = TestPlatform.app().pool().preparedQuery("SELECT instruction_id::text FROM settlement_instruction "
        + "WHERE business_ref = $1").execute(io.vertx.sqlclient.Tuple.of(ref)).await(10, TimeUnit.SECONDS).iterator().next()
        .getString(0);
    String release = "/v1/settlement-instructions/" + instructionId + "/release";
    assertThat(desk.post(release, null).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> heldList = reviewer.get("/v1/settlement-instructions/held");
    contract.conforms("listHeldInstructions", heldList);
    assertThat(heldList.bodyAsString()).contains(instructionId).doesNotContain("44201234567890000001");
    HttpResponse<Buffer> released = reviewer.post(release, null);
    assertThat(released.statusCode()).as(released.bodyAsString()).isEqualTo(200);
    contract.conforms("releaseInstruction", released);
    assertThat(released.bodyAsJsonObject().getString("status")).isEqualTo("PENDING");
    assertThat(code(reviewer.post(release, null))).isEqualTo("INSTRUCTION_NOT_HELD");

    String cancellation = transfers + "/" + transfer.getString("transferId") + "/cancellation";
    HttpResponse<Buffer> cancelled = desk.post(cancellation, null);
    contract.conforms("cancelTransferOut", cancelled);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(desk.get("/v1/members/" + personId + "/account").bodyAsJsonObject().getString("status")).isEqualTo("02");
    assertThat(desk.balance(personId)).isEqualTo("4800.00");
    assertThat(code(desk.post(cancellation, null))).isEqualTo("TRANSFER_NOT_CANCELLABLE");
    assertBooksReconcile();

    // Three requests at once, each with its own key: the account leaves once.
    List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      racing.add(desk.send(HttpMethod.POST, transfers, target, "t-" + UUID.randomUUID()));
    }
    Future.join(racing).await(30, TimeUnit.SECONDS);
    assertThat(racing.stream().filter(f -> f.result().statusCode() == 202)).hasSize(1);
    assertThat(racing.stream().filter(f -> f.result().statusCode() != 202))
        .allSatisfy(f -> assertThat(code(f.result())).isEqualTo("TRANSFER_ACCOUNT_NOT_SEALED"));
    assertThat(count("SELECT count(*) FROM transfer_out WHERE person_id = $1 AND status = 'APPROVED'", personId))
        .isEqualTo(1);
    assertThat(desk.balance(personId)).isEqualTo("0.00");
    assertBooksReconcile();
  }
}
