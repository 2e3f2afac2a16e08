package hpf.cli;

import io.vertx.core.json.JsonObject;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The command-line side of the admin API, for the jar's operator commands: signs in as an individual operator
 * (HPF_OPERATOR_USER or {@code --user}, HPF_OPERATOR_PASSWORD, and the current TOTP code from HPF_OPERATOR_OTP or
 * typed at the prompt), calls with the session's bearer token, and signs out at the end.
 */
public final class AdminClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private String authorization;

  /** Who signs in. */
  public record Credentials(String user, String password, String otp) {}

  /** The sign-in was refused (wrong credentials, locked, throttled): the platform's answer, for the operator. */
  static final class SignInRefused extends Exception {
    SignInRefused(String message) {
      super(message, null, false, false);
    }
  }

  AdminClient(String base) {
    this.base = base;
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.header("Authorization", authorization).timeout(Duration.ofMinutes(5)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  void signIn(Credentials credentials) throws IOException, InterruptedException, SignInRefused {
    String body = new JsonObject().put("username", credentials.user()).put("password", credentials.password())
        .put("otp", credentials.otp()).encode();
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/operator-sessions"))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (answer.statusCode() != 201) {
      throw new SignInRefused("sign-in refused: HTTP " + answer.statusCode() + " " + answer.body());
    }
    authorization = "Bearer " + new JsonObject(answer.body()).getString("token");
  }

  void signOut() {
    try {
      send(HttpRequest.newBuilder(URI.create(base + "/v1/operator-sessions/current")).DELETE());
    } catch (IOException e) {
      // The session expires when idle anyway.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An operator command: talks to the admin API, answers the process exit code. */
  @FunctionalInterface
  public interface Command {
    int run(AdminClient admin) throws IOException, InterruptedException;
  }

  /**
   * Signs in against the admin listener named by the options and runs a command: exit 2 for a usage error, 1 when
   * the listener cannot be reached or refuses the sign-in, else the command's own code.
   */
  public static int run(String[] args, Map<String, String> env, java.io.PrintStream out, Command command) {
    try {
      String admin = "http://localhost:8083";
      String user = env.get("HPF_OPERATOR_USER");
      for (int i = 0; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--admin" -> admin = args[i + 1];
          case "--user" -> user = args[i + 1];
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + "; options: --admin <url> --user <operator>");
        }
      }
      AdminClient client = new AdminClient(admin);
      client.signIn(credentials(user, env, System.console()));
      try {
        return command.run(client);
      } finally {
        client.signOut();
      }
    } catch (IllegalArgumentException | SignInRefused e) {
      out.println(e.getMessage());
      return e instanceof SignInRefused ? 1 : 2;
    } catch (IOException e) {
      out.println("cannot reach the admin listener: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** From the environment, else asked on the terminal (never echoed); without a terminal, a usage error. */
  static Credentials credentials(String user, Map<String, String> env, Console console) {
    if (user == null || user.isBlank()) {
      throw new IllegalArgumentException("set HPF_OPERATOR_USER (or --user) to your operator account");
    }
    String password = env.get("HPF_OPERATOR_PASSWORD");
    if ((password == null || password.isEmpty()) && console != null) {
      char[] typed = console.readPassword("password of %s: ", user);
      password = typed == null ? null : new String(typed);
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("set HPF_OPERATOR_PASSWORD to the password of operator " + user);
    }
    String otp = env.get("HPF_OPERATOR_OTP");
    if ((otp == null || otp.isEmpty()) && console != null) {
      otp = console.readLine("TOTP code of %s (authenticator app): ", user);
    }
    if (otp == null || !otp.trim().matches("\\d{6}")) {
      throw new IllegalArgumentException("set HPF_OPERATOR_OTP to the current 6-digit code of your authenticator app");
    }
    return new Credentials(user, password, otp.trim());
  }
}
