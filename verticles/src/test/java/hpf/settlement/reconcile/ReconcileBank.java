package hpf.settlement.reconcile;

import hpf.account.BankCards;
import hpf.boot.HpfConfig;
import hpf.boot.SettlementOutcomes;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.crypto.FieldCipher;
import hpf.crypto.Sm2Keys;
import hpf.identity.Identifiers;
import hpf.identity.TestIdentities;
import hpf.isolation.Dependency;
import hpf.isolation.DependencyGuard;
import hpf.kit.Settings;
import hpf.sandbox.bank.SandboxBank;
import hpf.settlement.PartnerBanks;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.BdcClient;
import hpf.settlement.dispatch.DispatchMetrics;
import hpf.settlement.dispatch.DispatchTuning;
import hpf.settlement.dispatch.Dispatcher;
import hpf.settlement.dispatch.Payments;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partner bank of the reconciliation tests alone (104, a sandbox bank with its own books, BDC over TCP), so its
 * day holds only what these tests did: registered with the center's account there, connected to the platform's
 * reconciler behind the guard, and a dispatcher of the test's own (own guard instance, so the shared platform's
 * registrations stay untouched) that sends through it; 102 clears other banks' payees as in the dispatcher tests.
 */
final class ReconcileBank {

  static final String CODE = "104";
  static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");
  private static ReconcileBank started;

  final SandboxBank sandbox;
  final int controlPort;
  final BankGateway gateway;
  final WebClient client;
  final SignedCalls calls;
  final String counter;
  private final DependencyGuard ownGuard;
  private final Map<String, BankGateway> dispatchGateways;
  private final FieldCipher fields;

