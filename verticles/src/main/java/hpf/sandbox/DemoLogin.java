package hpf.sandbox;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The command-line helper's logins as demo subjects, through the real public API and the sandbox servers. */
final class DemoLogin {

  private final HttpClient http;
  private final DemoApps.Demo app;
  private final String base;
  private final String sandbox;

  DemoLogin(HttpClient http, DemoApps.Demo app, String base, String sandbox) {
    this.http = http;
    this.app = app;
    this.base = base;
    this.sandbox = sandbox;
  }

  /** {@code member:P00000001}, {@code employer:E00000001} or {@code staff:counter.li}. */
  String accessToken(String as) throws IOException, InterruptedException {
    String[] parts = as.split(":", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("--as takes member:<personId>, employer:<employerId> or staff:<staffId>");
    }
    JsonObject login = switch (parts[0]) {
      case "member" -> new JsonObject().put("method", "IDENTITY_TICKET").put("ticket", ticket(parts[1]));
      case "employer" -> employerLogin(parts[1]);
      case "staff" -> new JsonObject().put("method", "STAFF_PASSWORD").put("staffId", parts[1])
          .put("password", DemoPeople.STAFF_PASSWORD);
      default -> throw new IllegalArgumentException("--as: unknown kind " + parts[0]);
    };
    HttpResponse<String> session = signedPost("/v1/sessions", login);
    if (session.statusCode() != 201) {
      throw new IllegalArgumentException("login as " + as + " failed: HTTP " + session.statusCode() + " " + session.body());
    }
    return new JsonObject(session.body()).getString("accessToken");
  }

  private String ticket(String personId) throws IOException, InterruptedException {
    HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create(sandbox + "/idp/tickets"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                .put("idNumber", DemoPeople.person(personId).idNumber()).encode())).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (issued.statusCode() != 201) {
      throw new IllegalArgumentException("the sandbox identity provider at " + sandbox + " refused: " + issued.body());
    }
    return new JsonObject(issued.body()).getString("ticket");
  }

  private JsonObject employerLogin(String employerId) throws IOException, InterruptedException {
    DemoPeople.Employer employer = DemoPeople.EMPLOYERS.stream().filter(e -> e.employerId().equals(employerId))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("no demo employer " + employerId));
    String phone = DemoPeople.person(employer.agentPersonId()).phone();
    String before = newestSms(phone);
    signedPost("/v1/login-codes", new JsonObject().put("subjectKind", "EMPLOYER").put("creditCode", employer.creditCode()));
    // The code's SMS is sent after the answer: wait for it (a few seconds at most) at the sandbox gateway.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (java.util.Objects.equals(newestSms(phone), before)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalArgumentException("no login code arrived at the sandbox SMS gateway for " + phone);
      }
      Thread.sleep(50);
    }
    String text = sms(phone).getJsonObject(0).getString("text");
    return new JsonObject().put("method", "PASSWORD_SMS").put("subjectKind", "EMPLOYER")
        .put("creditCode", employer.creditCode()).put("password", DemoPeople.MEMBER_PASSWORD)
        .put("smsCode", text.replaceAll(".*验证码为 ([0-9]{6}).*", "$1"));
  }

  /** The newest message to the phone (with its time), null when none. */
  private String newestSms(String phone) throws IOException, InterruptedException {
    io.vertx.core.json.JsonArray items = sms(phone);
    return items.isEmpty() ? null : items.getJsonObject(0).encode();
  }

  /** The messages the sandbox gateway "sent" to the phone, newest first. */
  private io.vertx.core.json.JsonArray sms(String phone) throws IOException, InterruptedException {
    HttpResponse<String> messages = http.send(HttpRequest.newBuilder(URI.create(sandbox + "/sms/messages?phone=" + phone))
        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new JsonObject(messages.body()).getJsonArray("items");
  }

  private HttpResponse<String> signedPost(String path, JsonObject body) throws IOException, InterruptedException {
    return http.send(DemoClient.signed(app, "POST", URI.create(base + path), body.encode().getBytes(StandardCharsets.UTF_8)),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
