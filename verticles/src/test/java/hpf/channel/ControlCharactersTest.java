package hpf.channel;

import hpf.apps.ChannelApps;
import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.crypto.Sm2Keys;
import hpf.kit.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A NUL (or any other control character) in a field is refused at the edge of every listener, naming the field, and
 * the operation it was sent with changes nothing; reasons and remarks may still hold line breaks and tabs.
 */
@ExtendWith(VertxExtension.class)
class ControlCharactersTest {

  @Test
  void aNulInAnOperatorsReasonIsRefusedAndTheLimitStaysAsItWas(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    String appId = "test-nul-" + UUID.randomUUID().toString().substring(0, 8);
    new ChannelApps(vertx, TestPlatform.app().pool(), null).registerIfAbsent(appId, "测试·控制字符", "KIOSK", "SM2",
        Sm2Keys.toPem(Sm2Keys.generate().publicKey()), null).await(10, TimeUnit.SECONDS);
    TestPlatform.app().traffic().refreshApps().await(10, TimeUnit.SECONDS);
    JsonObject before = admin(client, HttpMethod.GET, "/v1/traffic/channels/" + appId, null).bodyAsJsonObject();

    HttpResponse<Buffer> refused = admin(client, HttpMethod.PUT, "/v1/traffic/channels/" + appId + "/limits",
        new JsonObject().put("ratePerSecond", 1).put("reason", "临时调整\u0000"));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
    assertThat(refused.getHeader("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("CONTROL_CHARACTER_REFUSED");
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("reason");
    JsonObject after = admin(client, HttpMethod.GET, "/v1/traffic/channels/" + appId, null).bodyAsJsonObject();
    assertThat(after.getLong("version")).isEqualTo(before.getLong("version"));
    assertThat(after.getJsonObject("policy")).isEqualTo(before.getJsonObject("policy"));

    // As an outsider sends it: the escape in the JSON text (a Java string with a lone surrogate would not encode).
    HttpResponse<Buffer> lone = client.request(HttpMethod.PUT, TestPlatform.port(Zone.ADMIN), "127.0.0.1",
            "/v1/traffic/channels/" + appId + "/limits")
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN))
        .putHeader("Idempotency-Key", "cc-" + UUID.randomUUID()).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"ratePerSecond\":1,\"reason\":\"x\\ud800y\"}")).await(10, TimeUnit.SECONDS);
    assertThat(lone.statusCode()).as(lone.bodyAsString()).isEqualTo(400);
    assertThat(admin(client, HttpMethod.GET, "/v1/traffic/channels/" + appId, null).bodyAsJsonObject().getLong("version"))
        .isEqualTo(before.getLong("version"));

    // A line break in a reason is text, not a control: accepted.
    HttpResponse<Buffer> multiLine = admin(client, HttpMethod.PUT, "/v1/traffic/channels/" + appId + "/limits",
        new JsonObject().put("ratePerSecond", 7).put("reason", "第一行\n第二行"));
    assertThat(multiLine.statusCode()).as(multiLine.bodyAsString()).isEqualTo(200);
  }

  @Test
  void aNulInAnIsolationReasonIsRefusedAndNothingIsIsolated(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    String id = TestPlatform.app().dependencies().dependencies().get(0).id();
    String state = TestPlatform.app().dependencies().status(id).state().name();
    HttpResponse<Buffer> refused = admin(client, HttpMethod.POST, "/v1/dependencies/" + id + "/isolation",
        new JsonObject().put("reason", "维护\u0000"));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("CONTROL_CHARACTER_REFUSED");
    assertThat(TestPlatform.app().dependencies().status(id).state().name()).isEqualTo(state);
  }

  @Test
  void aNulInAMembersNameOnThePublicListenerIsRefusedNotA500(Vertx vertx) throws Exception {
    SignedCalls calls = new SignedCalls(WebClient.create(vertx), TestPlatform.port(Zone.PUBLIC));
    String counter = calls.staffToken("counter.li");
    Buffer body = new JsonObject().put("name", "张\u0000三").put("idNumber", hpf.identity.TestIdentities.newIdNumber())
        .put("phone", "13911116666").put("monthlyWage", "6000.00").toBuffer();
    HttpResponse<Buffer> refused = calls.request("demo-counter", HttpMethod.POST, "/v1/employers/E00000001/members", body,
            System.currentTimeMillis()).bearerTokenAuthentication(counter)
        .putHeader("Idempotency-Key", "nul-" + UUID.randomUUID()).putHeader("Content-Type", "application/json")
        .sendBuffer(body).await(10, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("CONTROL_CHARACTER_REFUSED");
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("name");
    new ContractCheck(vertx, Zone.PUBLIC).conforms("addMember", refused);
  }

  @Test
  void controlCharactersInQueryAndPathAreRefusedOnOpenPathsToo(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    for (String uri : new String[] {"/openapi.yaml?x=a%00b", "/openapi.yaml?x=%7F", "/docs/a%01b", "/docs/a%C2%85b"}) {
      HttpResponse<Buffer> answer = client.get(TestPlatform.port(Zone.PUBLIC), "127.0.0.1", uri).send()
          .await(10, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).as(uri).isEqualTo(400);
      assertThat(answer.bodyAsJsonObject().getString("code")).isEqualTo("CONTROL_CHARACTER_REFUSED");
    }
  }

  @Test
  void theBodyCheckNamesTheFieldAndLetsLineBreaksIntoReasonsOnly() {
    assertThat(field("{\"name\":\"张\\u0001三\"}")).isEqualTo("name");
    assertThat(field("{\"a\":{\"b\":[\"ok\",\"x\\u0000\"]}}")).isEqualTo("a.b.1");
    assertThat(field("{\"a\":[{\"c\":1},{\"d\":\"\\u007f\"}]}")).isEqualTo("a.1.d");
    assertThat(field("{\"reason\":\"一\\n二\\t三\",\"remark\":\"x\\ny\"}")).isNull();
    assertThat(field("{\"reason\":\"一\\r二\"}")).isEqualTo("reason");
    assertThat(field("{\"name\":\"一\\n二\"}")).isEqualTo("name");
    assertThat(field("{\"na\\u0000me\":1}")).isEqualTo("na?me");
    assertThat(field("{\"nel\":\"a\u0085b\"}")).isEqualTo("nel");
    assertThat(field("{\"ok\":\"普通文本 with spaces, é ü ©\"}")).isNull();
    assertThat(field("{not json")).isNull();
  }

  @Test
  void textThatWouldBeStoredOtherwiseThanSentOrReadOtherwiseThanShownIsRefused() {
    // A lone surrogate would be stored as '?'; direction overrides and separators change how a reason displays.
    assertThat(field("{\"reason\":\"x\\ud800y\"}")).isEqualTo("reason");
    assertThat(field("{\"reason\":\"x\\udc00\"}")).isEqualTo("reason");
    for (String invisible : new String[] {"\\u202e", "\\u2066", "\\u2028", "\\u2029", "\\ufeff", "\\u200f"}) {
      assertThat(field("{\"reason\":\"a" + invisible + "b\"}")).as(invisible).isEqualTo("reason");
    }
    // A character outside the basic plane is a surrogate pair, and text.
    assertThat(field("{\"name\":\"\\ud842\\udfb7\u5409\"}")).isNull();
  }

  private static String field(String json) {
    return ControlCharacters.bodyField(json.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<Buffer> admin(WebClient client, HttpMethod method, String uri, JsonObject body)
      throws Exception {
    var request = client.request(method, TestPlatform.port(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN));
    if (method != HttpMethod.GET) {
      request.putHeader("Idempotency-Key", "cc-" + UUID.randomUUID());
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }
}
