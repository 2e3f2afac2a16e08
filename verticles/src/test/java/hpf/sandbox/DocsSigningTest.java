package hpf.sandbox;

import hpf.boot.TestPlatform;
import hpf.channel.ApiRouter;
import hpf.channel.Contracts;
import hpf.channel.Zone;
import hpf.channel.ZoneSecurity;
import hpf.traffic.ZoneTraffic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's docs page signs "try it out" requests with the demo apps' published keys, so they are served; outside
 * the sandbox (and on every other listener) the page is plain Swagger UI and the signer does not exist.
 */
@ExtendWith(VertxExtension.class)
class DocsSigningTest {

  @Test
  void theSandboxDocsPageSignsRequestsThePlatformThenServes(Vertx vertx) throws Exception {
    WebClient client = WebClient.create(vertx);
    int port = TestPlatform.port(Zone.PUBLIC);
    assertThat(get(client, port, "/docs").bodyAsString()).contains("requestInterceptor: window.hpfRequestInterceptor")
        .contains("<option value=\"demo-counter\"");
    assertThat(get(client, TestPlatform.port(Zone.ADMIN), "/docs").bodyAsString()).doesNotContain("hpfRequestInterceptor");

    MultiMap headers = signature(client, port, new JsonObject().put("app", "demo-kiosk").put("method", "get")
        .put("path", "/v1/service-items").put("query", "channel=KIOSK&size=2"));
    HttpResponse<Buffer> items = client.get(port, "127.0.0.1", "/v1/service-items?channel=KIOSK&size=2")
        .putHeaders(headers).send().await(10, TimeUnit.SECONDS);
    assertThat(items.statusCode()).as(items.bodyAsString()).isEqualTo(200);

    // A body is signed as sent: a staff login through the counter app.
    String login = new JsonObject().put("method", "STAFF_PASSWORD").put("staffId", "counter.li")
        .put("password", DemoPeople.STAFF_PASSWORD).encode();
    MultiMap signed = signature(client, port, new JsonObject().put("app", "demo-counter").put("method", "POST")
        .put("path", "/v1/sessions").put("body", login));
    HttpResponse<Buffer> session = client.post(port, "127.0.0.1", "/v1/sessions").putHeaders(signed)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(login)).await(10, TimeUnit.SECONDS);
    assertThat(session.statusCode()).as(session.bodyAsString()).isEqualTo(201);

    HttpResponse<Buffer> refused = client.post(port, "127.0.0.1", DocsSigning.PATH)
        .sendJsonObject(new JsonObject().put("app", "nobody").put("method", "GET").put("path", "/v1/service-items"))
        .await(10, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("DOCS_SIGNATURE_REQUEST_INVALID");
  }

  @Test
  void outsideTheSandboxThereIsNoSigner(Vertx vertx) throws Exception {
    for (Zone zone : Zone.values()) {
      assertThat(DocsSigning.aid(false, zone)).as(zone.name()).isNull();
      assertThat(DocsSigning.aid(true, zone) == null).as(zone.name()).isEqualTo(zone != Zone.PUBLIC);
    }
    // The public listener as a production start builds it: the aid it is given outside the sandbox.
    Contracts.Bundled bundled = Contracts.bundle(Zone.PUBLIC);
    Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
    bundled.operationIds().forEach(id -> handlers.put(id, ctx -> ctx.fail(500)));
    ApiRouter.Spec spec = new ApiRouter.Spec(bundled, Contracts.forValidation(vertx, bundled).await(30, TimeUnit.SECONDS),
        handlers);
    int port = vertx.createHttpServer().requestHandler(ApiRouter.create(vertx, spec, new SimpleMeterRegistry(),
            1 << 20, ZoneSecurity.closed(), ZoneTraffic.NONE, DocsSigning.aid(false, Zone.PUBLIC)))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
    WebClient client = WebClient.create(vertx);
    HttpResponse<Buffer> page = get(client, port, "/docs");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("SwaggerUIBundle").doesNotContain("hpfRequestInterceptor")
        .doesNotContain("sandbox-signature");
    HttpResponse<Buffer> signer = client.post(port, "127.0.0.1", DocsSigning.PATH)
        .sendJsonObject(new JsonObject().put("app", "demo-mobile").put("method", "GET").put("path", "/v1/service-items"))
        .await(10, TimeUnit.SECONDS);
    assertThat(signer.statusCode()).isIn(401, 404, 405);
    assertThat(signer.bodyAsString()).doesNotContain("X-HPF-Signature");
  }

  private static HttpResponse<Buffer> get(WebClient client, int port, String uri) throws Exception {
    return client.get(port, "127.0.0.1", uri).send().await(10, TimeUnit.SECONDS);
  }

  private static MultiMap signature(WebClient client, int port, JsonObject request) throws Exception {
    HttpResponse<Buffer> answer = client.post(port, "127.0.0.1", DocsSigning.PATH).sendJsonObject(request)
        .await(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    answer.bodyAsJsonObject().forEach(e -> headers.add(e.getKey(), String.valueOf(e.getValue())));
    assertThat(headers.names()).containsExactlyInAnyOrder("X-HPF-App-Id", "X-HPF-Timestamp", "X-HPF-Nonce",
        "X-HPF-Signature");
    return headers;
  }
}
