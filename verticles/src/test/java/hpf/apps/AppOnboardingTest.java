package hpf.apps;

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
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator registers channel apps over the admin API; their own signed requests then pass the public listener. */
@ExtendWith(VertxExtension.class)
class AppOnboardingTest {

  private static final String LIST = "/v1/service-items";
  private WebClient client;
  private ContractCheck contract;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.ADMIN);
  }

  static String newAppId() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body, String key) throws Exception {
    var request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SECURITY_ADMIN));
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> admin(HttpMethod method, String uri, JsonObject body) throws Exception {
    return admin(method, uri, body, "k-" + UUID.randomUUID());
  }

  /** A public-listener request signed as the app: with its SM2 key, or (key null) its HMAC secret. */
  int signedCall(String appId, Sm2Keys.Private key, byte[] secret) throws Exception {
    String timestamp = String.valueOf(System.currentTimeMillis());
    String nonce = UUID.randomUUID().toString().replace("-", "");
    CanonicalRequest canonical = new CanonicalRequest(key != null ? CanonicalRequest.SM2_SCHEME
        : CanonicalRequest.HMAC_SCHEME, "GET", LIST, "size=1", appId, timestamp, nonce, new byte[0]);
    HttpResponse<Buffer> response = client.get(TestPlatform.port(Zone.PUBLIC), "127.0.0.1", LIST + "?size=1")
        .putHeader("X-HPF-App-Id", appId).putHeader("X-HPF-Timestamp", timestamp).putHeader("X-HPF-Nonce", nonce)
        .putHeader("X-HPF-Signature", key != null ? canonical.signSm2(key) : canonical.signHmac(secret))
        .send().await(10, TimeUnit.SECONDS);
    return response.statusCode();
  }

  @Test
  void anSm2AppSignsWithItsKeyTheOldKeyIsRefusedAfterRotationAndEveryKeyOnceDisabled() throws Exception {
    String appId = newAppId();
    Sm2Keys.Pair first = Sm2Keys.generate();
    HttpResponse<Buffer> registered = admin(HttpMethod.POST, "/v1/channel-apps", new JsonObject().put("appId", appId)
        .put("name", "测试·市民App").put("appType", "MOBILE_APP").put("scheme", "SM2")
        .put("publicKey", Sm2Keys.toPem(first.publicKey())));
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    contract.conforms("registerChannelApp", registered);
    assertThat(registered.bodyAsJsonObject().containsKey("hmacSecret")).isFalse();
    assertThat(signedCall(appId, first.privateKey(), null)).isEqualTo(200);
    assertThat(signedCall(appId, Sm2Keys.generate().privateKey(), null)).isEqualTo(401);

    // Registered at run time, it has its own traffic policy: the defaults (no file for it).
    HttpResponse<Buffer> traffic = client.get(TestPlatform.port(Zone.ADMIN), "127.0.0.1", "/v1/traffic/channels/" + appId)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN)).send()
        .await(10, TimeUnit.SECONDS);
    assertThat(traffic.statusCode()).isEqualTo(200);

    // Rotation with no overlap: the old key is refused from the answer on.
    Sm2Keys.Pair second = Sm2Keys.generate();
    String hex = HexFormat.of().formatHex(second.publicKey().encoded());
    HttpResponse<Buffer> rotated = admin(HttpMethod.POST, "/v1/channel-apps/" + appId + "/credential",
        new JsonObject().put("publicKey", hex));
    assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(200);
    contract.conforms("rotateChannelAppCredential", rotated);
    assertThat(rotated.bodyAsJsonObject().getString("previousCredentialValidUntil")).isNull();
    assertThat(signedCall(appId, first.privateKey(), null)).isEqualTo(401);
    assertThat(signedCall(appId, second.privateKey(), null)).isEqualTo(200);

    // With an overlap both work; the next rotation without overlap ends both older keys.
    Sm2Keys.Pair third = Sm2Keys.generate();
    HttpResponse<Buffer> overlapping = admin(HttpMethod.POST, "/v1/channel-apps/" + appId + "/credential",
        new JsonObject().put("publicKey", Sm2Keys.toPem(third.publicKey())).put("overlapMinutes", 10));
    assertThat(overlapping.bodyAsJsonObject().getString("previousCredentialValidUntil")).isNotNull();
    assertThat(signedCall(appId, second.privateKey(), null)).isEqualTo(200);
    assertThat(signedCall(appId, third.privateKey(), null)).isEqualTo(200);
    Sm2Keys.Pair fourth = Sm2Keys.generate();
    admin(HttpMethod.POST, "/v1/channel-apps/" + appId + "/credential",
        new JsonObject().put("publicKey", Sm2Keys.toPem(fourth.publicKey())));
    assertThat(signedCall(appId, second.privateKey(), null)).isEqualTo(401);
    assertThat(signedCall(appId, third.privateKey(), null)).isEqualTo(401);
    assertThat(signedCall(appId, fourth.privateKey(), null)).isEqualTo(200);

    HttpResponse<Buffer> shown = admin(HttpMethod.GET, "/v1/channel-apps/" + appId, null, null);
    contract.conforms("getChannelApp", shown);
    assertThat(Sm2Keys.publicFromPem(shown.bodyAsJsonObject().getString("publicKeyPem")).encoded())
        .isEqualTo(fourth.publicKey().encoded());

    assertThat(admin(HttpMethod.PUT, "/v1/channel-apps/" + appId + "/status", new JsonObject().put("status", "DISABLED"))
        .statusCode()).isEqualTo(200);
    assertThat(signedCall(appId, fourth.privateKey(), null)).isEqualTo(401);

    var audit = TestPlatform.app().pool().preparedQuery("""
            SELECT operation, actor_kind, details->>'keyFingerprint' AS fp FROM audit_log
             WHERE target = $1 ORDER BY seq""").execute(Tuple.of("channel_app:" + appId)).await(10, TimeUnit.SECONDS);
    assertThat(audit.size()).isEqualTo(5);
    assertThat(audit.iterator().next().getString("operation")).isEqualTo("registerChannelApp");
    assertThat(audit.iterator().next().getString("fp")).hasSize(32);
  }

  @Test
  void anHmacSecretIsShownOnceWorksAndIsNeverShownOrStoredInClearAgain() throws Exception {
    String appId = newAppId();
    String key = "k-" + UUID.randomUUID();
    JsonObject body = new JsonObject().put("appId", appId).put("name", "测试·柜面").put("appType", "COUNTER")
        .put("scheme", "HMAC");
    HttpResponse<Buffer> registered = admin(HttpMethod.POST, "/v1/channel-apps", body, key);
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(201);
    contract.conforms("registerChannelApp", registered);
    assertThat(registered.getHeader("Cache-Control")).isEqualTo("no-store");
    String secretHex = registered.bodyAsJsonObject().getString("hmacSecret");
    assertThat(secretHex).matches("[0-9a-f]{64}");
    byte[] secret = HexFormat.of().parseHex(secretHex);
    assertThat(signedCall(appId, null, secret)).isEqualTo(200);

    HttpResponse<Buffer> replay = admin(HttpMethod.POST, "/v1/channel-apps", body, key);
    assertThat(replay.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(replay.bodyAsJsonObject().containsKey("hmacSecret")).isFalse();
    assertThat(admin(HttpMethod.GET, "/v1/channel-apps/" + appId, null, null).bodyAsString()).doesNotContain(secretHex);
    assertThat(admin(HttpMethod.GET, "/v1/channel-apps", null, null).bodyAsString()).doesNotContain(secretHex);
    // Read as a database superuser: the secret is in no table in clear (nor its base64 form).
    String base64 = java.util.Base64.getEncoder().encodeToString(secret);
    long clear = TestPlatform.app().pool().preparedQuery("""
            SELECT (SELECT count(*) FROM idempotency_record WHERE body LIKE $1 OR body LIKE $2)
                 + (SELECT count(*) FROM channel_app WHERE hmac_secret_enc LIKE $1 OR hmac_secret_enc LIKE $2)
                 + (SELECT count(*) FROM audit_log WHERE details::text LIKE $1)""")
        .execute(Tuple.of("%" + secretHex + "%", "%" + base64 + "%")).await(10, TimeUnit.SECONDS)
        .iterator().next().getLong(0);
    assertThat(clear).isZero();

    HttpResponse<Buffer> rotated = admin(HttpMethod.POST, "/v1/channel-apps/" + appId + "/credential", new JsonObject());
    assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(200);
    byte[] next = HexFormat.of().parseHex(rotated.bodyAsJsonObject().getString("hmacSecret"));
    assertThat(next).isNotEqualTo(secret);
    assertThat(signedCall(appId, null, secret)).isEqualTo(401);
    assertThat(signedCall(appId, null, next)).isEqualTo(200);
  }

  @Test
  void badKeysNamesAndTakenIdsAreRefusedAndNothingIsWritten() throws Exception {
    String appId = newAppId();
    JsonObject sm2 = new JsonObject().put("appId", appId).put("name", "测试").put("appType", "KIOSK").put("scheme", "SM2");
    byte[] offCurve = Sm2Keys.generate().publicKey().encoded();
    offCurve[64] ^= 1;
    String foreignCurve = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBJhjfQtWaCeJB7ntZB1bvTf2W0VjYuSa"
        + "\nrPhuFTnEt6IZ1AvbxqpIGx8qELsYLxqzOPWz1U0rfZ8Ck0zJ5wDPPQ==\n-----END PUBLIC KEY-----";
    for (JsonObject bad : new JsonObject[] {
        sm2.copy(),
        sm2.copy().put("publicKey", HexFormat.of().formatHex(offCurve)),
        sm2.copy().put("publicKey", foreignCurve),
        sm2.copy().put("publicKey", "A".repeat(5_000)),
        sm2.copy().put("scheme", "HMAC").put("publicKey", Sm2Keys.toPem(Sm2Keys.generate().publicKey())),
        sm2.copy().put("name", "测试\u0000").put("publicKey", Sm2Keys.toPem(Sm2Keys.generate().publicKey())),
        sm2.copy().put("appId", "Bad_Id").put("publicKey", Sm2Keys.toPem(Sm2Keys.generate().publicKey()))}) {
      HttpResponse<Buffer> refused = admin(HttpMethod.POST, "/v1/channel-apps", bad);
      assertThat(refused.statusCode()).as(bad.encode()).isEqualTo(400);
      assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
      contract.conforms("registerChannelApp", refused);
    }
    long written = TestPlatform.app().pool().preparedQuery(
            "SELECT (SELECT count(*) FROM channel_app WHERE app_id = $1) + (SELECT count(*) FROM audit_log WHERE target = $2)")
        .execute(Tuple.of(appId, "channel_app:" + appId)).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(written).isZero();

    HttpResponse<Buffer> taken = admin(HttpMethod.POST, "/v1/channel-apps", sm2.copy().put("appId", "demo-mobile")
        .put("publicKey", Sm2Keys.toPem(Sm2Keys.generate().publicKey())));
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.bodyAsJsonObject().getString("code")).isEqualTo("CHANNEL_APP_EXISTS");
    assertThat(admin(HttpMethod.POST, "/v1/channel-apps/no-such-app/credential", new JsonObject()).statusCode())
        .isEqualTo(404);
    assertThat(admin(HttpMethod.POST, "/v1/channel-apps/demo-mobile/credential", new JsonObject()).statusCode())
        .as("an SM2 app's rotation needs a key").isEqualTo(400);
  }
}
