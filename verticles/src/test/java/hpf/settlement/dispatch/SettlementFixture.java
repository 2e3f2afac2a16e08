package hpf.settlement.dispatch;

import hpf.account.BankCards;
import hpf.boot.HpfConfig;
import hpf.boot.SettlementOutcomes;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.crypto.FieldCipher;
import hpf.crypto.Sm2Keys;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import hpf.isolation.Dependency;
import hpf.kit.Money;
import hpf.kit.Settings;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoBanks;
import hpf.sandbox.bank.SandboxBank;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bankjson.JsonBankClient;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.BdcClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform of the tests with its sandbox banks and dispatchers started by the tests themselves (the test run
 * keeps HPF_SETTLEMENT_DISPATCH off): members with cards at a chosen bank, withdrawals, the banks' behaviours and
 * books, and the states of instructions.
 */
public final class SettlementFixture {

  static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");
  /** Quick enough for tests: queries 100 ms apart doubling to 400 ms, at most 4, a 3 s lease. */
  static final DispatchTuning QUICK = new DispatchTuning(8, Duration.ofMillis(50), Duration.ofSeconds(3),
      Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(400), 4, Duration.ofSeconds(1));
  /** No night window (files only when asked for); polls 50 ms apart doubling to 400 ms. */
  static final BatchTuning BATCHES_ON_REQUEST = new BatchTuning(BatchWindow.NEVER, 5_000, Duration.ofMillis(50),
      Duration.ofMillis(400), 100, 100);
  private static boolean registered;
  /** The banks' guard, quick for tests: isolated after 5 failures in a row for 1 s, lifted by one good probe. */
  static final Dependency.Tuning BANK_GUARD = new Dependency.Tuning(Duration.ofSeconds(5), 64, 5, 20, 10, 0.5,
      Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2), 1, Duration.ZERO);

  final Vertx vertx;
  final WebClient client;
  final SignedCalls calls;
  final String counter;
  final HpfConfig config;
  final FieldCipher fields;

  public SettlementFixture(Vertx vertx) throws Exception {
    this.vertx = vertx;
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    counter = calls.staffToken("counter.li");
    config = HpfConfig.from(Settings.of(Map.of()));
    fields = new FieldCipher(config.security().fieldKeys(), config.security().blindIndexKey());
  }

  private static final int LIVENESS_SECONDS = 180;

  /** A dispatcher of the test platform, as an instance named {@code instance}, on the pool given. */
  public Dispatcher dispatcher(String instance, Vertx on, Pool pool, DispatchTuning tuning) throws Exception {
    return dispatcher(instance, on, pool, tuning, Map.of());
  }

  /** As above, with business outcomes of the test's own besides the rooms'. */
  public Dispatcher dispatcher(String instance, Vertx on, Pool pool, DispatchTuning tuning,
                               Map<String, hpf.settlement.SettlementOutcome> extra) throws Exception {
    return dispatcher(instance, on, pool, tuning, BatchTuning.defaults(BatchWindow.NEVER), extra);
  }

  /** With batch files as {@code batches} says (window, rows per file, polling). */
  Dispatcher dispatcher(String instance, Vertx on, Pool pool, DispatchTuning tuning, BatchTuning batches,
                        Map<String, hpf.settlement.SettlementOutcome> extra) throws Exception {
    Map<String, BankGateway> gateways = gateways(on);
    synchronized (SettlementFixture.class) {
      if (!registered) {
        // Probes from the platform's own Vert.x: a dispatcher's may be closed by a test (a killed instance).
        for (BankGateway gateway : gateways(TestPlatform.app().vertx()).values()) {
          TestPlatform.app().dependencies().register(Dependency.of(Dispatcher.dependencyOf(gateway.bankCode()),
              "合作银行结算接口（" + gateway.bankCode() + "）", gateway::probe).with(BANK_GUARD)).await(10, TimeUnit.SECONDS);
        }
        registered = true;
      }
    }
    // The platform's clock: a dispatcher dates what it settles by the business date, as the platform's own does.
    Clock clock = TestPlatform.app().clock();
    Map<String, hpf.settlement.SettlementOutcome> outcomes = new java.util.HashMap<>(SettlementOutcomes.all(clock));
    outcomes.putAll(extra);
    return new Dispatcher(on, pool, gateways, outcomes, TestPlatform.app().dependencies(),
        new Payments(pool, BankCards.cardNumbers(fields), new PayeeAccounts(fields)), tuning, batches,
        new DispatchMetrics(new SimpleMeterRegistry()), clock, instance);
  }

  /** 102 over BDC (TCP), 105 over the JSON variant, as the sandbox run wires them. */
  Map<String, BankGateway> gateways(Vertx on) {
    Sm2Keys.Private key = config.security().platformKeys().current();
    String node = config.banks().centerNode();
    Duration timeout = Duration.ofSeconds(2);
    return Map.of(
        "102", new BdcClient(on, BankLink.of("102", node, timeout), new BdcClient.Endpoint("127.0.0.1",
            TestPlatform.app().sandboxBankPort("102"), Duration.ofSeconds(1), key), Clock.systemUTC()),
        "105", new JsonBankClient(on, BankLink.of("105", node, timeout), new JsonBankClient.Endpoint(
            "http://127.0.0.1:" + TestPlatform.app().sandboxPort() + SandboxBank.jsonBasePath("105"),
            Duration.ofSeconds(1), key, DemoBanks.ALL.stream().filter(b -> b.bankCode().equals("105")).findFirst()
                .orElseThrow().privateKey().publicKey()), Clock.systemUTC()));
  }

  /** A member of a new employer, one month paid (1200.00) into the special account at {@code paidAt}, a card. */
  Member member(String cardBank, String paidAt) throws Exception {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    String employerId = post("/v1/employers", new JsonObject().put("creditCode", first17
            + Identifiers.creditCheckCharacter(first17)).put("name", "结算测试有限公司").put("employerRatio", "0.12")
        .put("memberRatio", "0.12")).getString("employerId");
    String name = "结算职工" + ThreadLocalRandom.current().nextInt(1000, 9999);
    String personId = post("/v1/employers/" + employerId + "/members", new JsonObject().put("name", name)
        .put("idNumber", TestIdentities.newIdNumber()).put("phone", "13900000000").put("monthlyWage", "5000.00"))
        .getString("personId");
    YearMonth month = YearMonth.from(LocalDate.now(CENTER));
    post("/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", month.toString()));
    post("/v1/employers/" + employerId + "/remittances/" + month + "/payment",
        new JsonObject().put("amount", "1200.00").put("receivingBank", paidAt));
    String card = card();
    JsonObject body = new JsonObject().put("cardNumber", card).put("bankCode", cardBank);
    HttpResponse<Buffer> bound = calls.request("demo-counter", HttpMethod.PUT, "/v1/members/" + personId + "/bank-card",
            body.toBuffer(), System.currentTimeMillis()).bearerTokenAuthentication(counter)
        .putHeader("Idempotency-Key", "c-" + UUID.randomUUID()).sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
    assertThat(bound.statusCode()).as(bound.bodyAsString()).isEqualTo(200);
    return new Member(personId, name, card);
  }

  record Member(String personId, String name, String card) {}

  /** A rent withdrawal, approved at once (no source to ask): answers the application. */
  JsonObject withdraw(Member member, String amount) throws Exception {
    JsonObject application = post("/v1/members/" + member.personId() + "/withdrawals",
        new JsonObject().put("reason", "07").put("amount", amount));
    assertThat(application.getString("status")).isEqualTo("APPROVED");
    return application;
  }

  JsonObject application(Member member, String applicationId) throws Exception {
    return get("/v1/members/" + member.personId() + "/withdrawals/" + applicationId);
  }

  String balance(Member member) throws Exception {
    return get("/v1/members/" + member.personId() + "/account").getString("balance");
  }

  /** The instruction row of an application. */
  static Row instruction(String applicationId) throws Exception {
    return TestPlatform.app().pool().preparedQuery("""
            SELECT s.* FROM settlement_instruction s JOIN withdrawal_application w USING (instruction_id)
             WHERE w.application_id = $1""")
        .execute(Tuple.of(applicationId)).await(10, TimeUnit.SECONDS).iterator().next();
  }

  /** Waits (bounded) until the condition holds. */
  public WebClient client() {
    return client;
  }

  /**
   * Stops the dispatchers and waits until each is idle: a round under way when it was stopped may still claim rows,
   * and the next test's instructions must not meet it (it settles with the rooms' outcomes, not the next test's).
   */
  public static void stop(Dispatcher... dispatchers) throws Exception {
    for (Dispatcher d : dispatchers) {
      if (d != null) {
        d.stop();
      }
    }
    for (Dispatcher d : dispatchers) {
      if (d != null) {
        await("dispatcher idle", d::idle);
      }
    }
  }

  /**
   * Waits until the condition holds. The deadline only stops a hung test: it is a liveness bound, not a speed
   * assertion, so it is wide enough for a loaded 2-core machine (a chaos round took over 30 s at load 7).
   */
  public static void await(String what, Supplier<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIVENESS_SECONDS);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + LIVENESS_SECONDS + " s: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(25);
    }
  }

  static String status(String applicationId) {
    try {
      return instruction(applicationId).getString("status");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public void behave(String bankCode, JsonObject behaviour) throws Exception {
    HttpResponse<Buffer> set = client.put(TestPlatform.app().sandboxPort(), "127.0.0.1",
        "/sandbox/banks/" + bankCode + "/behaviour").sendJsonObject(behaviour).await(10, TimeUnit.SECONDS);
    assertThat(set.statusCode()).as(set.bodyAsString()).isLessThan(300);
  }

  public JsonObject books(String bankCode) throws Exception {
    return client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sandbox/banks/" + bankCode + "/books").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
  }

  public HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).putHeader("Idempotency-Key", "o-" + UUID.randomUUID());
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  static void assertBooksReconcile() throws Exception {
    Reconciliation.Report books = new Reconciliation(TestPlatform.app().pool()).run().await(10, TimeUnit.SECONDS);
    assertThat(books.balanced()).as(books.toString()).isTrue();
  }

  JsonObject post(String uri, JsonObject body) throws Exception {
    HttpResponse<Buffer> response = calls.request("demo-counter", HttpMethod.POST, uri, body.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(counter)
        .putHeader("Idempotency-Key", "k-" + UUID.randomUUID()).sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(uri + ": " + response.bodyAsString()).isLessThan(300);
    return response.bodyAsJsonObject();
  }

  JsonObject get(String uri) throws Exception {
    HttpResponse<Buffer> response = calls.request("demo-counter", HttpMethod.GET, uri, null, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(uri + ": " + response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /**
   * Payouts with no business record ({@code <prefix>:<n>}, small amounts) to 60 payee accounts: at 102, at 105 and at
   * 103 (not a partner bank: interbank via the clearing bank). Answers their serial numbers.
   */
  List<String> payouts(int payouts, String prefix) throws Exception {
    PayeeAccounts accounts = new PayeeAccounts(fields);
    SettlementOutbox outbox = new SettlementOutbox();
    List<PayeeAccounts.Payee> payees = TestPlatform.app().pool().withTransaction(conn -> {
      List<Future<PayeeAccounts.Payee>> registered = new ArrayList<>();
      String[] banks = {"102", "105", "103"};
      for (int i = 0; i < 60; i++) {
        registered.add(accounts.register(conn, banks[i % 3], "批量收款人" + i, SettlementFixture.card()));
      }
      return Future.all(registered).map(all -> registered.stream().map(Future::result).toList());
    }).await(30, TimeUnit.SECONDS);
    List<String> serials = new ArrayList<>();
    for (int from = 0; from < payouts; from += 200) {
      int start = from;
      int end = Math.min(payouts, from + 200);
      List<String> ids = TestPlatform.app().pool().withTransaction(conn -> chunk(conn, outbox, payees, start, end, prefix))
          .await(30, TimeUnit.SECONDS);
      serials.addAll(ids);
    }
    return serials;
  }

  private static Future<List<String>> chunk(SqlConnection conn, SettlementOutbox outbox,
                                            List<PayeeAccounts.Payee> payees, int start, int end, String prefix) {
    Future<List<String>> done = Future.succeededFuture(new ArrayList<>());
    for (int i = start; i < end; i++) {
      int n = i;
      done = done.compose(list -> outbox.enqueue(conn, new SettlementOutbox.ToAccount("02", payees.get(n % payees.size()),
              Money.parse((1 + n % 97) + ".00"), prefix + ":" + n))
          .compose(id -> conn.preparedQuery("SELECT serial_no FROM settlement_instruction WHERE instruction_id = $1")
              .execute(Tuple.of(id)))
          .map(rows -> {
            list.add(rows.iterator().next().getString("serial_no"));
            return list;
          }));
    }
    return done;
  }

  /** A new 19-digit card number with a valid check digit. */
  static String card() {
    StringBuilder digits = new StringBuilder("621700");
    while (digits.length() < 18) {
      digits.append(ThreadLocalRandom.current().nextInt(10));
    }
    int sum = 0;
    for (int i = 0; i < 18; i++) {
      int d = digits.charAt(17 - i) - '0';
      if (i % 2 == 0) {
        d *= 2;
        d = d > 9 ? d - 9 : d;
      }
      sum += d;
    }
    return digits.append((10 - sum % 10) % 10).toString();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }
}
