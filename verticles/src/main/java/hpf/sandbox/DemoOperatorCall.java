package hpf.sandbox;

import hpf.crypto.Sm3;
import hpf.crypto.Totp;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@code call --as operator:ops.auditor GET /v1/audit-log}: a request on the admin listener as a demo operator of
 * the sandbox run, signed in with its published password and TOTP secret. The session token is kept in a 0600 file
 * under the temporary directory and reused while the platform accepts it: a one-time code is accepted once, so
 * signing in on every call would soon run out of codes (and count failures towards the account's lockout).
 */
final class DemoOperatorCall {

  private final HttpClient http;
  private final String base;
  private final DemoOperators.Demo operator;
  private final Path tokenFile;

  DemoOperatorCall(HttpClient http, String base, String username) {
    this.http = http;
    this.base = base;
    this.operator = DemoOperators.ALL.stream().filter(d -> d.username().equals(username)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("--as operator: one of "
            + DemoOperators.ALL.stream().map(DemoOperators.Demo::username).toList()));
    String place = HexFormat.of().formatHex(Sm3.digest((base + "|" + username).getBytes(StandardCharsets.UTF_8)));
    this.tokenFile = Path.of(System.getProperty("java.io.tmpdir"), "hpf-call-" + place.substring(0, 16) + ".token");
  }

  /** Where the session token of this operator on this listener is kept between calls. */
  Path tokenFile() {
    return tokenFile;
  }

  HttpResponse<String> send(String method, String path, byte[] body) throws IOException, InterruptedException {
    String token = Files.exists(tokenFile) ? Files.readString(tokenFile).trim() : null;
    if (token != null) {
      HttpResponse<String> answer = http.send(request(method, path, body, token), utf8());
      if (answer.statusCode() != 401) {
        return answer;
      }
      Files.deleteIfExists(tokenFile);
    }
    token = signIn();
    return http.send(request(method, path, body, token), utf8());
  }

  private String signIn() throws IOException, InterruptedException {
    long step = Totp.step(Instant.now());
    HttpResponse<String> session = post(step);
    if (session.statusCode() == 401) {
      // This step's code was used already (an earlier call); the next step's is accepted within the allowed drift.
      session = post(step + 1);
    }
    if (session.statusCode() != 201) {
      throw new IllegalArgumentException("operator sign-in failed: HTTP " + session.statusCode() + " " + session.body());
    }
    String token = new JsonObject(session.body()).getString("token");
    Files.deleteIfExists(tokenFile);
    Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tokenFile, token);
    return token;
  }

  private HttpResponse<String> post(long step) throws IOException, InterruptedException {
    JsonObject credentials = new JsonObject().put("username", operator.username())
        .put("password", DemoOperators.PASSWORD).put("otp", Totp.code(operator.otpSecret(), step));
    return http.send(HttpRequest.newBuilder(URI.create(base + "/v1/operator-sessions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(credentials.encode())).build(), utf8());
  }

  private HttpRequest request(String method, String path, byte[] body, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token)
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body.length > 0) {
      request.header("Content-Type", "application/json");
    }
    if (!"GET".equals(method)) {
      request.header("Idempotency-Key", "call-" + java.util.UUID.randomUUID());
    }
    return request.build();
  }

  private static HttpResponse.BodyHandler<String> utf8() {
    return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }
}
