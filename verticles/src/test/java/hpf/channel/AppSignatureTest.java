package hpf.channel;

import com.hazelcast.map.IMap;
import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.kit.Settings;
import hpf.sandbox.DemoApps;
import hpf.sandbox.DemoClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way a channel app's request is refused on the public listener, and the ways it is accepted. */
@ExtendWith(VertxExtension.class)
class AppSignatureTest {

  private static final String LIST = "/v1/service-items?size=1";
  private WebClient client;
  private SignedCalls calls;
  private ContractCheck contract;
  private int port;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    port = TestPlatform.port(Zone.PUBLIC);
    client = WebClient.create(vertx);
    calls = new SignedCalls(client, port);
    contract = new ContractCheck(vertx, Zone.PUBLIC);
  }

  private JsonObject refused(HttpResponse<Buffer> response, String code) throws Exception {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
    contract.conforms("listServiceItems", response);
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("code")).isEqualTo(code);
    return problem;
  }

  @Test
  void smAndHmacAppsAreAccepted() throws Exception {
    for (DemoApps.Demo demo : DemoApps.ALL) {
      HttpResponse<Buffer> response = calls.send(demo.appId(), HttpMethod.GET, LIST, null, System.currentTimeMillis());
      assertThat(response.statusCode()).as(demo.appId() + ": " + response.bodyAsString()).isEqualTo(200);
    }
  }

  @Test
  void anUnsignedRequestNamesTheMissingHeader() throws Exception {
    HttpResponse<Buffer> response = client.get(port, "127.0.0.1", LIST).send().await(10, TimeUnit.SECONDS);
    assertThat(refused(response, "APP_CREDENTIALS_INVALID").getString("detail")).contains("X-HPF-App-Id");
    HttpRequest<Buffer> badNonce = calls.request("demo-mobile", HttpMethod.GET, LIST, null, System.currentTimeMillis())
        .putHeader("X-HPF-Nonce", "short");
    assertThat(refused(badNonce.send().await(10, TimeUnit.SECONDS), "APP_CREDENTIALS_INVALID").getString("detail"))
        .contains("X-HPF-Nonce");
  }

  @Test
  void anUnregisteredAppIsRefused() throws Exception {
    DemoApps.Demo stranger = new DemoApps.Demo("not-registered", "x", "MOBILE_APP", "SM2");
    HttpRequest<Buffer> request = client.get(port, "127.0.0.1", LIST);
    DemoClient.signatureHeaders(stranger, "GET", "/v1/service-items", "size=1", new byte[0], System.currentTimeMillis())
        .forEach(request::putHeader);
    refused(request.send().await(10, TimeUnit.SECONDS), "APP_UNKNOWN");
  }

  @Test
  void aTimestampOutsideFiveMinutesEitherWayIsRefused() throws Exception {
    long now = System.currentTimeMillis();
    refused(calls.send("demo-mobile", HttpMethod.GET, LIST, null, now - 301_000), "REQUEST_EXPIRED");
    refused(calls.send("demo-mobile", HttpMethod.GET, LIST, null, now + 301_000), "REQUEST_EXPIRED");
    // Four minutes old is accepted, but never older than the cluster's nonce memory (see NonceRestartTest).
    Long memorySince = TestPlatform.app().hazelcast().<String, Long>getMap(NonceRegistry.MEMORY_MAP).get(NonceRegistry.MAP);
    assertThat(calls.send("demo-mobile", HttpMethod.GET, LIST, null, Math.max(now - 240_000, memorySince))
        .statusCode()).isEqualTo(200);
  }

  @Test
  void aSignatureOverOtherContentIsRefused() throws Exception {
    // Signed for size=1, sent with size=2: the query is part of what is signed.
    Map<String, String> headers = DemoClient.signatureHeaders(DemoApps.byId("demo-mobile"), "GET", "/v1/service-items",
        "size=1", new byte[0], System.currentTimeMillis());
    HttpRequest<Buffer> request = client.get(port, "127.0.0.1", "/v1/service-items?size=2");
    headers.forEach(request::putHeader);
    refused(request.send().await(10, TimeUnit.SECONDS), "SIGNATURE_INVALID");
    // An HMAC app's signature with its first bytes changed.
    HttpRequest<Buffer> hmac = calls.request("demo-counter", HttpMethod.GET, LIST, null, System.currentTimeMillis());
    String original = hmac.headers().get("X-HPF-Signature");
    hmac.putHeader("X-HPF-Signature", (original.startsWith("AAAA") ? "BBBB" : "AAAA") + original.substring(4));
    refused(hmac.send().await(10, TimeUnit.SECONDS), "SIGNATURE_INVALID");
  }

  @Test
  void aQueryThatCannotBeSignedUnambiguouslyIsRefused() throws Exception {
    // Reordering repeated parameters would change what the server reads without changing the signature.
    HttpRequest<Buffer> twice = client.get(port, "127.0.0.1", "/v1/service-items?size=1&size=100");
    DemoClient.signatureHeaders(DemoApps.byId("demo-mobile"), "GET", "/v1/service-items", "size=1", new byte[0],
        System.currentTimeMillis()).forEach(twice::putHeader);
    JsonObject repeated = refused(twice.send().await(10, TimeUnit.SECONDS), "APP_CREDENTIALS_INVALID");
    assertThat(repeated.getString("detail")).contains("查询参数");
    HttpRequest<Buffer> malformed = client.get(port, "127.0.0.1", "/v1/service-items?size=%zz");
    DemoClient.signatureHeaders(DemoApps.byId("demo-mobile"), "GET", "/v1/service-items", "size=1", new byte[0],
        System.currentTimeMillis()).forEach(malformed::putHeader);
    assertThat(malformed.send().await(10, TimeUnit.SECONDS).statusCode()).isIn(400, 401);
  }

  @Test
  void aReplayedRequestIsRefusedByEveryMemberOfTheCluster() throws Exception {
    HpfApplication second = HpfApplication.start(HpfConfig.from(Settings.of(TestPlatform.secondMemberOverrides())))
        .await(120, TimeUnit.SECONDS);
    try {
      Map<String, String> headers = DemoClient.signatureHeaders(DemoApps.byId("demo-kiosk"), "GET",
          "/v1/service-items", "size=1", new byte[0], System.currentTimeMillis());
      HttpRequest<Buffer> first = client.get(port, "127.0.0.1", LIST);
      headers.forEach(first::putHeader);
      assertThat(first.send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

      HttpRequest<Buffer> againHere = client.get(port, "127.0.0.1", LIST);
      headers.forEach(againHere::putHeader);
      refused(againHere.send().await(10, TimeUnit.SECONDS), "NONCE_REUSED");

      HttpRequest<Buffer> againThere = client.get(second.ports().get(Zone.PUBLIC), "127.0.0.1", LIST);
      headers.forEach(againThere::putHeader);
      refused(againThere.send().await(10, TimeUnit.SECONDS), "NONCE_REUSED");
    } finally {
      second.stop().await(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void aReplayCheckThatCannotAnswerInTimeRefusesWithServiceBusyNot500() throws Exception {
    Map<String, String> headers = DemoClient.signatureHeaders(DemoApps.byId("demo-kiosk"), "GET",
        "/v1/service-items", "size=1", new byte[0], System.currentTimeMillis());
    // A key locked by another party holds the replay check's entry operation, as an overloaded member would.
    IMap<String, Boolean> nonces = TestPlatform.app().hazelcast().getMap(NonceRegistry.MAP);
    String key = "demo-kiosk/" + headers.get("X-HPF-Nonce");
    nonces.lock(key);
    HttpResponse<Buffer> busy;
    try {
      HttpRequest<Buffer> request = client.get(port, "127.0.0.1", LIST);
      headers.forEach(request::putHeader);
      busy = request.send().await(10, TimeUnit.SECONDS);
    } finally {
      nonces.unlock(key);
    }
    assertThat(busy.statusCode()).as(busy.bodyAsString()).isEqualTo(503);
    contract.conforms("listServiceItems", busy);
    assertThat(busy.bodyAsJsonObject().getString("code")).isEqualTo("SERVICE_BUSY");
    assertThat(busy.getHeader("Retry-After")).isEqualTo("1");
    assertThat(busy.bodyAsString()).doesNotContain("Hazelcast", "Timeout", "Exception");
  }

  @Test
  void theContractAndDocsNeedNoSignature() throws Exception {
    assertThat(client.get(port, "127.0.0.1", "/openapi.yaml").send().await(10, TimeUnit.SECONDS).statusCode())
        .isEqualTo(200);
    assertThat(client.get(port, "127.0.0.1", "/docs").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }
}
