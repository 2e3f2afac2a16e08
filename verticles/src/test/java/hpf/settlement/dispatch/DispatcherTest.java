package hpf.settlement.dispatch;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.settlement.dispatch.SettlementFixture.QUICK;
import static hpf.settlement.dispatch.SettlementFixture.assertBooksReconcile;
import static hpf.settlement.dispatch.SettlementFixture.instruction;
import static hpf.settlement.dispatch.SettlementFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher against the sandbox banks (102 over BDC, 105 over JSON), with real withdrawals: each instruction
 * is booked at the bank once, and its outcome in our books in the same transaction as its final state: paid, refused
 * (the money back on the member's account), uncertain then resolved by queries, never resolved (an operator decides),
 * a bank that is down (not sent, sent later).
 */
@ExtendWith(VertxExtension.class)
class DispatcherTest {

  private SettlementFixture f;
  private Dispatcher dispatcher;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    f = new SettlementFixture(vertx);
    dispatcher = f.dispatcher("test-a", TestPlatform.app().vertx(), TestPlatform.app().pool(), QUICK);
  }

  @AfterEach
  void stop() throws Exception {
    dispatcher.stop();
    for (String bank : new String[] {"102", "105"}) {
      f.behave(bank, new JsonObject());
      f.admin(HttpMethod.DELETE, "/v1/dependencies/bank." + bank + "/isolation", new JsonObject().put("reason", "测试结束"));
    }
  }

  @Test
  void paidOnceRefusedUndoneAndInterbankThroughTheClearingBank() throws Exception {
    SettlementFixture.Member sameBank = f.member("102", "102");
    SettlementFixture.Member refused = f.member("105", "105");
    SettlementFixture.Member otherBank = f.member("103", "102");
    String paid = f.withdraw(sameBank, "300.00").getString("applicationId");
    String frozen = f.withdraw(refused, "200.00").getString("applicationId");
    String interbank = f.withdraw(otherBank, "100.00").getString("applicationId");
    f.behave("105", new JsonObject().put("rejectCodes", new JsonArray().add("B2001")));
    dispatcher.start();
    SettlementFixture.await("all three final", () -> isFinal(paid) && isFinal(frozen) && isFinal(interbank));

    Row paidRow = instruction(paid);
    assertThat(paidRow.getString("status")).isEqualTo("SUCCEEDED");
    assertThat(paidRow.getString("paying_bank")).isEqualTo("102");
    assertThat(paidRow.getString("host_seq_no")).isNotBlank();
    assertThat(f.application(sameBank, paid).getString("status")).isEqualTo("PAID");
    assertThat(f.balance(sameBank)).isEqualTo("900.00");
    JsonObject books102 = f.books("102");
    assertThat(books102.getJsonObject("bookingsBySerial").getInteger(paidRow.getString("serial_no"))).isEqualTo(1);
    assertThat(books102.getBoolean("balanced")).isTrue();

    Row frozenRow = instruction(frozen);
    assertThat(frozenRow.getString("status")).isEqualTo("FAILED");
    assertThat(frozenRow.getString("return_code")).isEqualTo("B2001");
    assertThat(f.application(refused, frozen).getString("status")).isEqualTo("PAYMENT_FAILED");
    assertThat(f.balance(refused)).as("the money is back on the member's account").isEqualTo("1200.00");

    Row interbankRow = instruction(interbank);
    assertThat(interbankRow.getString("status")).isEqualTo("SUCCEEDED");
    assertThat(interbankRow.getString("bank_code")).isEqualTo("103");
    assertThat(interbankRow.getString("paying_bank")).as("the clearing bank pays other banks' cards").isEqualTo("102");
    assertThat(f.application(otherBank, interbank).getString("status")).isEqualTo("PAID");
    assertBooksReconcile();
  }

  @Test
  void uncertainIsResolvedOnlyByQueriesAndWhatNeverResolvesWaitsForAnOperator() throws Exception {
    SettlementFixture.Member settles = f.member("102", "102");
    SettlementFixture.Member never = f.member("102", "102");
    f.behave("102", new JsonObject().put("uncertain", new JsonObject().put("settleAs", "SUCCEEDED")
        .put("afterQueries", 2)));
    String later = f.withdraw(settles, "300.00").getString("applicationId");
    dispatcher.start();
    SettlementFixture.await("settled by queries", () -> "SUCCEEDED".equals(status(later)));
    Row settled = instruction(later);
    assertThat(settled.getInteger("attempts")).as("sent once, never again").isEqualTo(1);
    assertThat(settled.getInteger("checks")).isGreaterThanOrEqualTo(1);
    assertThat(f.books("102").getJsonObject("bookingsBySerial").getInteger(settled.getString("serial_no"))).isEqualTo(1);

    f.behave("102", new JsonObject().put("uncertain", new JsonObject().put("settleAs", "FAILED")
        .put("afterQueries", 1000).put("afterMs", 600_000)));
    String stuck = f.withdraw(never, "250.00").getString("applicationId");
    SettlementFixture.await("given up asking", () -> "MANUAL_REVIEW".equals(status(stuck)));
    assertThat(instruction(stuck).getInteger("attempts")).isEqualTo(1);
    assertThat(f.balance(never)).as("money stays out while it is not known").isEqualTo("950.00");

    String id = instruction(stuck).getUUID("instruction_id").toString();
    HttpResponse<Buffer> queue = f.admin(HttpMethod.GET, "/v1/settlement/instructions?status=MANUAL_REVIEW", null);
    assertThat(queue.bodyAsJsonObject().getJsonArray("items").stream()
        .map(i -> ((JsonObject) i).getString("instructionId"))).contains(id);
    HttpResponse<Buffer> resolved = f.admin(HttpMethod.POST, "/v1/settlement/instructions/" + id + "/resolution",
        new JsonObject().put("decision", "FAILED").put("reason", "银行对账单无此笔支付"));
    assertThat(resolved.statusCode()).as(resolved.bodyAsString()).isEqualTo(200);
    assertThat(status(stuck)).isEqualTo("FAILED");
    assertThat(f.application(never, stuck).getString("status")).isEqualTo("PAYMENT_FAILED");
    assertThat(f.balance(never)).isEqualTo("1200.00");
    HttpResponse<Buffer> again = f.admin(HttpMethod.POST, "/v1/settlement/instructions/" + id + "/resolution",
        new JsonObject().put("decision", "SUCCEEDED").put("reason", "再次处理"));
    assertThat(again.statusCode()).isEqualTo(409);
    JsonObject detail = f.admin(HttpMethod.GET, "/v1/settlement/instructions/" + id, null).bodyAsJsonObject();
    assertThat(detail.getString("resolvedBy")).isEqualTo("operator:" + TestOperators.username(TestOperators.SYSTEM_ADMIN));
    assertThat(detail.getJsonArray("exchanges").stream().map(e -> ((JsonObject) e).getString("kind")))
        .contains("SEND", "QUERY");
    assertBooksReconcile();
  }

  @Test
  void aBankThatIsDownIsNotSentThenIsolatedAndTheSameInstructionGoesOnceItIsBack() throws Exception {
    SettlementFixture.Member first = f.member("105", "105");
    SettlementFixture.Member member = f.member("105", "105");
    String signedIn = f.withdraw(first, "10.00").getString("applicationId");
    dispatcher.start();
    SettlementFixture.await("the day's sign-in and a first payment", () -> "SUCCEEDED".equals(status(signedIn)));

    f.behave("105", new JsonObject().put("down", true));
    String application = f.withdraw(member, "120.00").getString("applicationId");
    SettlementFixture.await("tried", () -> instructionAttempts(application) >= 1);
    // Not received by the bank: back to PENDING, never UNKNOWN; repeated failures isolate the bank.
    SettlementFixture.await("isolated", () -> "ISOLATED".equals(
        TestPlatform.app().dependencies().status("bank.105").state().name()));
    SettlementFixture.await("waiting, not unknown", () -> "PENDING".equals(status(application)));
    f.behave("105", new JsonObject());
    f.admin(HttpMethod.DELETE, "/v1/dependencies/bank.105/isolation", new JsonObject().put("reason", "银行恢复"));
    SettlementFixture.await("paid once back", () -> "SUCCEEDED".equals(status(application)));
    Row paid = instruction(application);
    assertThat(f.books("105").getJsonObject("bookingsBySerial").getInteger(paid.getString("serial_no"))).isEqualTo(1);
    assertThat(f.application(member, application).getString("status")).isEqualTo("PAID");
    assertBooksReconcile();
  }

  private static boolean isFinal(String applicationId) {
    String status = status(applicationId);
    return "SUCCEEDED".equals(status) || "FAILED".equals(status);
  }

  private static int instructionAttempts(String applicationId) {
    try {
      return instruction(applicationId).getInteger("attempts");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
