package hpf.settlement.dispatch;

import hpf.boot.TestPlatform;
import hpf.kit.Money;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.settlement.dispatch.Deductions.row;
import static hpf.settlement.dispatch.Deductions.status;
import static hpf.settlement.dispatch.SettlementFixture.BATCHES_ON_REQUEST;
import static hpf.settlement.dispatch.SettlementFixture.QUICK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deduction is never collected or settled twice when things go wrong around its BDC105 file: result notices pushed
 * again and again, a result file polled again after its poller died midway, and an instance that dies after
 * submitting (its rows are asked about by their bank serials, never submitted again). In the window, deductions go in
 * files by themselves and other collections stay single.
 */
@ExtendWith(VertxExtension.class)
class LoanDeductionFaultsTest {

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
    f.admin(HttpMethod.DELETE, "/v1/dependencies/bank.102/isolation", new JsonObject().put("reason", "测试结束"));
  }

  private Dispatcher dispatcher(String name, Vertx on, Pool pool, BatchTuning batches) throws Exception {
    Dispatcher d = f.dispatcher(name + "-" + UUID.randomUUID(), on, pool, QUICK, batches, deductions.outcomes());
    dispatchers.add(d);
    return d;
  }

  @Test
  void repeatedResultNoticesAndARepolledResultFileSettleNothingTwice() throws Exception {
    // A file whose submit is not answered: its rows UNKNOWN; the bank's notice settles one, pushed three times.
    UUID noticed = deductions.deduct(deductions.card("102"), "310.00", "300.00", "10.00", "0.00");
    UUID queried = deductions.deduct(deductions.card("102"), "320.00", "300.00", "20.00", "0.00");
    f.behave("102", new JsonObject().put("noAnswer", true));
    Dispatcher first = dispatcher("deduct-notices", TestPlatform.app().vertx(), TestPlatform.app().pool(),
        BATCHES_ON_REQUEST);
    assertThat(SettlementFixture.await(first.batchNow("102"))).isTrue();
    assertThat(status(noticed)).isEqualTo("UNKNOWN");
    f.behave("102", new JsonObject());
    Row row = row(noticed);
    ResultNotices notices = new ResultNotices(TestPlatform.app().pool(), deductions.outcomes(), Clock.systemUTC());
    List<ResultNotices.Verdict> verdicts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ResultNotices.Notice notice = new ResultNotices.Notice("102", "N-" + UUID.randomUUID(), row.getString("bank_serial"),
          BankGateway.Outcome.SUCCEEDED, "00000", "交易成功", "H" + System.nanoTime(), Money.parse("310.00"));
      verdicts.add(TestPlatform.app().pool().withTransaction(conn -> notices.apply(conn, notice))
          .await(10, TimeUnit.SECONDS).verdict());
    }
    assertThat(verdicts).containsExactly(ResultNotices.Verdict.SETTLED, ResultNotices.Verdict.AGREES,
        ResultNotices.Verdict.AGREES);
    first.start();
    SettlementFixture.await("the other row resolved by its query", () -> "SUCCEEDED".equals(status(queried)));
    for (UUID d : List.of(noticed, queried)) {
      assertThat(deductions.calls(d)).as("settled once").containsExactly("SUCCEEDED");
      assertThat(row(d).getInteger("attempts")).as("never submitted again").isEqualTo(1);
      assertThat(f.books("102").getJsonObject("bookingsBySerial").getInteger(row(d).getString("bank_serial")))
          .isEqualTo(1);
    }

    // A file settled from its result file; then its poller is taken to have died before closing it: polled again.
    // (A running dispatcher outside the window would send the deductions singly: the file goes first.)
    Deductions.stop(first);
    List<UUID> file = List.of(deductions.deduct(deductions.card("102"), "410.00", "400.00", "10.00", "0.00"),
        deductions.deduct(deductions.card("102"), "420.00", "400.00", "20.00", "0.00"));
    Dispatcher second = dispatcher("deduct-repoll", TestPlatform.app().vertx(), TestPlatform.app().pool(),
        BATCHES_ON_REQUEST);
    assertThat(SettlementFixture.await(second.batchNow("102"))).isTrue();
    second.start();
    UUID batchId = row(file.get(0)).getUUID("batch_id");
    SettlementFixture.await("the file done", () -> "DONE".equals(Deductions.batchState(batchId)));
    TestPlatform.app().pool().preparedQuery("""
            UPDATE settlement_batch SET state = 'PROCESSING', next_poll_at = now(), finished_at = NULL,
                   lease_owner = 'a-dead-poller', lease_until = now() - interval '1 second'
             WHERE batch_id = $1""").execute(Tuple.of(batchId)).await(10, TimeUnit.SECONDS);
    SettlementFixture.await("polled again and closed", () -> "DONE".equals(Deductions.batchState(batchId)));
    assertThat(Deductions.batch(batchId).getInteger("succeeded")).isEqualTo(2);
    for (UUID d : file) {
      assertThat(status(d)).isEqualTo("SUCCEEDED");
      assertThat(deductions.calls(d)).as("the result file again settles nothing twice").containsExactly("SUCCEEDED");
    }
    assertThat(f.books("102").getBoolean("balanced")).isTrue();
  }

  @Test
  void anInstanceThatDiesAfterSubmittingNeverSubmitsTheFileAgain() throws Exception {
    List<UUID> file = List.of(deductions.deduct(deductions.card("102"), "510.00", "500.00", "10.00", "0.00"),
        deductions.deduct(deductions.card("102"), "520.00", "500.00", "15.00", "5.00"));
    // The bank takes the file and never answers; the instance dies while it waits.
    f.behave("102", new JsonObject().put("noAnswer", true));
    Vertx doomed = Vertx.vertx();
    Pool doomedPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
        .connectingTo(TestPlatform.app().database().connectOptions()).using(doomed).build();
    try {
      Dispatcher dying = dispatcher("deduct-dying", doomed, doomedPool, BATCHES_ON_REQUEST);
      dispatchers.remove(dying);
      dying.batchNow("102");
      SettlementFixture.await("the file submitted", () -> bankHas(bankSerial(file.get(0))));
      // Dead before the client gave up: it writes nothing more (its database connections go first).
      doomedPool.close().await(10, TimeUnit.SECONDS);
    } finally {
      doomed.close().await(10, TimeUnit.SECONDS);
    }
    assertThat(status(file.get(0))).as("left as the dead instance had it").isEqualTo("SENT");
    f.behave("102", new JsonObject());
    UUID batchId = row(file.get(0)).getUUID("batch_id");
    dispatcher("deduct-survivor", TestPlatform.app().vertx(), TestPlatform.app().pool(), BATCHES_ON_REQUEST).start();
    SettlementFixture.await("each row resolved by its bank serial",
        () -> file.stream().allMatch(d -> "SUCCEEDED".equals(status(d))));
    for (UUID d : file) {
      Row r = row(d);
      assertThat(r.getInteger("attempts")).as("never submitted again").isEqualTo(1);
      assertThat(r.getUUID("batch_id")).isEqualTo(batchId);
      assertThat(deductions.calls(d)).containsExactly("SUCCEEDED");
      assertThat(f.books("102").getJsonObject("bookingsBySerial").getInteger(r.getString("bank_serial"))).isEqualTo(1);
      assertThat(TestPlatform.app().pool().preparedQuery("""
              SELECT count(*) FROM settlement_attempt WHERE instruction_id = $1 AND kind = 'QUERY'""")
          .execute(Tuple.of(d)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0))
          .as("resolved by a result query once its lease expired").isGreaterThanOrEqualTo(1);
    }
    assertThat(Deductions.batchState(batchId)).isEqualTo("UNKNOWN");
    String fileSerial = Deductions.batch(batchId).getString("serial_no");
    assertThat(f.books("102").getJsonArray("batches").stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("serialNo").equals(fileSerial)).count())
        .as("the bank got the file once").isEqualTo(1);
    assertThat(f.books("102").getBoolean("balanced")).isTrue();
  }

  @Test
  void aFileWhoseInstanceDiedWhileBuildingItIsGivenBackAndCollectedOnce() throws Exception {
    UUID deduction = deductions.deduct(deductions.card("102"), "710.00", "700.00", "10.00", "0.00");
    // An instance claims the file and dies before handing it to the bank.
    BatchStore.Opened opened = new BatchStore(TestPlatform.app().pool()).claimBatch("102",
        BankGateway.FileKind.LOAN_DEDUCTION, 100, "a-dead-builder", Duration.ofMillis(200),
        LocalDate.now(SettlementFixture.CENTER)).await(10, TimeUnit.SECONDS);
    assertThat(opened.rows()).extracting(InstructionStore.Claimed::instructionId).contains(deduction);
    assertThat(Deductions.batchState(opened.batchId())).isEqualTo("BUILDING");
    dispatcher("deduct-after-builder", TestPlatform.app().vertx(), TestPlatform.app().pool(), BATCHES_ON_REQUEST)
        .start();
    SettlementFixture.await("given back and collected", () -> "SUCCEEDED".equals(status(deduction)));
    assertThat(Deductions.batchState(opened.batchId())).as("the file never left").isEqualTo("NOT_SENT");
    Row row = row(deduction);
    assertThat(row.getString("bank_serial")).as("collected alone, outside the window").isNull();
    assertThat(deductions.calls(deduction)).containsExactly("SUCCEEDED");
    JsonObject books = f.books("102");
    assertThat(books.getJsonObject("bookingsBySerial").getInteger(row.getString("serial_no"))).isEqualTo(1);
    assertThat(books.getJsonArray("batches").stream().map(JsonObject.class::cast)
        .noneMatch(b -> b.getString("serialNo").equals(opened.serialNo()))).as("the bank never saw the file").isTrue();
  }

  @Test
  void inTheWindowDeductionsGoInFilesAndOtherCollectionsStaySingle() throws Exception {
    UUID deduction = deductions.deduct(deductions.card("102"), "610.00", "600.00", "10.00", "0.00");
    UUID other = deductions.collect(deductions.card("102"), "01", "77.00");
    LocalTime now = LocalTime.now(SettlementFixture.CENTER);
    // A window around the present hour, whatever the hour the test runs at (it may cross midnight).
    BatchWindow window = new BatchWindow(now.minusHours(1), now.plusHours(1));
    dispatcher("deduct-window", TestPlatform.app().vertx(), TestPlatform.app().pool(),
        new BatchTuning(window, 5_000, Duration.ofMillis(50), Duration.ofMillis(400), 100, 100)).start();
    SettlementFixture.await("both collected", () -> "SUCCEEDED".equals(status(deduction))
        && "SUCCEEDED".equals(status(other)));
    assertThat(row(deduction).getString("bank_serial")).as("in a file").isNotNull();
    assertThat(Deductions.batch(row(deduction).getUUID("batch_id")).getString("kind")).isEqualTo("LOAN_DEDUCTION");
    assertThat(row(other).getString("bank_serial")).as("single").isNull();
    assertThat(deductions.calls(deduction)).containsExactly("SUCCEEDED");
  }

  private static String bankSerial(UUID instructionId) {
    try {
      return row(instructionId).getString("bank_serial");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean bankHas(String bankSerial) {
    if (bankSerial == null) {
      return false;
    }
    try {
      return f.books("102").getJsonArray("batches").stream().map(JsonObject.class::cast)
          .anyMatch(b -> bankSerial.startsWith(b.getString("serialNo") + "-"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
