package hpf.identity;

import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.channel.SignedCalls;
import hpf.channel.Zone;
import hpf.kit.Settings;
import hpf.sandbox.DemoPeople;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** When the identity provider or the SMS gateway cannot be reached, logins say so in business terms (503). */
@ExtendWith(VertxExtension.class)
class UnavailableThirdPartiesTest {

  private static io.micrometer.core.instrument.Counter sendFailures(HpfApplication app) {
    return app.metrics().registry().find("hpf_identity_login_codes_total").tag("outcome", "DEPENDENCY_UNAVAILABLE")
        .counter();
  }

  @Test
  void loginsAnswerDependencyUnavailable(Vertx vertx) throws Exception {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    Map<String, String> settings = TestPlatform.externalDatabaseOverrides();
    settings.put("HPF_IDP_URL", "http://127.0.0.1:" + closed + "/idp");
    settings.put("HPF_SMS_URL", "http://127.0.0.1:" + closed + "/sms");
    HpfApplication app = HpfApplication.start(HpfConfig.from(Settings.of(settings))).await(120, TimeUnit.SECONDS);
    try {
      SignedCalls calls = new SignedCalls(WebClient.create(vertx), app.ports().get(Zone.PUBLIC));
      HttpResponse<Buffer> code = calls.send("demo-mobile", HttpMethod.POST, "/v1/login-codes", new JsonObject()
          .put("subjectKind", "MEMBER").put("idNumber", DemoPeople.person("P00000003").idNumber()).toBuffer(),
          System.currentTimeMillis());
      // The answer never depends on the account or the gateway (nothing is revealed); the failure is counted.
      assertThat(code.statusCode()).as(code.bodyAsString()).isEqualTo(202);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sendFailures(app) == null && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      assertThat(sendFailures(app)).isNotNull();
      HttpResponse<Buffer> ticket = calls.send("demo-mobile", HttpMethod.POST, "/v1/sessions", new JsonObject()
          .put("method", "IDENTITY_TICKET").put("ticket", "abcdefghijklmnopqrstuvwxyz").toBuffer(), System.currentTimeMillis());
      assertThat(ticket.statusCode()).isEqualTo(503);
      assertThat(ticket.bodyAsJsonObject().getString("title")).isEqualTo("统一身份认证平台暂不可用");
    } finally {
      app.stop().await(60, TimeUnit.SECONDS);
    }
  }
}
