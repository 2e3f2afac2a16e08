package hpf.account;

import hpf.boot.Scenarios;
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

import static org.assertj.core.api.Assertions.assertThat;

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

  @Test
  void theDepositUseCertificateSumsMonthsDepositsAndWithdrawalsLeavingReversalsOut(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    SignedCalls calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    String counter = calls.staffToken("counter.li");
    Scenarios scenarios = new Scenarios(client, calls, counter);
    String employerId = scenarios.openEmployer("证明测试有限公司");
    String personId = scenarios.addMember(employerId, "使用证明", TestIdentities.newIdNumber(), "13911115555", "5000.00")
        .getString("personId");
    java.time.YearMonth month = Scenarios.thisMonth();
    for (java.time.YearMonth m : java.util.List.of(month, month.plusMonths(1))) {
      scenarios.payMonth(employerId, m, "1200.00");
    }
    scenarios.bindCard(personId, Scenarios.CARD_NUMBER, Scenarios.CARD_BANK);
    String withdrawals = "/v1/members/" + personId + "/withdrawals";
    post(calls, counter, withdrawals, new JsonObject().put("reason", "07").put("amount", "500.00"));
    String cancelled = post(calls, counter, withdrawals, new JsonObject().put("reason", "07").put("amount", "1.00"))
        .bodyAsJsonObject().getString("code");
    assertThat(cancelled).isEqualTo("WITHDRAWAL_IN_FLIGHT");

    HttpResponse<Buffer> issued = calls.request("demo-counter", HttpMethod.GET, "/v1/members/" + personId
        + "/deposit-use-certificate", null, System.currentTimeMillis()).bearerTokenAuthentication(counter).send()
        .await(10, TimeUnit.SECONDS);
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(200);
    new ContractCheck(vertx, Zone.PUBLIC).conforms("issueDepositUseCertificate", issued);
    JsonObject content = issued.bodyAsJsonObject().getJsonObject("content");
    assertThat(content.getString("certificateType")).isEqualTo("DEPOSIT_USE");
    assertThat(content.getString("monthsPaid")).isEqualTo("2");
    assertThat(content.getString("continuousMonths")).isEqualTo("2");
    assertThat(content.getString("lastMonthPaid")).isEqualTo(month.plusMonths(1).toString());
    assertThat(content.getString("deposited")).isEqualTo("2400.00");
    assertThat(content.getString("partialWithdrawals")).isEqualTo("500.00");
    assertThat(content.getString("balance")).isEqualTo("1900.00");
    assertThat(verify(client, issued.bodyAsJsonObject())).isTrue();

    // A withdrawal cancelled before payment is reversed, and the certificate no longer counts it.
    String applicationId = calls.request("demo-counter", HttpMethod.GET, withdrawals, null, System.currentTimeMillis())
        .bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items")
        .getJsonObject(0).getString("applicationId");
    post(calls, counter, withdrawals + "/" + applicationId + "/cancellation", null);
    JsonObject after = calls.request("demo-counter", HttpMethod.GET, "/v1/members/" + personId + "/deposit-use-certificate",
            null, System.currentTimeMillis()).bearerTokenAuthentication(counter).send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getJsonObject("content");
    assertThat(after.getString("partialWithdrawals")).isEqualTo("0.00");
    assertThat(after.getString("balance")).isEqualTo("2400.00");
  }

  @Test
  void continuousMonthsCountBackFromTheLastPaidMonth() {
    assertThat(DepositUseCertificate.continuousToLast(java.util.List.of())).isZero();
    assertThat(DepositUseCertificate.continuousToLast(java.util.List.of("2025-11", "2025-12", "2026-01"))).isEqualTo(3);
    assertThat(DepositUseCertificate.continuousToLast(java.util.List.of("2025-01", "2025-03", "2025-04"))).isEqualTo(2);
  }

  private static HttpResponse<Buffer> post(SignedCalls calls, String token, String uri, JsonObject body) throws Exception {
    Buffer payload = body == null ? null : body.toBuffer();
    var request = calls.request("demo-counter", HttpMethod.POST, uri, payload, System.currentTimeMillis())
        .bearerTokenAuthentication(token).putHeader("Idempotency-Key", "k-" + UUID.randomUUID());
    return (payload == null ? request.send() : request.sendBuffer(payload)).await(10, TimeUnit.SECONDS);
  }

  private static boolean verify(WebClient client, JsonObject document) throws Exception {
    HttpResponse<Buffer> answer = client.post(TestPlatform.port(Zone.PUBLIC), "127.0.0.1", "/v1/certificates/verification")
        .sendJsonObject(document).await(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject().getBoolean("valid");
  }
}
