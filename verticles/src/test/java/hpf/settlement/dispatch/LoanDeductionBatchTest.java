package hpf.settlement.dispatch;

import hpf.account.ReceiptReferences;
import hpf.boot.TestPlatform;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.reconcile.Reconciler;
import hpf.settlement.reconcile.ReconciliationMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.settlement.dispatch.Deductions.batch;
import static hpf.settlement.dispatch.Deductions.row;
import static hpf.settlement.dispatch.Deductions.status;
import static hpf.settlement.dispatch.SettlementFixture.BATCHES_ON_REQUEST;
import static hpf.settlement.dispatch.SettlementFixture.QUICK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loan deductions in BDC105 files against the sandbox banks 102 (BDC over TCP) and 105 (JSON): a file of several
 * deductions is collected row by row, each settled once through the {@code loanrepay} outcome and booked once at the
 * bank under its bank serial, with its split; other collections stay single; a partly done file settles the
 * collected rows and fails the card with too little money (B2003), and a file the bank rejects row by row fails them.
 */
@ExtendWith(VertxExtension.class)
class LoanDeductionBatchTest {

  private SettlementFixture f;
  private Deductions deductions;
  private final List<Dispatcher> dispatchers = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    f = new SettlementFixture(vertx);
    deductions = new Deductions(f);
  }

  @AfterEach
  void stop() throws Exception {
    for (Dispatcher d : dispatchers) {
      Deductions.stop(d);
    }
    f.behave("102", new JsonObject());
    f.behave("105", new JsonObject());
    f.admin(HttpMethod.DELETE, "/v1/dependencies/bank.102/isolation", new JsonObject().put("reason", "测试结束"));
  }

  private Dispatcher dispatcher() throws Exception {
    Dispatcher d = f.dispatcher("deduct-" + UUID.randomUUID(), TestPlatform.app().vertx(), TestPlatform.app().pool(),
        QUICK, BATCHES_ON_REQUEST, deductions.outcomes());
    dispatchers.add(d);
    return d;
  }

  @Test
  void aFileOfDeductionsIsCollectedRowByRowEachSettledOnceOverBothProtocols() throws Exception {
    for (String bank : List.of("102", "105")) {
      List<UUID> file = List.of(deductions.deduct(deductions.card(bank), "2345.67", "2000.00", "300.00", "45.67"),
          deductions.deduct(deductions.card(bank), "800.00", "700.00", "100.00", "0.00"),
          deductions.deduct(deductions.card(bank), "150.00"));
      UUID single = deductions.collect(deductions.card(bank), "01", "66.00");
      Dispatcher dispatcher = dispatcher();
      assertThat(SettlementFixture.await(dispatcher.batchNow(bank))).as("a file was sent").isTrue();
      dispatcher.start();
      SettlementFixture.await("the file's rows and the single collected at " + bank,
          () -> file.stream().allMatch(d -> "SUCCEEDED".equals(status(d))) && "SUCCEEDED".equals(status(single)));

      UUID batchId = row(file.get(0)).getUUID("batch_id");
      Row batch = batch(batchId);
      assertThat(batch.getString("kind")).isEqualTo("LOAN_DEDUCTION");
      JsonObject books = f.books(bank);
      for (UUID d : file) {
        Row row = row(d);
        assertThat(row.getUUID("batch_id")).as("one file").isEqualTo(batchId);
        assertThat(row.getString("bank_serial")).startsWith(batch.getString("serial_no") + "-");
        assertThat(row.getInteger("attempts")).isEqualTo(1);
        assertThat(row.getString("host_seq_no")).isNotBlank();
        assertThat(books.getJsonObject("bookingsBySerial").getInteger(row.getString("bank_serial")))
            .as("collected once under its bank serial").isEqualTo(1);
        assertThat(books.getJsonObject("bookingsBySerial").containsKey(row.getString("serial_no"))).isFalse();
        assertThat(deductions.calls(d)).as("settled once").containsExactly("SUCCEEDED");
      }
      assertThat(row(single).getString("bank_serial")).as("another collection goes singly").isNull();
      assertThat(books.getBoolean("balanced")).isTrue();
      JsonObject run = deductions.bankRun(bank, batch.getString("serial_no"));
      assertThat(run.getString("txCode")).isEqualTo("BDC105");
      assertThat(run.getJsonObject("split")).as("the bank was told each row's split").isEqualTo(new JsonObject()
          .put("principal", "2700.00").put("interest", "400.00").put("penalty", "45.67"));
      SettlementFixture.await("the file done", () -> "DONE".equals(Deductions.batchState(batchId)));
      assertThat(batch(batchId).getInteger("succeeded")).isEqualTo(3);
      assertThat(batch(batchId).getInteger("failed")).isZero();
      JsonObject page = f.admin(HttpMethod.GET, "/v1/settlement/batches?bank=" + bank, null).bodyAsJsonObject();
      assertThat(page.getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(i -> i.getString("batchId").equals(batchId.toString())).findFirst().orElseThrow()
          .getString("kind")).isEqualTo("LOAN_DEDUCTION");
      Deductions.stop(dispatcher);

      // The day's reconciliation with the bank finds every row under its bank serial, and the single one.
      Reconciler reconciler = new Reconciler(TestPlatform.app().pool(), TestPlatform.app().dependencies(),
          new ReconciliationMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), new ReceiptReferences());
      reconciler.connect(f.gateways(TestPlatform.app().vertx()).get(bank));
      JsonObject report = SettlementFixture.await(reconciler.run(bank, LocalDate.now(SettlementFixture.CENTER),
          "OPERATOR", "test"));
      List<String> serials = new ArrayList<>();
      for (UUID d : List.of(file.get(0), file.get(1), file.get(2), single)) {
        serials.add(row(d).getString("serial_no"));
        if (row(d).getString("bank_serial") != null) {
          serials.add(row(d).getString("bank_serial"));
        }
      }
      assertThat(report.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("serialNo")))
          .as(report.encodePrettily()).doesNotContainAnyElementsOf(serials);
    }
  }

  @Test
  void aPartlyDoneFileSettlesTheCollectedRowsAndFailsTheRest() throws Exception {
    PayeeAccounts.Payee poor = deductions.card("102");
    UUID first = deductions.deduct(deductions.card("102"), "300.00", "250.00", "50.00", "0.00");
    // A card opens at the sandbox bank with 1,000,000.00: one fen more is too little money (B2003).
    UUID tooMuch = deductions.deduct(poor, "1000000.01", "1000000.00", "0.01", "0.00");
    UUID third = deductions.deduct(deductions.card("102"), "400.00", "380.00", "15.00", "5.00");
    Dispatcher dispatcher = dispatcher();
    assertThat(SettlementFixture.await(dispatcher.batchNow("102"))).isTrue();
    dispatcher.start();
    SettlementFixture.await("every row final", () -> List.of(first, tooMuch, third).stream()
        .allMatch(d -> List.of("SUCCEEDED", "FAILED").contains(status(d))));
    assertThat(status(first)).isEqualTo("SUCCEEDED");
    assertThat(status(third)).isEqualTo("SUCCEEDED");
    Row refused = row(tooMuch);
    assertThat(refused.getString("status")).isEqualTo("FAILED");
    assertThat(refused.getString("return_code")).isEqualTo("B2003");
    assertThat(deductions.calls(tooMuch)).containsExactly("FAILED");
    assertThat(deductions.calls(first)).containsExactly("SUCCEEDED");
    assertThat(deductions.calls(third)).containsExactly("SUCCEEDED");
    assertThat(f.books("102").getJsonObject("bookingsBySerial").containsKey(refused.getString("bank_serial")))
        .isFalse();
    UUID batchId = refused.getUUID("batch_id");
    SettlementFixture.await("the file partly done", () -> "PARTLY_DONE".equals(Deductions.batchState(batchId)));
    assertThat(batch(batchId).getInteger("succeeded")).isEqualTo(2);
    assertThat(batch(batchId).getInteger("failed")).isEqualTo(1);
    Deductions.stop(dispatcher);

    // The bank rejects every row of the next file (a frozen card): each row fails, once; the file failed.
    f.behave("102", new JsonObject().put("rejectCodes", new JsonArray().add("B2001")));
    UUID frozen = deductions.deduct(deductions.card("102"), "120.00", "100.00", "20.00", "0.00");
    Dispatcher second = dispatcher();
    assertThat(SettlementFixture.await(second.batchNow("102"))).isTrue();
    second.start();
    SettlementFixture.await("the rejected row failed", () -> "FAILED".equals(status(frozen)));
    assertThat(row(frozen).getString("return_code")).isEqualTo("B2001");
    assertThat(deductions.calls(frozen)).containsExactly("FAILED");
    UUID failedFile = row(frozen).getUUID("batch_id");
    SettlementFixture.await("the file failed", () -> "FAILED".equals(Deductions.batchState(failedFile)));
    assertThat(f.books("102").getBoolean("balanced")).isTrue();
  }

  @Test
  void outsideTheWindowADeductionGoesAloneWithItsSplit() throws Exception {
    UUID alone = deductions.deduct(deductions.card("102"), "990.00", "900.00", "80.00", "10.00");
    dispatcher().start();
    SettlementFixture.await("collected alone", () -> "SUCCEEDED".equals(status(alone)));
    Row row = row(alone);
    assertThat(row.getString("bank_serial")).as("no file").isNull();
    assertThat(deductions.calls(alone)).containsExactly("SUCCEEDED");
    JsonObject tx = f.books("102").getJsonArray("transactions").stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("serialNo").equals(row.getString("serial_no"))).findFirst().orElseThrow();
    assertThat(tx.getString("txCode")).isEqualTo("BDC102");
    assertThat(tx.getInteger("booked")).isEqualTo(1);
    assertThat(tx.getJsonObject("split")).isEqualTo(new JsonObject().put("principal", "900.00")
        .put("interest", "80.00").put("penalty", "10.00"));
  }

  @Test
  void aSplitThatIsNotTheAmountIsRefusedAndNothingIsWritten() throws Exception {
    PayeeAccounts.Payee card = deductions.card("102");
    long before = count();
    assertThatThrownBy(() -> deductions.deduct(card, "100.00", "60.00", "30.00", "9.99"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the amount");
    assertThat(count()).isEqualTo(before);
  }

  private static long count() throws Exception {
    return TestPlatform.app().pool().query("SELECT count(*) FROM settlement_instruction WHERE bus_type = '05'")
        .execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
