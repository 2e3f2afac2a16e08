package hpf.settlement.dispatch;

import hpf.account.ReceiptReferences;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.settlement.reconcile.Reconciler;
import hpf.settlement.reconcile.ReconciliationMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.settlement.dispatch.SettlementFixture.BATCHES_ON_REQUEST;
import static hpf.settlement.dispatch.SettlementFixture.QUICK;
import static hpf.settlement.dispatch.SettlementFixture.assertBooksReconcile;
import static hpf.settlement.dispatch.SettlementFixture.instruction;
import static hpf.settlement.dispatch.SettlementFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch files against the sandbox bank 102 (BDC over TCP), with real withdrawals: a file of same-bank payouts is
 * paid row by row (each row booked once at the bank under its bank serial, once in our books), a row the bank refuses
 * is undone, a file whose submit is never answered is resolved row by row by result queries (never submitted or
 * booked twice), in the night window same-bank payouts go in files while interbank ones stay single, and the daily
 * reconciliation matches batch rows by their bank serial.
 */
@ExtendWith(VertxExtension.class)
class BatchDispatchTest {


  private SettlementFixture f;
  private final List<Dispatcher> dispatchers = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    f = new SettlementFixture(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    dispatchers.forEach(Dispatcher::stop);
    f.behave("102", new JsonObject());
    f.admin(HttpMethod.DELETE, "/v1/dependencies/bank.102/isolation", new JsonObject().put("reason", "测试结束"));
  }

  private Dispatcher dispatcher(BatchTuning batches) throws Exception {
    Dispatcher d = f.dispatcher("batch-" + UUID.randomUUID(), TestPlatform.app().vertx(), TestPlatform.app().pool(),
        QUICK, batches, Map.of());
    dispatchers.add(d);
    return d;
  }

  @Test
  void aFileOfWithdrawalsIsPaidRowByRowAndARefusedRowIsUndone() throws Exception {
    List<SettlementFixture.Member> members = new ArrayList<>();
    List<String> applications = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SettlementFixture.Member m = f.member("102", "102");
      members.add(m);
      applications.add(f.withdraw(m, (100 + i) + ".00").getString("applicationId"));
    }
    Dispatcher dispatcher = dispatcher(BATCHES_ON_REQUEST);
    assertThat(SettlementFixture.await(dispatcher.batchNow("102"))).as("a file was sent").isTrue();
    dispatcher.start();
    SettlementFixture.await("the file's rows paid", () -> applications.stream().allMatch(a -> "SUCCEEDED".equals(status(a))));

    Row first = instruction(applications.get(0));
    UUID batchId = first.getUUID("batch_id");
    assertThat(batchId).isNotNull();
    JsonObject books = f.books("102");
    for (int i = 0; i < 3; i++) {
      Row row = instruction(applications.get(i));
      assertThat(row.getUUID("batch_id")).as("one file").isEqualTo(batchId);
      assertThat(row.getString("bank_serial")).startsWith(batch(batchId).getString("serial_no") + "-");
      assertThat(row.getString("host_seq_no")).isNotBlank();
      assertThat(row.getInteger("attempts")).isEqualTo(1);
      assertThat(books.getJsonObject("bookingsBySerial").getInteger(row.getString("bank_serial")))
          .as("booked once at the bank under its bank serial").isEqualTo(1);
      assertThat(books.getJsonObject("bookingsBySerial").containsKey(row.getString("serial_no"))).isFalse();
      assertThat(f.application(members.get(i), applications.get(i)).getString("status")).isEqualTo("PAID");
    }
    assertThat(books.getBoolean("balanced")).isTrue();
    SettlementFixture.await("the batch done", () -> "DONE".equals(batch(batchId).getString("state")));
    Row done = batch(batchId);
    assertThat(done.getInteger("succeeded")).isGreaterThanOrEqualTo(3);
    assertThat(done.getInteger("row_count")).isEqualTo(done.getInteger("succeeded") + done.getInteger("failed"));
    assertBooksReconcile();

