package hpf.settlement.dispatch;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.settlement.inbound.BankCalls;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.util.UUID;
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
 * Result notices over real HTTP: a payment the bank left uncertain (UNKNOWN here, its dispatcher stopped) is settled
 * by the bank's own signed push, pushed three times, booked once; a late notice that contradicts the final state, an
 * amount other than ours and a serial we never sent are recorded, flagged and counted, and change nothing.
 */
@ExtendWith(VertxExtension.class)
class ResultNoticesTest {

  private static final String PATH = "/v1/notices/results";

  private SettlementFixture f;
  private Dispatcher dispatcher;
  private BankCalls bank;
  private ContractCheck contract;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    f = new SettlementFixture(vertx);
    dispatcher = f.dispatcher("test-notices", TestPlatform.app().vertx(), TestPlatform.app().pool(), QUICK);
    bank = new BankCalls(WebClient.create(vertx));
    contract = new ContractCheck(vertx, Zone.BANK);
  }

  @AfterEach
  void stop() throws Exception {
    dispatcher.stop();
    f.behave("102", new JsonObject());
  }

  @Test
  void thePushedResultSettlesAnUnknownPaymentOnceAndALateContradictionIsFlagged() throws Exception {
    SettlementFixture.Member member = f.member("102", "102");
    double replayedBefore = replayed();
    // The bank answers "uncertain" and settles by itself 3 s later, pushing the result three times.
    f.behave("102", new JsonObject().put("uncertain", new JsonObject().put("settleAs", "SUCCEEDED")
        .put("afterQueries", 1000).put("afterMs", 3000)).put("duplicateNotices", 2));
    String application = f.withdraw(member, "300.00").getString("applicationId");
    dispatcher.start();
    SettlementFixture.await("sent and uncertain", () -> "UNKNOWN".equals(status(application)));
    // No dispatcher asks any more: only the bank's notice can settle it now.
    dispatcher.stop();
    Row unknown = instruction(application);
    String serial = unknown.getString("serial_no");
    SettlementFixture.await("settled by the notice", () -> "SUCCEEDED".equals(status(application)));
    Row settled = instruction(application);
    assertThat(settled.getInteger("attempts")).as("sent once, never again").isEqualTo(1);
    assertThat(settled.getString("host_seq_no")).isNotBlank();
    assertThat(f.application(member, application).getString("status")).isEqualTo("PAID");
    assertThat(f.balance(member)).isEqualTo("900.00");
    assertThat(f.books("102").getJsonObject("bookingsBySerial").getInteger(serial)).isEqualTo(1);
    Row recorded = BankCalls.notice("102", "TR-" + serial);
    assertThat(recorded.getString("outcome")).isEqualTo("SETTLED");
    assertThat(recorded.getString("matched_ref")).isEqualTo("instruction:" + settled.getUUID("instruction_id"));
    SettlementFixture.await("the repeated pushes replayed", () -> countOf("""
        SELECT count(*) FROM bank_notice WHERE serial_no = $1""", serial) == 1 && replayed() >= replayedBefore + 2);
    assertThat(countOf("SELECT count(*) FROM ledger_transaction WHERE idempotency_key = $1",
        "settled:" + settled.getUUID("instruction_id"))).as("booked once").isEqualTo(1);
    assertThat(countOf("SELECT count(*) FROM settlement_attempt WHERE instruction_id = $1 AND kind = 'NOTICE'",
        settled.getUUID("instruction_id"))).isEqualTo(1);
    assertBooksReconcile();

    // A late notice says the payment failed: recorded, flagged for an operator, counted; our books stay as they are.
    double conflicts = metric("conflict");
    HttpResponse<Buffer> late = bank.post("102", PATH, result(serial, "FAILED", "B9001", "300.00"));
    assertThat(late.statusCode()).as(late.bodyAsString()).isEqualTo(200);
    contract.conforms("receiveResultNotice", late);
    assertThat(late.bodyAsJsonObject().getString("outcome")).isEqualTo("CONFLICT");
    assertThat(late.bodyAsJsonObject().getBoolean("flagged")).isTrue();
    assertThat(metric("conflict")).isEqualTo(conflicts + 1);
    assertThat(status(application)).isEqualTo("SUCCEEDED");
    assertThat(f.application(member, application).getString("status")).isEqualTo("PAID");
    assertThat(f.balance(member)).isEqualTo("900.00");

    // One that agrees is recorded only; another amount, a serial never sent and another bank's instruction are flagged.
    assertThat(bank.post("102", PATH, result(serial, "SUCCEEDED", "00000", "300.00")).bodyAsJsonObject()
        .getString("outcome")).isEqualTo("AGREES");
    HttpResponse<Buffer> amount = bank.post("102", PATH, result(serial, "SUCCEEDED", "00000", "301.00"));
    assertThat(amount.bodyAsJsonObject().getString("outcome")).isEqualTo("CONFLICT");
    HttpResponse<Buffer> unknownSerial = bank.post("102", PATH, result("NO-SUCH-SERIAL", "SUCCEEDED", "00000", "1.00"));
    assertThat(unknownSerial.bodyAsJsonObject().getString("outcome")).isEqualTo("UNMATCHED");
    contract.conforms("receiveResultNotice", unknownSerial);
    HttpResponse<Buffer> otherBank = bank.post("105", PATH, result(serial, "FAILED", "B9001", "300.00"));
    assertThat(otherBank.bodyAsJsonObject().getString("outcome")).isEqualTo("UNMATCHED");
    assertThat(countOf("SELECT count(*) FROM bank_notice WHERE serial_no = $1 AND flagged", serial)).isEqualTo(3);
    assertThat(status(application)).isEqualTo("SUCCEEDED");
    assertThat(f.balance(member)).isEqualTo("900.00");
    assertBooksReconcile();
  }

  @Test
  void aBatchRowIsKnownToTheBanksNoticesByItsBankSerial() throws Exception {
    SettlementFixture.Member member = f.member("102", "102");
    String application = f.withdraw(member, "75.00").getString("applicationId");
    // The file's submit is never answered: its row is UNKNOWN, and no dispatcher asks about it.
    f.behave("102", new JsonObject().put("noAnswer", true));
    Dispatcher batcher = f.dispatcher("test-notices-batch", TestPlatform.app().vertx(), TestPlatform.app().pool(),
        QUICK, BatchTuning.defaults(BatchWindow.NEVER), java.util.Map.of());
    assertThat(SettlementFixture.await(batcher.batchNow("102"))).isTrue();
    batcher.stop();
    Row unknown = instruction(application);
    assertThat(unknown.getString("status")).isEqualTo("UNKNOWN");
    String bankSerial = unknown.getString("bank_serial");
    assertThat(bankSerial).isNotNull();

    HttpResponse<Buffer> pushed = bank.post("102", PATH, result(bankSerial, "SUCCEEDED", "00000", "75.00"));
    assertThat(pushed.statusCode()).as(pushed.bodyAsString()).isEqualTo(200);
    contract.conforms("receiveResultNotice", pushed);
    assertThat(pushed.bodyAsJsonObject().getString("outcome")).isEqualTo("SETTLED");
    assertThat(status(application)).isEqualTo("SUCCEEDED");
    assertThat(f.application(member, application).getString("status")).isEqualTo("PAID");
    assertThat(f.books("102").getJsonObject("bookingsBySerial").getInteger(bankSerial)).isEqualTo(1);
    assertBooksReconcile();
  }

  private static JsonObject result(String serial, String result, String code, String amount) {
    return new JsonObject().put("noticeId", "R-" + UUID.randomUUID()).put("serialNo", serial).put("result", result)
        .put("returnCode", code).put("hostSeqNo", "H" + System.nanoTime()).put("amount", amount);
  }

  private double replayed() {
    return metric("replayed");
  }

  private double metric(String outcome) {
    try {
      return bank.metrics().lines()
          .filter(l -> l.startsWith("hpf_settlement_notices_total{") && l.contains("kind=\"tx_result\"")
              && l.contains("outcome=\"" + outcome + "\""))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long countOf(String sql, Object... parameters) {
    try {
      return BankCalls.count(sql, parameters);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
