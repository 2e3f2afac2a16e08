package hpf.settlement;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.Zone;
import hpf.crypto.CanonicalRequest;
import hpf.crypto.CanonicalResponse;
import hpf.crypto.Sm2Keys;
import hpf.sandbox.DemoBanks;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Banks sign their requests with registered SM2 keys; the platform signs every answer, refusals included. */
@ExtendWith(VertxExtension.class)
class BankListenerTest {

  private WebClient client;
  private int port;
  private ContractCheck contract;
  private Sm2Keys.Public platformKey;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    port = TestPlatform.port(Zone.BANK);
    client = WebClient.create(vertx);
    contract = new ContractCheck(vertx, Zone.BANK);
    HttpResponse<Buffer> key = client.get(port, "127.0.0.1", "/v1/platform-key").send().await(10, TimeUnit.SECONDS);
    assertThat(key.statusCode()).isEqualTo(200);
    contract.conforms("getPlatformKey", key);
    platformKey = Sm2Keys.publicFromPem(key.bodyAsJsonObject().getString("publicKeyPem"));
    assertThat(signedByPlatform(key)).isTrue();
  }

  private HttpRequest<Buffer> heartbeat(String bankCode, Sm2Keys.Private key, long timestamp, String nonce) {
    CanonicalRequest canonical = new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "GET", "/v1/heartbeat", null,
        bankCode, String.valueOf(timestamp), nonce, new byte[0]);
    return client.get(port, "127.0.0.1", "/v1/heartbeat")
        .putHeader("X-HPF-Bank-Code", bankCode)
        .putHeader("X-HPF-Timestamp", String.valueOf(timestamp))
        .putHeader("X-HPF-Nonce", nonce)
        .putHeader("X-HPF-Signature", canonical.signSm2(key));
  }

  private boolean signedByPlatform(HttpResponse<Buffer> response) {
    CanonicalResponse canonical = new CanonicalResponse(response.statusCode(), response.getHeader("X-Request-Id"),
        response.getHeader("X-HPF-Timestamp"), response.body().getBytes());
    return canonical.verify(platformKey, response.getHeader("X-HPF-Signature"));
  }

  private static String nonce() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void aRegisteredBankGetsASignedAnswer() throws Exception {
    DemoBanks.Bank icbc = DemoBanks.ALL.get(0);
    HttpResponse<Buffer> response = heartbeat(icbc.bankCode(), icbc.privateKey(), System.currentTimeMillis(), nonce())
        .send().await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    contract.conforms("getBankHeartbeat", response);
    assertThat(response.bodyAsJsonObject().getString("bankCode")).isEqualTo("102");
    assertThat(response.getHeader("X-HPF-Key-Id")).isEqualTo("platform:1");
    assertThat(signedByPlatform(response)).isTrue();
  }

  @Test
  void refusalsAreSignedToo() throws Exception {
    DemoBanks.Bank ccb = DemoBanks.ALL.get(1);
    HttpResponse<Buffer> unknown = heartbeat("999", ccb.privateKey(), System.currentTimeMillis(), nonce())
        .send().await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> wrongKey = heartbeat(ccb.bankCode(), Sm2Keys.generate().privateKey(), System.currentTimeMillis(),
        nonce()).send().await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> unsigned = client.get(port, "127.0.0.1", "/v1/heartbeat").send().await(10, TimeUnit.SECONDS);
    String reused = nonce();
    heartbeat(ccb.bankCode(), ccb.privateKey(), System.currentTimeMillis(), reused).send().await(10, TimeUnit.SECONDS);
    HttpResponse<Buffer> replay = heartbeat(ccb.bankCode(), ccb.privateKey(), System.currentTimeMillis(), reused)
        .send().await(10, TimeUnit.SECONDS);
    assertRefused(unknown, "BANK_UNKNOWN");
    assertRefused(wrongKey, "SIGNATURE_INVALID");
    assertRefused(unsigned, "APP_CREDENTIALS_INVALID");
    assertRefused(replay, "NONCE_REUSED");
  }

  @Test
  void aDisabledBankIsRefused() throws Exception {
    var pool = TestPlatform.app().pool();
    pool.query("UPDATE partner_bank SET status = 'DISABLED' WHERE bank_code = '105'").execute().await(10, TimeUnit.SECONDS);
    try {
      DemoBanks.Bank ccb = DemoBanks.ALL.get(1);
      assertRefused(heartbeat(ccb.bankCode(), ccb.privateKey(), System.currentTimeMillis(), nonce())
          .send().await(10, TimeUnit.SECONDS), "BANK_DISABLED");
    } finally {
      pool.query("UPDATE partner_bank SET status = 'ACTIVE' WHERE bank_code = '105'").execute().await(10, TimeUnit.SECONDS);
    }
  }

  private void assertRefused(HttpResponse<Buffer> response, String code) throws Exception {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo(code);
    contract.conforms("getBankHeartbeat", response);
    assertThat(signedByPlatform(response)).as(code + " answer signed").isTrue();
  }
}
