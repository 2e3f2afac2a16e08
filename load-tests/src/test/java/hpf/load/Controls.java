package hpf.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * What an operator and a tester do beside the load: the admin listener (signed in once as an individual system
 * administrator, its session's bearer token on every call, a fresh Idempotency-Key on every write, so each change is
 * one audited version) and the sandbox's control APIs (faults of
 * data sources, behaviour of the sandbox banks, their books). As Gatling requests when the action is part of the
 * scenario, so it shows in the report at its point in time; as plain calls for the before and after hooks.
 */
final class Controls {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static String adminToken;

  private Controls() {}

  static HttpRequestActionBuilder adminGet(String name, String path) {
    return http(name).get(Target.adminUrl() + path).header("Authorization", session -> adminAuthorization());
  }

  /** A PUT, POST or DELETE on the admin listener with a JSON body (Gatling expression language allowed). */
  static HttpRequestActionBuilder adminWrite(String name, String method, String path, String body) {
    String url = Target.adminUrl() + path;
    var request = switch (method) {
      case "PUT" -> http(name).put(url);
      case "POST" -> http(name).post(url);
      case "DELETE" -> http(name).delete(url);
      default -> throw new IllegalArgumentException(method);
    };
    return request.header("Authorization", session -> adminAuthorization())
        .header("Idempotency-Key", session -> UUID.randomUUID().toString())
        .header("Content-Type", "application/json")
        .body(StringBody(body));
  }

  static HttpRequestActionBuilder sandboxGet(String name, String path) {
    return http(name).get(Target.sandboxUrl() + path);
  }

  static HttpRequestActionBuilder sandboxPut(String name, String path, String body) {
    return http(name).put(Target.sandboxUrl() + path).header("Content-Type", "application/json")
        .body(StringBody(body));
  }

  static HttpRequestActionBuilder sandboxDelete(String name, String path) {
    return http(name).delete(Target.sandboxUrl() + path);
  }

  /** A plain call to the sandbox outside the measured load; a non-2xx answer is an error. */
  static String sandbox(String method, String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(Target.sandboxUrl() + path)), method, body);
  }

  /** A plain call to the admin listener as the operator outside the measured load; a non-2xx answer is an error. */
  static String admin(String method, String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(Target.adminUrl() + path))
        .header("Authorization", adminAuthorization())
        .header("Idempotency-Key", UUID.randomUUID().toString()), method, body);
  }

  /**
   * The operator's session, signed in on first use and kept for the run; every admin call keeps it from idling out
   * (a run whose admin calls are further apart than HPF_OPERATOR_IDLE_MINUTES needs a longer idle setting).
   */
  static synchronized String adminAuthorization() {
    if (adminToken == null) {
      String body = "{\"username\":\"" + Target.operatorUser() + "\",\"password\":\"" + Target.operatorPassword()
          + "\",\"otp\":\"" + Target.operatorOtp() + "\"}";
      String answer = send(HttpRequest.newBuilder(URI.create(Target.adminUrl() + "/v1/operator-sessions")), "POST", body);
      java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(answer);
      if (!token.find()) {
        throw new IllegalStateException("operator sign-in answered without a token");
      }
      adminToken = "Bearer " + token.group(1);
    }
    return adminToken;
  }

  private static String send(HttpRequest.Builder request, String method, String body) {
    request.timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpRequest built = request.build();
    try {
      HttpResponse<String> answer = HTTP.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (answer.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + built.uri() + ": HTTP " + answer.statusCode() + " " + answer.body());
      }
      return answer.body();
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + built.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
