package hpf.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The command-line side of the admin API: operator Basic auth, for the jar's operator commands. */
public final class AdminClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String authorization;

  public AdminClient(String base, String user, String password) {
    this.base = base;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
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

  /** An operator command: talks to the admin API, answers the process exit code. */
  @FunctionalInterface
  public interface Command {
    int run(AdminClient admin) throws IOException, InterruptedException;
  }

  /**
   * Runs a command against the admin listener named by the options: exit 2 for a usage error, 1 when the
   * listener cannot be reached, else the command's own code.
   */
  public static int run(String[] args, String password, java.io.PrintStream out, Command command) {
    try {
      return command.run(fromArgs(args, password));
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      out.println("cannot reach the admin listener: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Reads {@code --admin <url>} and {@code --user <name>} options; the password comes from HPF_ADMIN_PASSWORD. */
  public static AdminClient fromArgs(String[] args, String password) {
    String admin = "http://localhost:8083";
    String user = "operator";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--admin" -> admin = args[i + 1];
        case "--user" -> user = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --admin <url> --user <name>");
      }
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("set HPF_ADMIN_PASSWORD to the operator password");
    }
    return new AdminClient(admin, user, password);
  }
}
