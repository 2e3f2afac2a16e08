package hpf.sandbox;

import hpf.crypto.CanonicalRequest;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar hpf.jar call [--app demo-mobile] [--as member:P00000001] [--base http://localhost:8080]
 * [--sandbox http://localhost:8090] [--key IDEMPOTENCY-KEY] [--field NAME] METHOD PATH [JSON-BODY]}: signs a
 * request as a demo channel app of the sandbox run, first logging in as a demo person, employer or staff user when
 * {@code --as} is given (ticket from the sandbox identity provider, SMS code read from the sandbox gateway, or the
 * staff password), sends it and prints the answer ({@code --field NAME}: only that field of a 2xx answer's JSON
 * body, for scripts). A write carries {@code --key} as its Idempotency-Key, else a fresh one.
 * {@code --as operator:ops.auditor} calls the admin listener (default http://localhost:8083) as a demo operator
 * instead ({@link DemoOperatorCall}). For newcomers and scripts; a command-line tool, so it writes to standard output.
 */
public final class DemoClient {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DemoClient() {}

  /** Returns the process exit code: 0 for a 2xx answer, 1 otherwise, 2 for a usage error. */
  public static int run(String[] args, PrintStream out) {
    String app = null;
    String base = null;
    String sandbox = "http://localhost:8090";
    String as = null;
    String key = null;
    String field = null;
    int i = 0;
    while (i < args.length && args[i].startsWith("--")) {
      if (i + 1 >= args.length) {
        return usage(out);
      }
      switch (args[i]) {
        case "--app" -> app = args[i + 1];
        case "--base" -> base = args[i + 1];
        case "--sandbox" -> sandbox = args[i + 1];
        case "--as" -> as = args[i + 1];
        case "--key" -> key = args[i + 1];
        case "--field" -> field = args[i + 1];
        default -> {
          return usage(out);
        }
      }
      i += 2;
    }
    if (args.length - i < 2) {
      return usage(out);
    }
    String method = args[i].toUpperCase(java.util.Locale.ROOT);
    boolean operator = as != null && as.startsWith("operator:");
    if (base == null) {
      base = operator ? "http://localhost:8083" : "http://localhost:8080";
    }
    URI uri = URI.create(base + args[i + 1]);
    byte[] body = args.length - i > 2 ? args[i + 2].getBytes(StandardCharsets.UTF_8) : new byte[0];
    try {
      // Staff log in at the counter: without --app, a staff caller signs as the demo counter app.
      DemoApps.Demo demo = DemoApps.byId(app != null ? app : as != null && as.startsWith("staff:") ? "demo-counter"
          : "demo-mobile");
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> response;
      if (operator) {
        // Operators work on the admin listener: no app signature, a demo operator's session instead.
        response = new DemoOperatorCall(http, base, as.substring("operator:".length())).send(method, args[i + 1], body);
      } else {
        HttpRequest request = signed(demo, method, uri, body);
        HttpRequest.Builder more = HttpRequest.newBuilder(request, (name, value) -> true);
        if (as != null) {
          more.header("Authorization", "Bearer " + new DemoLogin(http, demo, base, sandbox).accessToken(as));
        }
        if (!"GET".equals(method)) {
          // Every write names its business request; a fresh one unless the caller repeats one on purpose (a retry).
          more.header("Idempotency-Key", key != null ? key : "call-" + java.util.UUID.randomUUID());
        }
        request = more.build();
        response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      }
      boolean ok = response.statusCode() / 100 == 2;
      if (ok && field != null) {
        // For scripts: only the answer's field, e.g. E=$(java -jar hpf.jar call --field employerId POST ...).
        Object value = new io.vertx.core.json.JsonObject(response.body()).getValue(field);
        out.println(value == null ? "" : value);
        return 0;
      }
      out.println("HTTP " + response.statusCode());
      response.headers().map().forEach((name, values) -> {
        if (!name.startsWith(":")) { // the client's pseudo-header for the status line
          out.println(name + ": " + String.join(", ", values));
        }
      });
      out.println();
      out.println(response.body());
      return ok ? 0 : 1;
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    } catch (java.io.IOException e) {
      out.println("cannot reach " + base + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** The request with the four signature headers of the demo app. */
  public static HttpRequest signed(DemoApps.Demo demo, String method, URI uri, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    signatureHeaders(demo, method, uri.getRawPath(), uri.getRawQuery(), body, System.currentTimeMillis())
        .forEach(request::header);
    if (body.length > 0) {
      request.header("Content-Type", "application/json");
    }
    return request.build();
  }

  /** X-HPF-App-Id, X-HPF-Timestamp, X-HPF-Nonce (fresh) and X-HPF-Signature for one request. */
  public static Map<String, String> signatureHeaders(DemoApps.Demo demo, String method, String rawPath,
                                                     String rawQuery, byte[] body, long timestampMillis) {
    String timestamp = String.valueOf(timestampMillis);
    byte[] nonceBytes = new byte[16];
    RANDOM.nextBytes(nonceBytes);
    String nonce = HexFormat.of().formatHex(nonceBytes);
    boolean sm2 = "SM2".equals(demo.scheme());
    CanonicalRequest canonical = new CanonicalRequest(sm2 ? CanonicalRequest.SM2_SCHEME : CanonicalRequest.HMAC_SCHEME,
        method, rawPath, rawQuery, demo.appId(), timestamp, nonce, body);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-HPF-App-Id", demo.appId());
    headers.put("X-HPF-Timestamp", timestamp);
    headers.put("X-HPF-Nonce", nonce);
    headers.put("X-HPF-Signature", sm2 ? canonical.signSm2(demo.privateKey()) : canonical.signHmac(demo.hmacSecret()));
    return headers;
  }

  private static int usage(PrintStream out) {
    out.println("usage: java -jar hpf.jar call [--app <demo app>] [--as member:<personId>|employer:<employerId>|"
        + "staff:<staffId>|operator:<ops.system|ops.security|ops.auditor>] [--base <url>] [--sandbox <url>] "
        + "[--key <idempotency key>] [--field <name>] METHOD PATH [JSON-BODY]");
    out.println("demo apps: " + DemoApps.ALL.stream().map(d -> d.appId() + " (" + d.type() + ", " + d.scheme() + ")").toList());
    return 2;
  }
}