    dispatcher.stop();
    SettlementFixture.Member refused = f.member("102", "102");
    String frozen = f.withdraw(refused, "200.00").getString("applicationId");
    f.behave("102", new JsonObject().put("rejectCodes", new JsonArray().add("B2001")));
    Dispatcher second = dispatcher(BATCHES_ON_REQUEST);
    assertThat(SettlementFixture.await(second.batchNow("102"))).isTrue();
    second.start();
    SettlementFixture.await("the refused row final", () -> "FAILED".equals(status(frozen)));
    Row row = instruction(frozen);
    assertThat(row.getString("return_code")).isEqualTo("B2001");
    assertThat(row.getString("bank_serial")).isNotNull();
    assertThat(f.application(refused, frozen).getString("status")).isEqualTo("PAYMENT_FAILED");
    assertThat(f.balance(refused)).as("the money is back on the member's account").isEqualTo("1200.00");
    assertThat(f.books("102").getJsonObject("bookingsBySerial").containsKey(row.getString("bank_serial"))).isFalse();
    SettlementFixture.await("the batch failed", () -> "FAILED".equals(batch(row.getUUID("batch_id")).getString("state")));
    assertBooksReconcile();

    // The day's reconciliation with 102 finds every batch row under its bank serial.
    Reconciler reconciler = new Reconciler(TestPlatform.app().pool(), TestPlatform.app().dependencies(),
        new ReconciliationMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), new ReceiptReferences());
    reconciler.connect(f.gateways(TestPlatform.app().vertx()).get("102"));
    JsonObject report = SettlementFixture.await(reconciler.run("102", LocalDate.now(SettlementFixture.CENTER),
        "OPERATOR", "test"));
    List<String> serials = new ArrayList<>();
    for (String a : applications) {
      serials.add(instruction(a).getString("bank_serial"));
      serials.add(instruction(a).getString("serial_no"));
    }
    serials.add(row.getString("bank_serial"));
    serials.add(row.getString("serial_no"));
    assertThat(report.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("serialNo")))
        .as(report.encodePrettily()).doesNotContainAnyElementsOf(serials);
  }

  @Test
  void aFileWhoseSubmitIsNotAnsweredIsResolvedRowByRowByQueries() throws Exception {
    List<SettlementFixture.Member> members = new ArrayList<>();
    List<String> applications = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      SettlementFixture.Member m = f.member("102", "102");
      members.add(m);
      applications.add(f.withdraw(m, (50 + i) + ".00").getString("applicationId"));
    }
    f.behave("102", new JsonObject().put("noAnswer", true));
    Dispatcher dispatcher = dispatcher(BATCHES_ON_REQUEST);
    assertThat(SettlementFixture.await(dispatcher.batchNow("102"))).isTrue();
    Row lost = instruction(applications.get(0));
    assertThat(lost.getString("status")).as("sent, no answer").isEqualTo("UNKNOWN");
    assertThat(batch(lost.getUUID("batch_id")).getString("state")).isEqualTo("UNKNOWN");
    f.behave("102", new JsonObject());
    dispatcher.start();
    SettlementFixture.await("resolved by queries", () -> applications.stream().allMatch(a -> "SUCCEEDED".equals(status(a))));
    JsonObject books = f.books("102");
    for (int i = 0; i < 2; i++) {
      Row row = instruction(applications.get(i));
      assertThat(row.getInteger("attempts")).as("never submitted again").isEqualTo(1);
      assertThat(count("SELECT count(*) FROM settlement_attempt WHERE instruction_id = $1 AND kind = 'QUERY'",
          row.getUUID("instruction_id"))).as("resolved by a result query").isGreaterThanOrEqualTo(1);
      assertThat(books.getJsonObject("bookingsBySerial").getInteger(row.getString("bank_serial"))).isEqualTo(1);
      assertThat(f.application(members.get(i), applications.get(i)).getString("status")).isEqualTo("PAID");
    }
    assertThat(count("SELECT count(*) FROM settlement_batch WHERE serial_no = $1",
        batch(lost.getUUID("batch_id")).getString("serial_no"))).as("one file").isEqualTo(1);
    assertThat(books.getBoolean("balanced")).isTrue();
    assertBooksReconcile();
  }

  @Test
  void inTheNightWindowSameBankPayoutsGoInFilesAndInterbankOnesStaySingle() throws Exception {
    SettlementFixture.Member sameBank = f.member("102", "102");
    SettlementFixture.Member otherBank = f.member("103", "102");
    String batched = f.withdraw(sameBank, "80.00").getString("applicationId");
    String single = f.withdraw(otherBank, "90.00").getString("applicationId");
    LocalTime now = LocalTime.now(SettlementFixture.CENTER);
    // A window around the present hour, whatever the hour the test runs at (it may cross midnight).
    BatchWindow window = new BatchWindow(now.minusHours(1), now.plusHours(1));
    Dispatcher dispatcher = dispatcher(new BatchTuning(window, 5_000, Duration.ofMillis(50), Duration.ofMillis(400),
        100, 100));
    dispatcher.start();
    SettlementFixture.await("both paid", () -> "SUCCEEDED".equals(status(batched)) && "SUCCEEDED".equals(status(single)));
    assertThat(instruction(batched).getString("bank_serial")).as("in a file").isNotNull();
    assertThat(instruction(single).getString("bank_serial")).as("interbank: single").isNull();
    assertThat(f.application(sameBank, batched).getString("status")).isEqualTo("PAID");
    assertBooksReconcile();
  }

  @Test
  void anOperatorAsksForAFileNowAndTheNextRoundSendsIt() throws Exception {
    SettlementFixture.Member member = f.member("105", "105");
    String application = f.withdraw(member, "66.00").getString("applicationId");
    String key = "batch-" + UUID.randomUUID();
    var first = request(key, "105");
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);
    var replay = request(key, "105");
    assertThat(replay.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(count("SELECT count(*) FROM settlement_batch_request WHERE request_id = $1::uuid",
        first.bodyAsJsonObject().getString("requestId"))).as("recorded once").isEqualTo(1);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'requestSettlementBatch' AND target = $1",
        "settlement_batch_request:" + first.bodyAsJsonObject().getString("requestId"))).isEqualTo(1);
    var unknown = request("batch-" + UUID.randomUUID(), "999");
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.bodyAsJsonObject().getString("code")).isEqualTo("SETTLEMENT_BATCH_BANK_UNKNOWN");

    dispatcher(BATCHES_ON_REQUEST).start();
    SettlementFixture.await("paid in the requested file", () -> "SUCCEEDED".equals(status(application)));
    Row row = instruction(application);
    assertThat(row.getString("bank_serial")).as("sent in a file (JSON bank 105)").isNotNull();
    assertThat(f.application(member, application).getString("status")).isEqualTo("PAID");
    assertThat(f.books("105").getJsonObject("bookingsBySerial").getInteger(row.getString("bank_serial"))).isEqualTo(1);
    JsonObject page = f.admin(HttpMethod.GET, "/v1/settlement/batches?bank=105", null).bodyAsJsonObject();
    assertThat(page.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("batchId")))
        .contains(row.getUUID("batch_id").toString());
    assertBooksReconcile();
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> request(String key, String bank)
      throws Exception {
    return f.client.request(HttpMethod.POST, TestPlatform.port(hpf.channel.Zone.ADMIN), "127.0.0.1",
            "/v1/settlement/batches")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).putHeader("Idempotency-Key", key)
        .sendJsonObject(new JsonObject().put("bankCode", bank)).await(10, TimeUnit.SECONDS);
  }

  private static Row batch(UUID batchId) {
    try {
      return TestPlatform.app().pool().preparedQuery("SELECT * FROM settlement_batch WHERE batch_id = $1")
          .execute(Tuple.of(batchId)).await(10, TimeUnit.SECONDS).iterator().next();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql, Object arg) throws Exception {
    return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.of(arg)).await(10, TimeUnit.SECONDS)
        .iterator().next().getLong(0);
  }
}
