package hpf.settlement;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.crypto.CanonicalRequest;
import hpf.crypto.Sm2Keys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator registers a partner bank; its signed requests to the bank listener then verify with the given key. */
@ExtendWith(VertxExtension.class)
class BankOnboardingTest {

  private WebClient client;
  private ContractCheck contract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.ADMIN);
  }

  private HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SECURITY_ADMIN))
        .putHeader("Idempotency-Key", "bank-" + UUID.randomUUID());
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  /** A heartbeat to the bank listener, signed as the bank with this key: the answer's error code, or "OK". */
  private String heartbeat(String bankCode, Sm2Keys.Private key) throws Exception {
    String timestamp = String.valueOf(System.currentTimeMillis());
    String nonce = UUID.randomUUID().toString().replace("-", "");
    String signature = new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "GET", "/v1/heartbeat", null, bankCode,
        timestamp, nonce, new byte[0]).signSm2(key);
    HttpResponse<Buffer> response = client.get(TestPlatform.port(Zone.BANK), "127.0.0.1", "/v1/heartbeat")
        .putHeader("X-HPF-Bank-Code", bankCode).putHeader("X-HPF-Timestamp", timestamp).putHeader("X-HPF-Nonce", nonce)
        .putHeader("X-HPF-Signature", signature).send().await(10, TimeUnit.SECONDS);
    return response.statusCode() == 200 ? "OK" : response.bodyAsJsonObject().getString("code");
  }

  @Test
  void aRegisteredBankSignsWithItsKeyARotatedKeyReplacesItAndADisabledBankIsRefused() throws Exception {
    // 800-849: this test's own range (850-898 PublishedKeyOnboardingTest's, 899 the refused one below, 999 the
    // suites' "unknown bank").
    String code = "8" + String.format("%02d", ThreadLocalRandom.current().nextInt(50));
    Sm2Keys.Pair first = Sm2Keys.generate();
    assertThat(heartbeat(code, first.privateKey())).isEqualTo("BANK_UNKNOWN");
    HttpResponse<Buffer> registered = admin(HttpMethod.POST, "/v1/partner-banks", new JsonObject().put("bankCode", code)
        .put("name", "测试银行").put("protocol", "bdc").put("endpoint", "bank-" + code + ".example:9100")
        .put("publicKey", Sm2Keys.toPem(first.publicKey())).put("centerAccountNo", "3502" + code + "00000009"));
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    contract.conforms("registerPartnerBank", registered);
    assertThat(registered.bodyAsJsonObject().getBoolean("endpointNeedsRestart")).isTrue();
    assertThat(heartbeat(code, first.privateKey())).isEqualTo("OK");
    assertThat(heartbeat(code, Sm2Keys.generate().privateKey())).isEqualTo("SIGNATURE_INVALID");
    long ledger = TestPlatform.app().pool().preparedQuery("SELECT count(*) FROM ledger_account WHERE account_id = $1")
        .execute(Tuple.of("BANK:" + code)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(ledger).as("the center's special account at the bank").isEqualTo(1);

    Sm2Keys.Pair second = Sm2Keys.generate();
    HttpResponse<Buffer> overlapping = admin(HttpMethod.PATCH, "/v1/partner-banks/" + code,
        new JsonObject().put("publicKey", Sm2Keys.toPem(second.publicKey())).put("overlapMinutes", 30));
    assertThat(overlapping.statusCode()).as(overlapping.bodyAsString()).isEqualTo(200);
    contract.conforms("updatePartnerBank", overlapping);
    assertThat(heartbeat(code, first.privateKey())).isEqualTo("OK");
    assertThat(heartbeat(code, second.privateKey())).isEqualTo("OK");
    Sm2Keys.Pair third = Sm2Keys.generate();
    admin(HttpMethod.PATCH, "/v1/partner-banks/" + code, new JsonObject().put("publicKey", Sm2Keys.toPem(third.publicKey())));
    assertThat(heartbeat(code, first.privateKey())).isEqualTo("SIGNATURE_INVALID");
    assertThat(heartbeat(code, second.privateKey())).isEqualTo("SIGNATURE_INVALID");
    assertThat(heartbeat(code, third.privateKey())).isEqualTo("OK");

    HttpResponse<Buffer> moved = admin(HttpMethod.PATCH, "/v1/partner-banks/" + code,
        new JsonObject().put("protocol", "json").put("endpoint", "https://bank-" + code + ".example/bdc"));
    assertThat(moved.bodyAsJsonObject().getString("endpoint")).isEqualTo("https://bank-" + code + ".example/bdc");
    HttpResponse<Buffer> shown = admin(HttpMethod.GET, "/v1/partner-banks/" + code, null);
    contract.conforms("getPartnerBank", shown);
    contract.conforms("listPartnerBanks", admin(HttpMethod.GET, "/v1/partner-banks", null));

    // Disabled (and left so: no later instance on this database builds a gateway to this made-up endpoint).
    HttpResponse<Buffer> disabled = admin(HttpMethod.PUT, "/v1/partner-banks/" + code + "/status",
        new JsonObject().put("status", "DISABLED"));
    contract.conforms("setPartnerBankStatus", disabled);
    assertThat(heartbeat(code, third.privateKey())).isEqualTo("BANK_DISABLED");
    long audited = TestPlatform.app().pool().preparedQuery("SELECT count(*) FROM audit_log WHERE target = $1")
        .execute(Tuple.of("partner_bank:" + code)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(audited).isEqualTo(5);
  }

  @Test
  void badEndpointsKeysAndTakenCodesAreRefused() throws Exception {
    JsonObject base = new JsonObject().put("bankCode", "899").put("name", "测试").put("protocol", "bdc")
        .put("endpoint", "10.0.0.5:9100").put("publicKey", Sm2Keys.toPem(Sm2Keys.generate().publicKey()));
    for (JsonObject bad : new JsonObject[] {
        base.copy().put("endpoint", "10.0.0.5"),
        base.copy().put("endpoint", "10.0.0.5:70000"),
        base.copy().put("endpoint", "https://bank.example/x"),
        base.copy().put("protocol", "json").put("endpoint", "https://user:pw@bank.example/x"),
        base.copy().put("protocol", "json").put("endpoint", "ftp://bank.example/x"),
        base.copy().put("protocol", "json").put("endpoint", "https://bank.example/x?token=1"),
        base.copy().put("publicKey", "04" + "ab".repeat(64)),
        base.copy().put("bankCode", "12a")}) {
      HttpResponse<Buffer> refused = admin(HttpMethod.POST, "/v1/partner-banks", bad);
      assertThat(refused.statusCode()).as(bad.encode()).isEqualTo(400);
      contract.conforms("registerPartnerBank", refused);
    }
    assertThat(admin(HttpMethod.GET, "/v1/partner-banks/899", null).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> taken = admin(HttpMethod.POST, "/v1/partner-banks", base.copy().put("bankCode", "102"));
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.bodyAsJsonObject().getString("code")).isEqualTo("PARTNER_BANK_EXISTS");
    assertThat(admin(HttpMethod.PATCH, "/v1/partner-banks/102", new JsonObject().put("endpoint", "10.0.0.5:9100"))
        .statusCode()).as("protocol and endpoint go together").isEqualTo(400);
  }
}