  private ReconcileBank() throws Exception {
    Vertx vertx = TestPlatform.app().vertx();
    HpfConfig config = HpfConfig.from(Settings.of(Map.of()));
    Sm2Keys.Private platformKey = config.security().platformKeys().current();
    Sm2Keys.Private bankKey = Sm2Keys.fromSeed("hpf-sandbox-bank:" + CODE);
    sandbox = new SandboxBank(Map.of(CODE, bankKey), platformKey.publicKey(), 0, Clock.systemUTC());
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    sandbox.start(vertx, router).await(10, TimeUnit.SECONDS);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    controlPort = server.actualPort();
    PartnerBanks banks = new PartnerBanks(TestPlatform.app().pool());
    banks.registerIfAbsent(CODE, "中国银行（对账测试）", bankKey.publicKey())
        .compose(v -> banks.setCenterAccount(CODE, SandboxBank.centerAccountNo(CODE), SandboxBank.CENTER_NAME))
        .await(10, TimeUnit.SECONDS);
    String node = config.banks().centerNode();
    gateway = new BdcClient(vertx, BankLink.of(CODE, node, Duration.ofSeconds(2)), new BdcClient.Endpoint("127.0.0.1",
        sandbox.port(CODE), Duration.ofSeconds(1), platformKey), Clock.systemUTC());
    Dependency.Tuning quick = new Dependency.Tuning(Duration.ofSeconds(5), 64, 5, 20, 10, 0.5,
        Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2), 1, Duration.ZERO);
    TestPlatform.app().dependencies().register(Dependency.of(Dispatcher.dependencyOf(CODE), "合作银行结算接口（104）",
        gateway::probe).with(quick)).await(10, TimeUnit.SECONDS);
    TestPlatform.app().reconciler().connect(gateway);
    BankGateway clearing = new BdcClient(vertx, BankLink.of("102", node, Duration.ofSeconds(2)),
        new BdcClient.Endpoint("127.0.0.1", TestPlatform.app().sandboxBankPort("102"), Duration.ofSeconds(1),
            platformKey), Clock.systemUTC());
    dispatchGateways = Map.of(CODE, gateway, "102", clearing);
    ownGuard = new DependencyGuard(vertx, TestPlatform.app().hazelcast(), TestPlatform.app().pool(),
        new hpf.audit.AuditLog(TestPlatform.app().pool(),
            new hpf.audit.ChainKeys(config.security().chains().keys())), new SimpleMeterRegistry(), Clock.systemUTC(),
        config.dependencyTuning(), 1000);
    for (BankGateway g : dispatchGateways.values()) {
      ownGuard.register(Dependency.of(Dispatcher.dependencyOf(g.bankCode()), "合作银行结算接口（" + g.bankCode() + "）",
          g::probe).with(quick)).await(10, TimeUnit.SECONDS);
    }
    fields = new FieldCipher(config.security().fieldKeys(), config.security().blindIndexKey());
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    counter = calls.staffToken("counter.li");
  }

  static synchronized ReconcileBank get() throws Exception {
    if (started == null) {
      started = new ReconcileBank();
    }
    return started;
  }

  /** A dispatcher sending through 104 (and 102 for other banks' payees); the caller stops it. */
  Dispatcher dispatcher() {
    DispatchTuning quick = new DispatchTuning(8, Duration.ofMillis(50), Duration.ofSeconds(3),
        Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(400), 4, Duration.ofSeconds(1));
    Dispatcher dispatcher = new Dispatcher(TestPlatform.app().vertx(), TestPlatform.app().pool(), dispatchGateways,
        SettlementOutcomes.all(), ownGuard, new Payments(TestPlatform.app().pool(), BankCards.cardNumbers(fields),
        new PayeeAccounts(fields)), quick, new DispatchMetrics(new SimpleMeterRegistry()), Clock.systemUTC(),
        "recon-test");
    dispatcher.start();
    return dispatcher;
  }

  /** Money arriving on the center's account at 104 (as from an employer); answers the bank's host serial. */
  String incoming(String amount) throws Exception {
    HttpResponse<Buffer> booked = client.post(controlPort, "127.0.0.1", "/sandbox/banks/" + CODE + "/incoming")
        .sendJsonObject(new JsonObject().put("payerAccountNo", "310066771018800012345").put("payerName", "对账测试有限公司")
            .put("amount", amount).put("summary", "汇缴")).await(10, TimeUnit.SECONDS);
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    return booked.bodyAsJsonObject().getString("HostSeqNo");
  }

  /** A member of a new employer, one month (1200.00) paid into the special account at 104, a card at 104. */
  Member member() throws Exception {
    String first17 = "913502" + String.format("%08d", ThreadLocalRandom.current().nextLong(100_000_000L)) + "MA3";
    String employerId = post("/v1/employers", new JsonObject().put("creditCode", first17
            + Identifiers.creditCheckCharacter(first17)).put("name", "对账测试有限公司").put("employerRatio", "0.12")
        .put("memberRatio", "0.12")).getString("employerId");
    String name = "对账职工" + ThreadLocalRandom.current().nextInt(1000, 9999);
    String personId = post("/v1/employers/" + employerId + "/members", new JsonObject().put("name", name)
        .put("idNumber", TestIdentities.newIdNumber()).put("phone", "13900000000").put("monthlyWage", "5000.00"))
        .getString("personId");
    YearMonth month = YearMonth.from(LocalDate.now(CENTER));
    post("/v1/employers/" + employerId + "/remittances", new JsonObject().put("month", month.toString()));
    post("/v1/employers/" + employerId + "/remittances/" + month + "/payment",
        new JsonObject().put("amount", "1200.00").put("receivingBank", CODE));
    String card = card();
    JsonObject body = new JsonObject().put("cardNumber", card).put("bankCode", CODE);
    HttpResponse<Buffer> bound = calls.request("demo-counter", HttpMethod.PUT, "/v1/members/" + personId + "/bank-card",
            body.toBuffer(), System.currentTimeMillis()).bearerTokenAuthentication(counter)
        .putHeader("Idempotency-Key", "c-" + UUID.randomUUID()).sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
    assertThat(bound.statusCode()).as(bound.bodyAsString()).isEqualTo(200);
    return new Member(personId, name, card);
  }

  record Member(String personId, String name, String card) {}

  /** A rent withdrawal, approved at once: answers the application id. */
  String withdraw(Member member, String amount) throws Exception {
    return post("/v1/members/" + member.personId() + "/withdrawals",
        new JsonObject().put("reason", "07").put("amount", amount)).getString("applicationId");
  }

  JsonObject post(String uri, JsonObject body) throws Exception {
    HttpResponse<Buffer> response = calls.request("demo-counter", HttpMethod.POST, uri, body.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(counter)
        .putHeader("Idempotency-Key", "k-" + UUID.randomUUID()).sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(uri + ": " + response.bodyAsString()).isLessThan(300);
    return response.bodyAsJsonObject();
  }

  /** A new 19-digit card number with a valid Luhn check digit. */
  static String card() {
    StringBuilder digits = new StringBuilder("621661");
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
}
