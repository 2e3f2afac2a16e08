package hpf.traffic;

import hpf.apps.ChannelApps;
import hpf.boot.HpfApplication;
import hpf.boot.TestOperators;
import hpf.channel.Zone;
import hpf.crypto.Sm2Keys;
import hpf.sandbox.DemoApps;
import hpf.sandbox.DemoClient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traffic tests' calls: channel apps of their own (so limits never touch the demo apps other tests use), signed
 * calls to a member's public listener and operator calls to its admin listener.
 */
final class TrafficFixture {

  final WebClient client;

  TrafficFixture(WebClient client) {
    this.client = client;
  }

  /** Registers a new SM2 channel app of the type on the shared database and lets each member know it. */
  static DemoApps.Demo register(String prefix, String type, HpfApplication... members) throws Exception {
    String id = "test-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    DemoApps.Demo demo = new DemoApps.Demo(id, "测试·" + prefix, type, "SM2");
    HpfApplication first = members[0];
    new ChannelApps(first.vertx(), first.pool(), null).registerIfAbsent(id, demo.name(), type, "SM2",
        Sm2Keys.toPem(demo.privateKey().publicKey()), null).await(10, TimeUnit.SECONDS);
    for (HpfApplication m : members) {
      m.traffic().refreshApps().await(10, TimeUnit.SECONDS);
    }
    return demo;
  }

  HttpRequest<Buffer> signed(HpfApplication member, DemoApps.Demo app, HttpMethod method, String uri, JsonObject body) {
    URI parsed = URI.create(uri);
    byte[] bytes = body == null ? new byte[0] : body.toBuffer().getBytes();
    HttpRequest<Buffer> request = client.request(method, member.ports().get(Zone.PUBLIC), "127.0.0.1", uri);
    DemoClient.signatureHeaders(app, method.name(), parsed.getRawPath(), parsed.getRawQuery(), bytes,
        System.currentTimeMillis()).forEach(request::putHeader);
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    return request;
  }

  Future<HttpResponse<Buffer>> items(HpfApplication member, DemoApps.Demo app) {
    return signed(member, app, HttpMethod.GET, "/v1/service-items?size=1", null).send();
  }

  /** A member's login with wrong credentials: it reaches the login (and its member window) unless refused before. */
  HttpResponse<Buffer> wrongLogin(HpfApplication member, DemoApps.Demo app, String idNumber) throws Exception {
    JsonObject body = new JsonObject().put("method", "PASSWORD_SMS").put("idNumber", idNumber)
        .put("password", "not-the-password").put("smsCode", "000000");
    return signed(member, app, HttpMethod.POST, "/v1/sessions", body).sendBuffer(body.toBuffer()).await(10, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> admin(HpfApplication member, HttpMethod method, String uri, JsonObject body) throws Exception {
    HttpRequest<Buffer> request = client.request(method, member.ports().get(Zone.ADMIN), "127.0.0.1", uri)
        .putHeader("Authorization", TestOperators.authorization(TestOperators.SYSTEM_ADMIN));
    if (method != HttpMethod.GET) {
      request.putHeader("Idempotency-Key", "traffic-" + UUID.randomUUID());
    }
    return (body == null ? request.send() : request.sendJsonObject(body)).await(10, TimeUnit.SECONDS);
  }

  /** Operators change the app's limits; answers the new state. */
  JsonObject limits(HpfApplication member, String appId, JsonObject change) throws Exception {
    HttpResponse<Buffer> r = admin(member, HttpMethod.PUT, "/v1/traffic/channels/" + appId + "/limits",
        change.copy().put("reason", "测试调整"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  JsonObject channel(HpfApplication member, String appId) throws Exception {
    HttpResponse<Buffer> r = admin(member, HttpMethod.GET, "/v1/traffic/channels/" + appId, null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
