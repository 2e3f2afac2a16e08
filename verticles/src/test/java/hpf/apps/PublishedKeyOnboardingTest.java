package hpf.apps;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.crypto.Sm2Keys;
import hpf.keys.PublishedKeys;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published sandbox keys are no credential: an operator cannot register or rotate a channel app, or register
 * or re-key a partner bank, to one, whatever text form the key is sent in; the attacker's signature stays refused.
 */
@ExtendWith(VertxExtension.class)
class PublishedKeyOnboardingTest {

  private static final Sm2Keys.Private DEMO_KIOSK = PublishedKeys.demoAppKey("demo-kiosk");
  private AppOnboardingTest app;
  private WebClient client;
  private ContractCheck contract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.ADMIN);
    app = new AppOnboardingTest();
    app.setUp(vertx);
  }

  private static void published(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("PUBLIC_KEY_PUBLISHED");
  }

  private static String compressedHex(Sm2Keys.Public key) {
    byte[] point = key.encoded();
    byte[] compressed = new byte[33];
    compressed[0] = (byte) (2 + (point[64] & 1));
    System.arraycopy(point, 1, compressed, 1, 32);
    return HexFormat.of().withUpperCase().formatHex(compressed);
  }

  @Test
  void aChannelAppCannotBeRegisteredOrRotatedToADemoKeyInAnyForm() throws Exception {
    String appId = "prod-kiosk-" + UUID.randomUUID().toString().substring(0, 6);
    JsonObject body = new JsonObject().put("appId", appId).put("name", "生产·自助终端").put("appType", "KIOSK")
        .put("scheme", "SM2");
    Sm2Keys.Public demo = DEMO_KIOSK.publicKey();
    for (String text : new String[] {Sm2Keys.toPem(demo), HexFormat.of().formatHex(demo.encoded()),
        HexFormat.of().formatHex(demo.encoded()).substring(2), compressedHex(demo),
        Sm2Keys.toPem(Sm2Keys.privateFromHex(PublishedKeys.SANDBOX_TOKEN_KEY).publicKey())}) {
      HttpResponse<Buffer> refused = app.admin(HttpMethod.POST, "/v1/channel-apps", body.copy().put("publicKey", text));
      published(refused);
      contract.conforms("registerChannelApp", refused);
    }
    long written = TestPlatform.app().pool().preparedQuery(
            "SELECT (SELECT count(*) FROM channel_app WHERE app_id = $1) + (SELECT count(*) FROM audit_log WHERE target = $2)")
        .execute(Tuple.of(appId, "channel_app:" + appId)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(written).isZero();
    assertThat(app.signedCall(appId, DEMO_KIOSK, null)).as("the published private key signs nothing").isEqualTo(401);

    // A registered app cannot be rotated to it either; its own key keeps working.
    Sm2Keys.Pair own = Sm2Keys.generate();
    assertThat(app.admin(HttpMethod.POST, "/v1/channel-apps", body.copy().put("publicKey", Sm2Keys.toPem(own.publicKey())))
        .statusCode()).isEqualTo(201);
    HttpResponse<Buffer> rotated = app.admin(HttpMethod.POST, "/v1/channel-apps/" + appId + "/credential",
        new JsonObject().put("publicKey", HexFormat.of().formatHex(demo.encoded())).put("overlapMinutes", 10));
    published(rotated);
    contract.conforms("rotateChannelAppCredential", rotated);
    assertThat(app.signedCall(appId, DEMO_KIOSK, null)).isEqualTo(401);
    assertThat(app.signedCall(appId, own.privateKey(), null)).isEqualTo(200);
  }

  @Test
  void aPartnerBankCannotBeRegisteredOrReKeyedToADemoBankKey() throws Exception {
    // 850-898, and one no test on the shared platform has registered yet.
    String code;
    do {
      code = "8" + (50 + ThreadLocalRandom.current().nextInt(49));
    } while (bank(HttpMethod.GET, "/v1/partner-banks/" + code, null).statusCode() != 404);
    Sm2Keys.Public bank102 = PublishedKeys.demoBankKey("102").publicKey();
    JsonObject body = new JsonObject().put("bankCode", code).put("name", "测试银行").put("protocol", "bdc")
        .put("endpoint", "bank-" + code + ".example:9100");
    for (String text : new String[] {Sm2Keys.toPem(bank102), HexFormat.of().formatHex(bank102.encoded())}) {
      HttpResponse<Buffer> refused = bank(HttpMethod.POST, "/v1/partner-banks", body.copy().put("publicKey", text));
      published(refused);
      contract.conforms("registerPartnerBank", refused);
    }
    assertThat(bank(HttpMethod.GET, "/v1/partner-banks/" + code, null).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> reKeyed = bank(HttpMethod.PATCH, "/v1/partner-banks/105",
        new JsonObject().put("publicKey", compressedHex(bank102)));
    published(reKeyed);
    contract.conforms("updatePartnerBank", reKeyed);
    published(bank(HttpMethod.PATCH, "/v1/partner-banks/105",
        new JsonObject().put("publicKey", Sm2Keys.toPem(DEMO_KIOSK.publicKey()))));
  }

  private HttpResponse<Buffer> bank(HttpMethod method, String uri, JsonObject body) throws Exception {
    var request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SECURITY_ADMIN))
        .putHeader("Idempotency-Key", "bank-" + UUID.randomUUID());
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }
}
