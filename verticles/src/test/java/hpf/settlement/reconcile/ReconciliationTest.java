package hpf.settlement.reconcile;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.kit.Money;
import hpf.ledger.Reconciliation;
import hpf.sandbox.bank.SandboxBank;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.dispatch.Dispatcher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciliation against a sandbox bank of its own (104): a clean day (receipts by bank reference and by amount,
 * payouts dispatched) matches entirely; then a payment the bank booked that we do not have, one we have SUCCEEDED
 * that the bank lacks, a receipt on either side alone and an amount difference are each reported with their
 * direction, in a new version while the first stays as it was; the admin API is idempotent, audited and within the
 * contract; the daily job records one report per bank and day however many instances run it.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationTest {


  @Test
  @Order(1)
  void aCleanDayMatchesThenEachDifferenceIsReportedWithItsDirectionInANewVersion(Vertx vertx) throws Exception {
    ReconcileBank bank = ReconcileBank.get();
    ContractCheck contract = new ContractCheck(vertx, Zone.ADMIN);
    LocalDate today = LocalDate.now(ReconcileBank.CENTER);
    // Receipts: one recorded with the bank's host serial as its reference, two remittances matched by amount.
    String hostSerial = bank.incoming("500000.00");
    bank.post("/v1/suspense-items", new JsonObject().put("payerName", "对账测试有限公司")
        .put("payerAccountNo", "310066771018800012345").put("payerBankCode", "301").put("amount", "500000.00")
        .put("reference", hostSerial).put("valueDate", today.toString()).put("receivingBank", ReconcileBank.CODE));
    ReconcileBank.Member first = bank.member();
    ReconcileBank.Member second = bank.member();
    bank.incoming("1200.00");
    bank.incoming("1200.00");
    String paidFirst = bank.withdraw(first, "300.00");
    String paidSecond = bank.withdraw(second, "200.00");
    dispatch(bank, List.of(paidFirst, paidSecond));

    HttpResponse<Buffer> clean = run(today, "r-" + UUID.randomUUID());
    assertThat(clean.statusCode()).as(clean.bodyAsString()).isEqualTo(201);
    contract.conforms("runSettlementReconciliation", clean);
    JsonObject v1 = clean.bodyAsJsonObject();
    assertThat(v1.getBoolean("reconciled")).as(v1.encodePrettily()).isTrue();
    assertThat(v1.getInteger("matchedCount")).isEqualTo(5);
    assertThat(v1.getString("matchedAmount")).isEqualTo("502900.00");
    assertThat(v1.getInteger("bankLines")).isEqualTo(5);
    assertThat(v1.getJsonArray("items")).isEmpty();
    assertThat(gauge()).isEqualTo(0.0);
    assertBooksReconcile();

    // The bank pays a serial we never sent; the bank gets money we did not book.
    String unknownSerial = "RX" + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    BankGateway.Result stray = await(bank.gateway.pay(new BankGateway.Payment(unknownSerial, today,
        BankGateway.SettleType.SAME_BANK, "02", SandboxBank.centerAccountNo("104"), SandboxBank.CENTER_NAME,
        ReconcileBank.card(), "银行错付", 1, null, Money.parse("88.00"), "测试")));
    assertThat(stray.outcome()).isEqualTo(BankGateway.Outcome.SUCCEEDED);
    bank.incoming("66.00");
    // We book a remittance the bank never received.
    bank.member();
    // One we have SUCCEEDED that the bank lacks: marked in SQL as a superuser would.
    String marked = bank.withdraw(first, "100.00");
    TestPlatform.app().pool().preparedQuery("""
            UPDATE settlement_instruction SET status = 'SUCCEEDED', paying_bank = '104', finished_at = now(),
                   host_seq_no = 'MANUAL-1' WHERE instruction_id = (SELECT instruction_id FROM withdrawal_application
                                                                     WHERE application_id = $1)""")
        .execute(Tuple.of(marked)).await(10, TimeUnit.SECONDS);
    // An amount difference: the bank booked our serial with 151.00 before we sent 150.00 (it answers the first).
    String differs = bank.withdraw(second, "150.00");
    String differsSerial = serial(differs);
    await(bank.gateway.pay(new BankGateway.Payment(differsSerial, today, BankGateway.SettleType.SAME_BANK, "02",
        SandboxBank.centerAccountNo("104"), SandboxBank.CENTER_NAME, second.card(), second.name(), 1, null,
        Money.parse("151.00"), "提取")));
    dispatch(bank, List.of(differs));

    HttpResponse<Buffer> again = run(today, "r-" + UUID.randomUUID());
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(201);
    contract.conforms("runSettlementReconciliation", again);
    JsonObject v2 = again.bodyAsJsonObject();
    assertThat(v2.getInteger("version")).isEqualTo(v1.getInteger("version") + 1);
    assertThat(v2.getBoolean("reconciled")).isFalse();
    assertThat(v2.getInteger("mismatches")).as(v2.encodePrettily()).isEqualTo(5);
    assertThat(v2.getInteger("missingInOurBooks")).isEqualTo(2);
    assertThat(v2.getInteger("missingAtBank")).isEqualTo(2);
    assertThat(v2.getInteger("amountDifferences")).isEqualTo(1);
    assertThat(v2.getInteger("matchedCount")).isEqualTo(5);
    JsonArray items = v2.getJsonArray("items");
    {
      JsonObject i = item(items, "MISSING_IN_OUR_BOOKS", "OUT");
      assertThat(i.getString("serialNo")).isEqualTo(unknownSerial);
      assertThat(i.getString("bankAmount")).isEqualTo("88.00");
      assertThat(i.getString("ourAmount")).isNull();
    }
    assertThat(item(items, "MISSING_IN_OUR_BOOKS", "IN").getString("bankAmount")).isEqualTo("66.00");
    {
      JsonObject i = item(items, "MISSING_AT_BANK", "OUT");
      assertThat(i.getString("serialNo")).isEqualTo(serial(marked));
      assertThat(i.getString("ourAmount")).isEqualTo("100.00");
      assertThat(i.getString("bankAmount")).isNull();
    }
    assertThat(item(items, "MISSING_AT_BANK", "IN").getString("ourAmount")).isEqualTo("1200.00");
    {
      JsonObject i = item(items, "AMOUNT_DIFFERS", "OUT");
      assertThat(i.getString("serialNo")).isEqualTo(differsSerial);
      assertThat(i.getString("ourAmount")).isEqualTo("150.00");
      assertThat(i.getString("bankAmount")).isEqualTo("151.00");
    }
    assertThat(gauge()).isEqualTo(5.0);

    // The first report stays as it was recorded.
    HttpResponse<Buffer> first1 = admin(HttpMethod.GET, "/v1/settlement/reconciliations/" + v1.getString("reportId"),
        null, null);
    contract.conforms("getSettlementReconciliation", first1);
    assertThat(first1.bodyAsJsonObject().getBoolean("reconciled")).isTrue();
    assertBooksReconcile();
  }

  @Test
  @Order(2)
  void theAdminRunIsIdempotentAuditedAndListedAndRefusesWhatItCannotReconcile(Vertx vertx) throws Exception {
    ReconcileBank.get();
    ContractCheck contract = new ContractCheck(vertx, Zone.ADMIN);
    LocalDate today = LocalDate.now(ReconcileBank.CENTER);
    String key = "r-" + UUID.randomUUID();
    HttpResponse<Buffer> first = run(today, key);
    HttpResponse<Buffer> replay = run(today, key);
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    String reportId = first.bodyAsJsonObject().getString("reportId");
    assertThat(replay.bodyAsJsonObject().getString("reportId")).isEqualTo(reportId);
    assertThat(count("SELECT count(*) FROM audit_log WHERE operation = 'runSettlementReconciliation' AND target = $1",
        "settlement_reconciliation:" + reportId)).isEqualTo(1);
    HttpResponse<Buffer> other = run(today, "r-" + UUID.randomUUID());
    assertThat(other.bodyAsJsonObject().getInteger("version"))
        .isEqualTo(first.bodyAsJsonObject().getInteger("version") + 1);

    HttpResponse<Buffer> page = admin(HttpMethod.GET, "/v1/settlement/reconciliations?bank=104&businessDate=" + today
        + "&size=2", null, null);
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    contract.conforms("listSettlementReconciliations", page);
    JsonArray items = page.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getString("reportId")).as("newest first")
        .isEqualTo(other.bodyAsJsonObject().getString("reportId"));

    HttpResponse<Buffer> unknownBank = admin(HttpMethod.POST, "/v1/settlement/reconciliations",
        new JsonObject().put("bankCode", "301").put("businessDate", today.toString()), "r-" + UUID.randomUUID());
    assertThat(unknownBank.statusCode()).isEqualTo(422);
    contract.conforms("runSettlementReconciliation", unknownBank);
    assertThat(unknownBank.bodyAsJsonObject().getString("code")).isEqualTo("RECONCILIATION_BANK_UNKNOWN");
    HttpResponse<Buffer> future = run(today.plusDays(1), "r-" + UUID.randomUUID());
    assertThat(future.statusCode()).isEqualTo(422);
    assertThat(future.bodyAsJsonObject().getString("code")).isEqualTo("RECONCILIATION_DATE_INVALID");
    HttpResponse<Buffer> missing = admin(HttpMethod.GET, "/v1/settlement/reconciliations/" + UUID.randomUUID(),
        null, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    contract.conforms("getSettlementReconciliation", missing);
    assertThat(count("SELECT count(*) FROM settlement_reconciliation WHERE business_date > $1", today))
        .as("a refused run records nothing").isZero();
    // Reports are append-only, as the ledger.
    boolean refused = TestPlatform.app().pool().preparedQuery(
            "UPDATE settlement_reconciliation SET matched_count = 0 WHERE report_id = $1")
        .execute(Tuple.of(UUID.fromString(reportId))).transform(ar -> Future.succeededFuture(ar.failed()))
        .await(10, TimeUnit.SECONDS);
    assertThat(refused).as("reports are append-only").isTrue();
  }

  @Test
  @Order(3)
  void theDailyJobRecordsOneReportPerBankAndDayWhateverTheNumberOfInstances() throws Exception {
    ReconcileBank.get();
    Reconciler reconciler = TestPlatform.app().reconciler();
    DailyReconciliation a = new DailyReconciliation(TestPlatform.app().pool(), reconciler, "node-a");
    DailyReconciliation b = new DailyReconciliation(TestPlatform.app().pool(), reconciler, "node-b");
    await(Future.join(a.round(), b.round()));
    await(Future.join(a.round(), b.round()));
    LocalDate yesterday = LocalDate.now(ReconcileBank.CENTER).minusDays(1);
    assertThat(count("""
            SELECT count(*) FROM settlement_reconciliation
             WHERE bank_code = '104' AND business_date = $1 AND trigger = 'DAILY'""", yesterday))
        .isEqualTo(1);
  }

  private static void dispatch(ReconcileBank bank, List<String> applications) throws Exception {
    Dispatcher dispatcher = bank.dispatcher();
    try {
      waitFor("paid", () -> applications.stream().allMatch(a -> "SUCCEEDED".equals(status(a))));
    } finally {
      dispatcher.stop();
    }
    waitFor("nothing in flight at 104", () -> count("""
        SELECT count(*) FROM settlement_instruction WHERE paying_bank = '104' AND status IN ('SENT', 'UNKNOWN')""")
        == 0);
  }

  private static JsonObject item(JsonArray items, String kind, String direction) {
    return items.stream().map(JsonObject.class::cast)
        .filter(i -> kind.equals(i.getString("kind")) && direction.equals(i.getString("direction")))
        .reduce((x, y) -> {
          throw new AssertionError("two items " + kind + " " + direction + ": " + items.encodePrettily());
        })
        .orElseThrow(() -> new AssertionError("no item " + kind + " " + direction + ": " + items.encodePrettily()));
  }

  private static HttpResponse<Buffer> run(LocalDate date, String key) throws Exception {
    return admin(HttpMethod.POST, "/v1/settlement/reconciliations", new JsonObject().put("bankCode", "104")
        .put("businessDate", date.toString()), key);
  }

  private static HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body, String key)
      throws Exception {
    var request = ReconcileBank.get().client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN));
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
  }

  /** The mismatch gauge of bank 104 as /metrics shows it. */
  private static double gauge() throws Exception {
    String metrics = ReconcileBank.get().client.get(TestPlatform.port(Zone.MANAGEMENT), "127.0.0.1", "/metrics").send()
        .await(10, TimeUnit.SECONDS).bodyAsString();
    return metrics.lines().filter(l -> l.startsWith("hpf_settlement_reconciliation_mismatches{bank=\"104\"")).findFirst()
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElseThrow();
  }

  private static String status(String applicationId) {
    return one("""
        SELECT s.status FROM settlement_instruction s JOIN withdrawal_application w USING (instruction_id)
         WHERE w.application_id = $1""", applicationId);
  }

  private static String serial(String applicationId) {
    return one("""
        SELECT s.serial_no FROM settlement_instruction s JOIN withdrawal_application w USING (instruction_id)
         WHERE w.application_id = $1""", applicationId);
  }

  private static String one(String sql, String arg) {
    try {
      return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.of(arg)).await(10, TimeUnit.SECONDS)
          .iterator().next().getString(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(String sql, Object... args) {
    try {
      return TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.from(args)).await(10, TimeUnit.SECONDS)
          .iterator().next().getLong(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitFor(String what, Supplier<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(25);
    }
  }

  private static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS);
    assertThat(books.balanced()).as(books.toString()).isTrue();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }
}
