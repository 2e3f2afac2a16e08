package hpf.channel;

import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.kit.Settings;
import hpf.sandbox.DemoApps;
import hpf.sandbox.DemoClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A signed request captured before a full restart of the cluster cannot be replayed after it. */
@ExtendWith(VertxExtension.class)
class NonceRestartTest {

  @Test
  void aRequestSignedBeforeAFullRestartIsRefusedAfterIt(Vertx vertx) throws Exception {
    // A platform of its own (its own data directory, kept embedded database and cluster), stopped and started again.
    Map<String, String> overrides = TestPlatform.overrides(Files.createTempDirectory("hpf-test-restart-"));
    WebClient client = WebClient.create(vertx);

    HpfApplication before = start(overrides);
    Map<String, String> captured;
    try {
      captured = DemoClient.signatureHeaders(DemoApps.byId("demo-mobile"), "GET", "/v1/service-items", "size=1",
          new byte[0], System.currentTimeMillis());
      assertThat(send(client, before, captured).statusCode()).isEqualTo(200);
      assertThat(send(client, before, captured).bodyAsJsonObject().getString("code")).isEqualTo("NONCE_REUSED");
    } finally {
      before.stop().await(60, TimeUnit.SECONDS);
    }

    HpfApplication after = start(overrides);
    try {
      // The nonce map started empty; the capture is refused for its time, not its nonce.
      HttpResponse<Buffer> replay = send(client, after, captured);
      assertThat(replay.statusCode()).isEqualTo(401);
      assertThat(replay.bodyAsJsonObject().getString("code")).isEqualTo("REQUEST_EXPIRED");
      Map<String, String> fresh = DemoClient.signatureHeaders(DemoApps.byId("demo-mobile"), "GET",
          "/v1/service-items", "size=1", new byte[0], System.currentTimeMillis());
      assertThat(send(client, after, fresh).statusCode()).isEqualTo(200);
    } finally {
      after.stop().await(60, TimeUnit.SECONDS);
    }
  }

  private static HpfApplication start(Map<String, String> overrides) throws Exception {
    return HpfApplication.start(HpfConfig.from(Settings.of(overrides))).await(120, TimeUnit.SECONDS);
  }

  private static HttpResponse<Buffer> send(WebClient client, HpfApplication app, Map<String, String> headers)
      throws Exception {
    HttpRequest<Buffer> request = client.get(app.ports().get(Zone.PUBLIC), "127.0.0.1", "/v1/service-items?size=1");
    headers.forEach(request::putHeader);
    return request.send().await(10, TimeUnit.SECONDS);
  }
}
