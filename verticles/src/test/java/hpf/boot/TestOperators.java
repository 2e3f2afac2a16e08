package hpf.boot;

import hpf.channel.Zone;
import hpf.crypto.Totp;
import hpf.sandbox.DemoOperators;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How tests authenticate on the admin listener, by the role the step needs: they sign in as the sandbox's demo
 * operator of that role (password and TOTP code) and present its session token. Roles: {@code SYSTEM_ADMIN}
 * (traffic, dependencies, settlement, jobs), {@code SECURITY_ADMIN} (accounts, keys, channel apps), {@code AUDITOR}
 * (audit, evidence, verification). Tokens are kept per role and renewed well before the idle timeout.
 */
public final class TestOperators {

  public static final String SYSTEM_ADMIN = "SYSTEM_ADMIN";
  public static final String SECURITY_ADMIN = "SECURITY_ADMIN";
  public static final String AUDITOR = "AUDITOR";
  /** Renewed when unused this long: well inside the platform's 15-minute idle timeout. */
  private static final Duration RENEW_AFTER = Duration.ofMinutes(5);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Map<String, String> TOKENS = new HashMap<>();
  private static final Map<String, Instant> LAST_USED = new HashMap<>();
  /** The last TOTP step this JVM used per account: a code is accepted once, so each sign-in needs a fresh step. */
  private static final Map<String, Long> LAST_STEP = new HashMap<>();

  private TestOperators() {}

  /** The value of the Authorization header for an operator holding this role on the shared test platform. */
  public static synchronized String authorization(String role) {
    Instant now = Instant.now();
    Instant used = LAST_USED.get(role);
    if (!TOKENS.containsKey(role) || used == null || used.plus(RENEW_AFTER).isBefore(now)) {
      TOKENS.put(role, signIn(DemoOperators.byRole(role)));
    }
    LAST_USED.put(role, now);
    return "Bearer " + TOKENS.get(role);
  }

  /** Forgets the role's session (a test that got 401 for it, e.g. after the session was ended on purpose). */
  public static synchronized void forget(String role) {
    TOKENS.remove(role);
  }

  /** The demo operator of a role: its account name, for assertions on audit records. */
  public static String username(String role) {
    return DemoOperators.byRole(role).username();
  }

  /**
   * A TOTP code for this account that this JVM has not used yet: the current step, or the next one (accepted for
   * clock drift) when the current one was used. Two sign-ins of one account in one 30-second step need the second.
   */
  public static synchronized String otp(String username, String secret) {
    long current = Totp.step(Instant.now());
    long step = Math.max(current, LAST_STEP.getOrDefault(username, 0L) + 1);
    if (step > current + 1) {
      throw new IllegalStateException("more than two sign-ins of " + username + " within 30 seconds");
    }
    LAST_STEP.put(username, step);
    return Totp.code(secret, step);
  }

  /** The demo operator's current TOTP code (for a CLI given HPF_OPERATOR_OTP). */
  public static String otp(String role) {
    DemoOperators.Demo demo = DemoOperators.byRole(role);
    return otp(demo.username(), demo.otpSecret());
  }

  private static String signIn(DemoOperators.Demo demo) {
    JsonObject body = new JsonObject().put("username", demo.username()).put("password", DemoOperators.PASSWORD)
        .put("otp", otp(demo.username(), demo.otpSecret()));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + TestPlatform.port(Zone.ADMIN)
            + "/v1/operator-sessions"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
    try {
      HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (answer.statusCode() != 201) {
        throw new IllegalStateException("sign-in of " + demo.username() + ": HTTP " + answer.statusCode() + " "
            + answer.body());
      }
      return new JsonObject(answer.body()).getString("token");
    } catch (IOException e) {
      throw new IllegalStateException("admin listener unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
