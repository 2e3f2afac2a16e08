package hpf.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real sessions for the simulations, opened before the load starts through the public API exactly as a channel
 * would: members by a unified-identity ticket from the sandbox identity provider, the demo employer by password + SMS
 * code read from the sandbox gateway, staff by password at the counter. Logins stay out of the measured traffic
 * because they are rate-limited per subject (60 a minute) and an access token lasts 15 minutes, longer than a run.
 */
final class DemoSessions {

  /** The sandbox people (docs/sandbox.md): password Demo@2026, staff Staff@2026. */
  static final String[][] MEMBERS = {
      {"P00000001", "350102199001011238"},
      {"P00000002", "350203199203187890"},
      {"P00000003", "440305198808083213"}};
  static final String EMPLOYER_ID = "E00000001";
  private static final String EMPLOYER_CREDIT_CODE = "91350203MA31H0A0XG";
  private static final String EMPLOYER_AGENT_PHONE = "13800000003";
  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern SMS = Pattern.compile("验证码为 ([0-9]{6})[^\"]*\",\\s*\"sentAt\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base = Target.publicUrl();
  private final String sandbox = Target.sandboxUrl();

  String member(ChannelApp app, String idNumber) {
    String issued = send(HttpRequest.newBuilder(URI.create(sandbox + "/idp/tickets"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"idNumber\":\"" + idNumber + "\"}")).build(), 201);
    return login(app, "{\"method\":\"IDENTITY_TICKET\",\"ticket\":\"" + group(TICKET, issued) + "\"}");
  }

  String staff(String staffId) {
    return login(ChannelApp.COUNTER,
        "{\"method\":\"STAFF_PASSWORD\",\"staffId\":\"" + staffId + "\",\"password\":\"Staff@2026\"}");
  }

  String employer(ChannelApp app) {
    // The code is texted after the answer, and at most one a minute per account: only a message newer than the
    // newest one before the request is ours (an older code may be used up); none means wait out the minute.
    for (int round = 0; round < 2; round++) {
      Instant before = newestCode(Instant.MIN).sentAt();
      signed(app, "POST", "/v1/login-codes",
          "{\"subjectKind\":\"EMPLOYER\",\"creditCode\":\"" + EMPLOYER_CREDIT_CODE + "\"}", 202);
      for (int attempt = 0; attempt < 50; attempt++) {
        Code code = newestCode(before);
        if (code.value() != null) {
          return login(app, "{\"method\":\"PASSWORD_SMS\",\"subjectKind\":\"EMPLOYER\",\"creditCode\":\""
              + EMPLOYER_CREDIT_CODE + "\",\"password\":\"Demo@2026\",\"smsCode\":\"" + code.value() + "\"}");
        }
        pause(100);
      }
      pause(61_000);
    }
    throw new IllegalStateException("no SMS code for the demo employer's agent");
  }

  /** A login code texted to the employer's agent after {@code after} (value null when none), or the newest time. */
  private record Code(String value, Instant sentAt) {}

  private Code newestCode(Instant after) {
    String messages = send(HttpRequest.newBuilder(URI.create(sandbox + "/sms/messages?phone=" + EMPLOYER_AGENT_PHONE))
        .build(), 200);
    Matcher m = SMS.matcher(messages);
    Instant newest = after;
    String value = null;
    while (m.find()) {
      Instant sentAt = Instant.parse(m.group(2));
      if (sentAt.isAfter(newest)) {
        newest = sentAt;
        value = m.group(1);
      }
    }
    return new Code(value, newest);
  }

  /** A signed request with a session token, e.g. a member granting consent before the load starts. */
  String signedAs(ChannelApp app, String token, String method, String path, String body, int expected) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
        .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    app.signatureHeaders(method, path, null, bytes).forEach(request::header);
    return send(request.build(), expected);
  }

  /** A signed GET with a session token, whatever its answer: e.g. whether a member has a bound card (200 or 404). */
  HttpResponse<String> signedGet(ChannelApp app, String token, String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).GET();
    app.signatureHeaders("GET", path, null, new byte[0]).forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + base + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String login(ChannelApp app, String body) {
    return group(ACCESS_TOKEN, signed(app, "POST", "/v1/sessions", body, 201));
  }

  private String signed(ChannelApp app, String method, String path, String body, int expected) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    app.signatureHeaders(method, path, null, bytes).forEach(request::header);
    return send(request.build(), expected);
  }

  private String send(HttpRequest request, int expected) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != expected) {
        throw new IllegalStateException(request.method() + " " + request.uri() + ": HTTP " + response.statusCode()
            + " " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("unexpected answer: " + text);
    }
    return m.group(1);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
