package hpf.traffic;

import hpf.boot.HpfApplication;
import hpf.boot.TestPlatform;
import hpf.sandbox.DemoApps;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A policy change message on the cluster's event bus that no operator made (anyone who reaches the event bus port
 * can send one) changes nothing: members read the versions from PostgreSQL, not from the message.
 */
@ExtendWith(VertxExtension.class)
class PolicyMessageTest {

  @Test
  void aForgedPolicyMessageNeitherLiftsLimitsNorBlocksRealChanges(Vertx vertx) throws Exception {
    HpfApplication app = TestPlatform.app();
    TrafficFixture f = new TrafficFixture(WebClient.create(vertx));
    DemoApps.Demo demo = TrafficFixture.register("forged", "KIOSK", app);
    long fileQuota = f.channel(app, demo.appId()).getJsonObject("policy").getLong("dailyQuota");

    // The forgery: a quota lifted far away, under a version so high that no real change would win again.
    app.vertx().eventBus().publish(TrafficPolicies.CHANGED_ADDRESS, new JsonObject().put("appId", demo.appId())
        .put("version", Long.MAX_VALUE - 1).put("settings", new JsonObject().put("dailyQuota", 999_999_999L)));

    // An operator's real change after it.
    HttpResponse<Buffer> real = f.admin(app, HttpMethod.PUT, "/v1/traffic/channels/" + demo.appId() + "/limits",
        new JsonObject().put("dailyQuota", fileQuota + 7).put("reason", "测试调整"));
    assertThat(real.statusCode()).as(real.bodyAsString()).isEqualTo(200);
    TrafficFixture.eventually(() -> {
      try {
        return f.channel(app, demo.appId()).getJsonObject("policy").getLong("dailyQuota") == fileQuota + 7;
      } catch (Exception e) {
        return false;
      }
    }, "the operator's change in force, the forged one not");
  }
}
