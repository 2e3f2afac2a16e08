package hpf.boot;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.channel.SignedCalls;
import hpf.crypto.PasswordHash;
import hpf.sandbox.DemoPeople;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A member's own session through a demo app, as a member gets one: a password set for the test, then the login code
 * the sandbox SMS gateway delivered to the member's phone (sent after the request's answer, so polled with a
 * deadline).
 */
public final class MemberLogins {

  private MemberLogins() {}

  public static String session(SignedCalls calls, WebClient client, String app, String personId, String idNumber,
                               String phone) throws Exception {
    TestPlatform.app().pool().preparedQuery("UPDATE person SET password_hash = $2 WHERE person_id = $1")
        .execute(Tuple.of(personId, PasswordHash.hash(DemoPeople.MEMBER_PASSWORD))).await(10, TimeUnit.SECONDS);
    JsonObject subject = new JsonObject().put("subjectKind", "MEMBER").put("idNumber", idNumber);
    Instant since = Instant.now();
    HttpResponse<Buffer> sent = calls.send(app, HttpMethod.POST, "/v1/login-codes", subject.toBuffer(),
        System.currentTimeMillis());
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(202);
    JsonObject login = subject.copy().put("method", "PASSWORD_SMS").put("password", DemoPeople.MEMBER_PASSWORD)
        .put("smsCode", codeSince(client, phone, since));
    HttpResponse<Buffer> session = calls.send(app, HttpMethod.POST, "/v1/sessions", login.toBuffer(),
        System.currentTimeMillis());
    assertThat(session.statusCode()).as(session.bodyAsString()).isEqualTo(201);
    return session.bodyAsJsonObject().getString("accessToken");
  }

  private static String codeSince(WebClient client, String phone, Instant since) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonArray items = client.get(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sms/messages?phone=" + phone)
          .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        JsonObject message = items.getJsonObject(i);
        if (message.getString("text").contains("验证码") && Instant.parse(message.getString("sentAt")).isAfter(since)) {
          return message.getString("text").replaceAll(".*验证码为 ([0-9]{6}).*", "$1");
        }
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("no login code reached " + phone);
  }
}
