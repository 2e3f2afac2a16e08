package hpf.sandbox.bank;

import hpf.crypto.Sm2Keys;
import hpf.kit.Money;
import hpf.sandbox.DemoBanks;
import hpf.settlement.bank.BankException;
import hpf.settlement.bank.BankGateway.Payment;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bankjson.JsonBankClient;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.BdcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox banks on loopback for a test (BDC listeners on free ports, the JSON variant and the control API on a
 * small HTTP server), clients of either protocol, and the check every scenario ends with: each bank's books balance
 * and no serial was ever booked twice.
 */
final class PartnerBankFixture {

  enum Protocol { BDC, JSON }

  static final String CENTER_NODE = "C35020";

  final Vertx vertx;
  final SandboxBank sandbox;
  final Sm2Keys.Pair center = Sm2Keys.generate();
  final List<BankNotice> notices = Collections.synchronizedList(new ArrayList<>());
  private final WebClient web;
  private HttpServer http;

  private PartnerBankFixture(Vertx vertx) {
    this.vertx = vertx;
    Map<String, Sm2Keys.Private> keys = new LinkedHashMap<>();
    DemoBanks.ALL.forEach(b -> keys.put(b.bankCode(), b.privateKey()));
    this.sandbox = new SandboxBank(keys, center.publicKey(), 0, Clock.systemUTC());
    this.web = WebClient.create(vertx);
  }

  static PartnerBankFixture start(Vertx vertx) throws Exception {
    PartnerBankFixture f = new PartnerBankFixture(vertx);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    f.sandbox.notices(f.notices::add);
    f.http = f.sandbox.start(vertx, router)
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
        .await(20, TimeUnit.SECONDS);
    return f;
  }

  void stop() throws Exception {
    Future.join(sandbox.stop(), http.close()).await(20, TimeUnit.SECONDS);
  }

  int httpPort() {
    return http.actualPort();
  }

  BankGateway client(Protocol protocol, String bankCode) {
    return client(protocol, bankCode, Duration.ofSeconds(5), BankLink.MAX_DETAILS_PAGE, center.privateKey());
  }

  BankGateway client(Protocol protocol, String bankCode, Duration timeout, int pageSize, Sm2Keys.Private centerKey) {
    BankLink link = BankLink.of(bankCode, CENTER_NODE, timeout).withDetailsPageSize(pageSize);
    return protocol == Protocol.BDC
        ? new BdcClient(vertx, link, new BdcClient.Endpoint("127.0.0.1", sandbox.port(bankCode), Duration.ofSeconds(2),
            centerKey), Clock.systemUTC())
        : new JsonBankClient(vertx, link, new JsonBankClient.Endpoint("http://127.0.0.1:" + httpPort()
            + SandboxBank.jsonBasePath(bankCode), Duration.ofSeconds(2), centerKey, bankKey(bankCode)), Clock.systemUTC());
  }

  static Sm2Keys.Public bankKey(String bankCode) {
    return DemoBanks.ALL.stream().filter(b -> b.bankCode().equals(bankCode)).findFirst().orElseThrow().privateKey()
        .publicKey();
  }

  JsonObject books(String bankCode) throws Exception {
    return web.get(httpPort(), "127.0.0.1", "/sandbox/banks/" + bankCode + "/books").send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject();
  }

  /** The transaction the bank knows under our serial. */
  JsonObject transaction(String bankCode, String serial) throws Exception {
    return books(bankCode).getJsonArray("transactions").stream().map(JsonObject.class::cast)
        .filter(t -> t.getString("serialNo").equals(serial)).findFirst().orElse(null);
  }

  Money balance(String bankCode, String accountNo) throws Exception {
    return books(bankCode).getJsonArray("balances").stream().map(JsonObject.class::cast)
        .filter(b -> b.getString("accountNo").equals(accountNo)).findFirst()
        .map(b -> Money.parse(b.getString("balance"))).orElse(null);
  }

  void behave(String bankCode, JsonObject behaviour) throws Exception {
    int status = web.put(httpPort(), "127.0.0.1", "/sandbox/banks/" + bankCode + "/behaviour")
        .sendJsonObject(behaviour).await(10, TimeUnit.SECONDS).statusCode();
    assertThat(status).isEqualTo(200);
  }

  JsonObject incoming(String bankCode, JsonObject body) throws Exception {
    var response = web.post(httpPort(), "127.0.0.1", "/sandbox/banks/" + bankCode + "/incoming").sendJsonObject(body)
        .await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  /** The invariant after every scenario: balances sum to what was opened, and every serial moved money at most once. */
  void assertBooksReconcile() throws Exception {
    for (DemoBanks.Bank bank : DemoBanks.ALL) {
      JsonObject books = books(bank.bankCode());
      assertThat(books.getBoolean("balanced")).as("bank %s books balance: %s", bank.bankCode(), books).isTrue();
      books.getJsonObject("bookingsBySerial").forEach(e -> assertThat((Integer) e.getValue())
          .as("serial %s booked", e.getKey()).isEqualTo(1));
    }
  }

  static String serial() {
    return "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toUpperCase();
  }

  static LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Shanghai"));
  }

  static Payment payment(String bankCode, String serial, String payeeAccount, String payeeName, String amount) {
    return new Payment(serial, today(), BankGateway.SettleType.SAME_BANK, "01", SandboxBank.centerAccountNo(bankCode),
        SandboxBank.CENTER_NAME, payeeAccount, payeeName, 1, null, Money.parse(amount), "公积金提取");
  }

  static <T> BankException failure(Future<T> call) {
    try {
      call.await(20, TimeUnit.SECONDS);
    } catch (BankException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a BankException, got " + e, e);
    }
    throw new AssertionError("expected a BankException, the call succeeded");
  }
}
