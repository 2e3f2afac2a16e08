package hpf.account;

import hpf.boot.TestPlatform;
import hpf.channel.ContractCheck;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A member binds a card: checked, stored encrypted, shown masked, replaced by a newer one. */
@ExtendWith(VertxExtension.class)
class BankCardsTest {

  @Test
  void luhnCheck() {
    assertThat(BankCards.isCardNumber("6222021234567890128")).isTrue();
    assertThat(BankCards.isCardNumber("6222021234567890123")).isFalse();
    assertThat(BankCards.isCardNumber("62220212345")).isFalse();
  }

  @Test
  void aMemberBindsItsOwnCardWhichIsStoredEncryptedAndShownMasked(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    SignedCalls calls = new SignedCalls(client, TestPlatform.port(Zone.PUBLIC));
    ContractCheck contract = new ContractCheck(vertx, Zone.PUBLIC);
    String ticket = client.post(TestPlatform.app().sandboxPort(), "127.0.0.1", "/idp/tickets")
        .sendJsonObject(new JsonObject().put("idNumber", DemoPeople.person("P00000003").idNumber()))
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("ticket");
    String token = calls.send("demo-mobile", HttpMethod.POST, "/v1/sessions", new JsonObject()
        .put("method", "IDENTITY_TICKET").put("ticket", ticket).toBuffer(), System.currentTimeMillis())
        .bodyAsJsonObject().getString("accessToken");

    JsonObject card = new JsonObject().put("cardNumber", "6222021234567890128").put("bankCode", "102");
    HttpResponse<Buffer> bad = bind(calls, token, "P00000003", card.copy().put("cardNumber", "6222021234567890123"));
    assertThat(bad.bodyAsJsonObject().getString("code")).isEqualTo("BANK_CARD_INVALID");
    HttpResponse<Buffer> foreign = bind(calls, token, "P00000003", card.copy().put("bankCode", "999"));
    assertThat(foreign.bodyAsJsonObject().getString("code")).isEqualTo("BANK_NOT_SUPPORTED");
    HttpResponse<Buffer> others = bind(calls, token, "P00000001", card);
    assertThat(others.statusCode()).isEqualTo(404);

    HttpResponse<Buffer> bound = bind(calls, token, "P00000003", card);
    assertThat(bound.statusCode()).as(bound.bodyAsString()).isEqualTo(200);
    contract.conforms("bindBankCard", bound);
    assertThat(bound.bodyAsJsonObject().getString("cardNumber")).isEqualTo("6222***********0128");
    HttpResponse<Buffer> replaced = bind(calls, token, "P00000003",
        card.copy().put("cardNumber", "4111111111111111").put("bankCode", "105"));
    assertThat(replaced.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> shown = calls.request("demo-mobile", HttpMethod.GET, "/v1/members/P00000003/bank-card", null,
        System.currentTimeMillis()).bearerTokenAuthentication(token).send().await(10, TimeUnit.SECONDS);
    contract.conforms("getBankCard", shown);
    assertThat(shown.bodyAsJsonObject().getString("cardNumber")).isEqualTo("4111********1111");
    assertThat(shown.bodyAsJsonObject().getString("bankCode")).isEqualTo("105");

    var rows = TestPlatform.app().pool().query("SELECT row_to_json(c)::text AS r FROM bank_card c").execute()
        .await(10, TimeUnit.SECONDS);
    rows.forEach(row -> assertThat(row.getString("r")).doesNotContain("6222021234567890128", "4111111111111111"));
    long bound1 = TestPlatform.app().pool().query(
            "SELECT count(*) FROM bank_card WHERE person_id = 'P00000003' AND unbound_at IS NULL")
        .execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(bound1).isEqualTo(1);
    long audited = TestPlatform.app().pool().query("SELECT count(*) FROM audit_log WHERE operation = 'bindBankCard' "
            + "AND details::text LIKE '%4111********1111%'").execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
    assertThat(audited).isEqualTo(1);
  }

  private static HttpResponse<Buffer> bind(SignedCalls calls, String token, String personId, JsonObject card)
      throws Exception {
    return calls.request("demo-mobile", HttpMethod.PUT, "/v1/members/" + personId + "/bank-card", card.toBuffer(),
            System.currentTimeMillis()).bearerTokenAuthentication(token)
        .putHeader("Idempotency-Key", "card-" + UUID.randomUUID()).sendBuffer(card.toBuffer()).await(10, TimeUnit.SECONDS);
  }
}
