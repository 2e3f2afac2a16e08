package hpf.channel;

import hpf.boot.TestPlatform;
import hpf.kit.Problem;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outsider without credentials on every listener: each zone refuses before routing (401 problem+json, so an
 * unknown path reveals no more than a known one), except the contracts, their docs and the management probes.
 */
class DenyByDefaultTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<String> send(Zone zone, String method, String path) throws Exception {
    HttpRequest.BodyPublisher body = method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString("{\"any\":\"thing\"}");
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + TestPlatform.port(zone) + path))
        .method(method, body).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void unauthenticated(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getInteger("status")).isEqualTo(401);
    assertThat(problem.getString("code")).matches("[A-Z_]+");
    assertThat(problem.getString("requestId")).isNotBlank();
  }

  @Test
  void theInteropListenerRefusesEveryPathWithoutCredentials() throws Exception {
    for (String path : new String[] {"/", "/v1/transfers", "/made/up/path", "/health/ready", "/metrics"}) {
      for (String method : new String[] {"GET", "POST", "DELETE"}) {
        HttpResponse<String> response = send(Zone.INTEROP, method, path);
        unauthenticated(response);
        assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("CALLER_UNAUTHENTICATED");
      }
    }
    assertThat(send(Zone.INTEROP, "GET", "/openapi.yaml").statusCode()).isEqualTo(200);
    assertThat(send(Zone.INTEROP, "GET", "/docs").statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownPathOnEveryZoneIsRefusedBeforeRouting() throws Exception {
    for (Zone zone : Zone.values()) {
      unauthenticated(send(zone, "GET", "/v1/no-such-thing"));
      unauthenticated(send(zone, "POST", "/admin/../v1/no-such-thing"));
      assertThat(send(zone, "GET", "/openapi.yaml").statusCode()).as(zone.label()).isEqualTo(200);
    }
  }

  @Test
  void managementServesItsProbesAndScrapeOnly() throws Exception {
    assertThat(send(Zone.MANAGEMENT, "GET", "/health/live").statusCode()).isEqualTo(200);
    assertThat(send(Zone.MANAGEMENT, "GET", "/metrics").statusCode()).isEqualTo(200);
    unauthenticated(send(Zone.MANAGEMENT, "GET", "/health"));
    unauthenticated(send(Zone.MANAGEMENT, "GET", "/v1/loggers/hpf"));
  }
}
