package hpf.boot;

import hpf.channel.Zone;
import hpf.cli.Main;
import hpf.kit.Settings;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up and shutdown of further instances in this JVM. They use the shared test platform's PostgreSQL as
 * an external database, which also exercises the HPF_DB_URL path.
 */
class LifecycleTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HpfApplication start(Map<String, String> overrides) throws Exception {
    return HpfApplication.start(HpfConfig.from(Settings.of(overrides))).await(120, TimeUnit.SECONDS);
  }

  @Test
  void gracefulStopFinishesTheRequestInFlightRefusesNewOnesAndReportsNotReady() throws Exception {
    HpfApplication app = start(TestPlatform.externalDatabaseOverrides());
    int admin = app.ports().get(Zone.ADMIN);
    int management = app.ports().get(Zone.MANAGEMENT);
    try (Socket inFlight = new Socket(InetAddress.getLoopbackAddress(), admin)) {
      String body = "{\"level\":\"INFO\"}";
      OutputStream out = inFlight.getOutputStream();
      out.write(("PUT /v1/loggers/hpf.boot.SystemInfo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Authorization: " + TestOperators.authorization(TestOperators.SYSTEM_ADMIN) + "\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 5)).getBytes(StandardCharsets.US_ASCII));
      out.flush();

      // Stop only once the server has the request: a connection without one is rightly closed at once.
      awaitActiveRequests(app, 1);
      Future<Void> stopping = app.stop();
      awaitRefused(admin);
      // Business listeners drain first; management still answers, and says "not ready".
      HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + management + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("\"accepting\":\"DOWN\"");

      out.write(body.substring(5).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = readResponse(inFlight.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 200").contains("\"level\":\"INFO\"");
      stopping.await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPortInUseStopsStartUpNamingTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> overrides = TestPlatform.externalDatabaseOverrides();
      overrides.put("HPF_PUBLIC_PORT", String.valueOf(taken.getLocalPort()));
      assertThatThrownBy(() -> start(overrides))
          .satisfies(e -> assertThat(Main.rootMessage(e)).isEqualTo("HPF_PUBLIC_PORT: port " + taken.getLocalPort()
              + " on 127.0.0.1 is already in use; stop the other process or choose another port"));
    }
  }

  @Test
  void aDataDirectoryServesOneRunningInstanceOnly() throws Exception {
    Map<String, String> overrides = TestPlatform.externalDatabaseOverrides();
    overrides.put("HPF_DATA_DIR", TestPlatform.dataDir().toString());
    assertThatThrownBy(() -> start(overrides)).satisfies(e -> assertThat(Main.rootMessage(e))
        .isEqualTo("HPF_DATA_DIR: " + TestPlatform.dataDir() + " is in use by another running HPF instance;"
            + " give each instance its own data directory"));
    // The refused instance released nothing it did not own: the platform still answers.
    assertThat(TestPlatform.app().pool().query("SELECT 1").execute().await(10, TimeUnit.SECONDS).size()).isEqualTo(1);
  }

  @Test
  void productionRefusesADatabaseHoldingSandboxCredentials() throws Exception {
    Map<String, String> overrides = TestPlatform.externalDatabaseOverrides();
    overrides.put("HPF_SANDBOX", "false");
    overrides.put("HPF_CLUSTER_NAME", SettingsTest.PRODUCTION_CLUSTER + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    overrides.put("HPF_ADMIN_PASSWORD", "a-real-operator-secret");
    overrides.put("HPF_FIELD_KEYS", "1:00112233445566778899aabbccddeeff");
    overrides.put("HPF_BLIND_INDEX_KEY", "ffeeddccbbaa99887766554433221100");
    overrides.put("HPF_TOKEN_KEYS", "1:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    overrides.put("HPF_PLATFORM_KEYS", "1:1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    overrides.put("HPF_CHAIN_KEYS", "1:2123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    overrides.put("HPF_IDP_URL", "https://idp.example.gov.cn");
    overrides.put("HPF_SMS_URL", "https://sms.example.cn");
    overrides.put("HPF_NATIONAL_SHARING_URL", "https://national-sharing.example.gov.cn");
    overrides.put("HPF_COLLABORATION_URL", "https://collaboration.example.gov.cn");
    overrides.put("HPF_REAL_ESTATE_URL", "https://real-estate.example.gov.cn");
    overrides.put("HPF_FUNERAL_URL", "https://funeral.example.gov.cn");
    overrides.put("HPF_PENSION_URL", "https://pension.example.gov.cn");
    overrides.put("HPF_ELICENSE_URL", "https://elicense.example.gov.cn");
    assertThatThrownBy(() -> start(overrides)).satisfies(e -> assertThat(Main.rootMessage(e))
        .startsWith("HPF_SANDBOX=false, but the database holds sandbox demo credentials"));
  }

  @Test
  void anUnreachableExternalDatabaseIsRetriedThenNamed() throws Exception {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    Map<String, String> overrides = TestPlatform.externalDatabaseOverrides();
    overrides.put("HPF_DB_URL", "postgresql://127.0.0.1:" + closed + "/hpf");
    overrides.put("HPF_DB_CONNECT_TIMEOUT_SECONDS", "2");
    long begin = System.nanoTime();
    assertThatThrownBy(() -> start(overrides)).satisfies(e -> assertThat(Main.rootMessage(e))
        .startsWith("database 127.0.0.1:" + closed + "/hpf is unreachable")
        .contains("HPF_DB_CONNECT_TIMEOUT_SECONDS"));
    // It kept trying for the configured time rather than failing at the first refusal.
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isGreaterThanOrEqualTo(1500);
  }

  private static void awaitActiveRequests(HpfApplication app, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      double active = app.metrics().registry().find("vertx.http.server.active.requests").gauges().stream()
          .mapToDouble(g -> g.value()).sum();
      if (active >= count) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    throw new AssertionError("the server never saw the request in flight");
  }

  private static void awaitRefused(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (java.net.SocketException refused) {
        // Refused, or reset while the listener closes with the connection still in its backlog: not accepted either.
        return;
      }
    }
    throw new AssertionError("listener on " + port + " still accepts connections while draining");
  }

  private static String readResponse(InputStream in) throws IOException {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    int n;
    while ((n = in.read(buffer)) != -1) {
      text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      if (text.indexOf("\r\n\r\n") >= 0 && text.toString().endsWith("}")) {
        break;
      }
    }
    return text.toString();
  }
}
