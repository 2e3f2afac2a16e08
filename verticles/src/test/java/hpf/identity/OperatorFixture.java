package hpf.identity;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls on the admin listener the way an operator's browser or an attacker would, from a chosen loopback address
 * (127.0.0.x): the per-source failure limit of one test never touches the others' 127.0.0.1.
 */
final class OperatorFixture {

  static final String NEW_PASSWORD = "Fixture#Pass-2026";

  private final WebClient client;
  private final int port;

  OperatorFixture(Vertx vertx, String localAddress) {
    this.client = WebClient.create(vertx, new WebClientOptions().setLocalAddress(localAddress));
    this.port = TestPlatform.port(Zone.ADMIN);
  }

  HttpResponse<Buffer> call(String authorization, HttpMethod method, String uri, JsonObject body) {
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", uri);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    request.putHeader("Idempotency-Key", UUID.randomUUID().toString());
    try {
      return (body == null ? request.send() : request.sendJsonObject(body)).await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(method + " " + uri + " did not answer in time", e);
    }
  }

  HttpResponse<Buffer> as(String role, HttpMethod method, String uri, JsonObject body) {
    return call(TestOperators.authorization(role), method, uri, body);
  }

  /** A new operator opened by the demo security admin: its answer, with the one-time password and TOTP secret. */
  JsonObject create(String role) {
    String username = "t." + role.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "."
        + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<Buffer> created = as(TestOperators.SECURITY_ADMIN, HttpMethod.POST, "/v1/operators",
        new JsonObject().put("username", username).put("displayName", "测试 " + role).put("role", role));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  /** Not awaited: for many attempts in flight at once. */
  io.vertx.core.Future<HttpResponse<Buffer>> loginAsync(String username, String password, String otp) {
    return client.request(HttpMethod.POST, port, "127.0.0.1", "/v1/operator-sessions")
        .sendJsonObject(new JsonObject().put("username", username).put("password", password).put("otp", otp));
  }

  HttpResponse<Buffer> login(String username, String password, String otp) {
    return call(null, HttpMethod.POST, "/v1/operator-sessions",
        new JsonObject().put("username", username).put("password", password).put("otp", otp));
  }

  /** A fresh, never used TOTP code of the account created. */
  static String otp(JsonObject created) {
    return TestOperators.otp(created.getString("username"), created.getString("otpSecret"));
  }

  /** Signs in with the initial password, changes it as required, and answers the session's Authorization value. */
  String ready(JsonObject created) {
    HttpResponse<Buffer> first = login(created.getString("username"), created.getString("initialPassword"),
        otp(created));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    String bearer = "Bearer " + first.bodyAsJsonObject().getString("token");
    HttpResponse<Buffer> changed = call(bearer, HttpMethod.PUT, "/v1/operator-account/password", new JsonObject()
        .put("currentPassword", created.getString("initialPassword")).put("newPassword", NEW_PASSWORD));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(204);
    return bearer;
  }

  /** The audit records of an actor and operation, newest first, read by the demo auditor. */
  JsonArray audit(String actor, String operation) {
    HttpResponse<Buffer> page = as(TestOperators.AUDITOR, HttpMethod.GET,
        "/v1/audit-log?size=100&actor=" + actor + "&operation=" + operation, null);
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    return page.bodyAsJsonObject().getJsonArray("items");
  }

  static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getString("code");
  }
}
