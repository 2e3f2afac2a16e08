package hpf.account;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.crypto.CanonicalJson;
import hpf.crypto.SignedDocument;
import hpf.crypto.Sm2Keys;
import hpf.identity.TestIdentities;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A deposit certificate verifies for anyone, offline with the center's key or through the public endpoint. */
@ExtendWith(VertxExtension.class)
class CertificatesTest {

  @Test
  void aCertificateVerifiesAndAChangedOneDoesNot(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    SignedCalls calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    String counter = calls.staffToken("counter.li");
    JsonObject body = new JsonObject().put("name", "证明测试").put("idNumber", TestIdentities.newIdNumber())
        .put("phone", "13911114444").put("monthlyWage", "6000.00");
    String personId = calls.request("demo-counter", HttpMethod.POST, "/v1/employers/E00000001/members", body.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(counter)
        .putHeader("Idempotency-Key", "add-" + UUID.randomUUID()).sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getString("personId");

    HttpResponse<Buffer> issued = calls.request("demo-counter", HttpMethod.GET, "/v1/members/" + personId
        + "/deposit-certificate", null, System.currentTimeMillis()).bearerTokenAuthentication(counter).send()
        .await(10, TimeUnit.SECONDS);
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(200);
    new ContractCheck(vertx, Zone.PUBLIC).conforms("issueDepositCertificate", issued);
    JsonObject certificate = issued.bodyAsJsonObject();
    assertThat(certificate.getJsonObject("content").getString("monthlyEmployer")).isEqualTo("720.00");

    // Offline, with only the center's public key (as published on the bank listener).
    Sm2Keys.Public centerKey = Sm2Keys.publicFromPem(client.get(TestPlatform.port(Zone.BANK), "127.0.0.1",
        "/v1/platform-key").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("publicKeyPem"));
    assertThat(SignedDocument.verify((Map<?, ?>) CanonicalJson.parse(certificate.encode()), id -> centerKey)).isTrue();

    // Through the public endpoint, with no login and no channel signature.
    assertThat(verify(client, certificate)).isTrue();
    JsonObject forged = certificate.copy();
    forged.getJsonObject("content").put("balance", "99999.00");
    assertThat(verify(client, forged)).isFalse();
    assertThat(verify(client, new JsonObject().put("content", new JsonObject()).put("signature", new JsonObject()
        .put("alg", "SM2-SM3").put("keyId", "platform:9").put("userId", "x").put("value", "AAAA")))).isFalse();
  }

  private static boolean verify(WebClient client, JsonObject document) throws Exception {
    HttpResponse<Buffer> answer = client.post(TestPlatform.port(Zone.PUBLIC), "127.0.0.1", "/v1/certificates/verification")
        .sendJsonObject(document).await(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject().getBoolean("valid");
  }
}
