package hpf.bench;

import hpf.sandbox.DemoApps;
import hpf.sandbox.DemoClient;
import hpf.sandbox.DemoPeople;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Sessions for bench/channel.sh's pre-signer, opened through the public API as a channel would before the load:
 * sandbox members by a ticket of the sandbox identity provider, counter staff by password (docs/sandbox.md). Only
 * the sandbox people can log in (generated members have no logins); a data set generated on an empty data directory
 * gives them no fund account, so {@link #ensureAccount} has the counter add one at the demo employer, as the demo
 * story does. Blocking HTTP; a refusal stops the benchmark with the answer.
 */
final class BenchLogins {

  static final DemoApps.Demo MOBILE = DemoApps.byId("demo-mobile");
  static final DemoApps.Demo COUNTER = DemoApps.byId("demo-counter");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String sandbox;

  BenchLogins(String base, String sandbox) {
    this.base = base;
    this.sandbox = sandbox;
  }

  /** A new session of a sandbox member in the mobile app (each call opens another session). */
  String member(DemoPeople.Person person) {
    HttpResponse<String> issued = send(HttpRequest.newBuilder(URI.create(sandbox + "/idp/tickets"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("idNumber", person.idNumber()).encode()))
        .build(), 201);
    String ticket = new JsonObject(issued.body()).getString("ticket");
    return login(MOBILE, new JsonObject().put("method", "IDENTITY_TICKET").put("ticket", ticket));
  }

  /** A new session of counter staff {@code counter.li} through the HMAC-SM3 counter app. */
  String staff() {
    return login(COUNTER, new JsonObject().put("method", "STAFF_PASSWORD").put("staffId", "counter.li")
        .put("password", DemoPeople.STAFF_PASSWORD));
  }

  /** Gives the member an account at the demo employer when its own account read answers 404. */
  void ensureAccount(DemoPeople.Person person, String memberToken, String staffToken) {
    String path = "/v1/members/" + person.personId() + "/account";
    if (signed(MOBILE, memberToken, "GET", path, null).statusCode() != 404) {
      return;
    }
    JsonObject member = new JsonObject().put("name", person.name()).put("idNumber", person.idNumber())
        .put("phone", person.phone()).put("monthlyWage", "8000.00");
    HttpResponse<String> added = signed(COUNTER, staffToken, "POST",
        "/v1/employers/" + DemoPeople.EMPLOYERS.get(0).employerId() + "/members", member);
    if (added.statusCode() / 100 != 2) {
      throw new IllegalStateException("adding " + person.personId() + " to the demo employer: HTTP "
          + added.statusCode() + " " + added.body());
    }
    System.err.println("  " + person.personId() + " had no fund account: added to the demo employer");
  }

  private String login(DemoApps.Demo app, JsonObject body) {
    HttpResponse<String> session = send(DemoClient.signed(app, "POST", URI.create(base + "/v1/sessions"),
        body.encode().getBytes(StandardCharsets.UTF_8)), 201);
    return new JsonObject(session.body()).getString("accessToken");
  }

  private HttpResponse<String> signed(DemoApps.Demo app, String token, String method, String path, JsonObject body) {
    byte[] bytes = body == null ? new byte[0] : body.encode().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(
        DemoClient.signed(app, method, URI.create(base + path), bytes), (name, value) -> true)
        .header("Authorization", "Bearer " + token);
    if (body != null) {
      request.header("Idempotency-Key", "bench-" + UUID.randomUUID());
    }
    return send(request.build(), -1);
  }

  private HttpResponse<String> send(HttpRequest request, int expected) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (expected > 0 && response.statusCode() != expected) {
        throw new IllegalStateException(request.method() + " " + request.uri() + ": HTTP " + response.statusCode()
            + " " + response.body());
      }
      return response;
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
