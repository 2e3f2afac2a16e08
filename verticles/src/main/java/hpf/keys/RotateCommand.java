package hpf.keys;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar hpf.jar rotate-field-keys [--admin http://localhost:8083] [--user operator]} with the operator
 * password in HPF_ADMIN_PASSWORD: starts a field-key rotation on the running platform and prints its progress
 * until every encrypted value is under the current key version. A command-line tool: writes to standard output.
 */
public final class RotateCommand {

  private RotateCommand() {}

  public static int run(String[] args, String password, PrintStream out) {
    String admin = "http://localhost:8083";
    String user = "operator";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--admin" -> admin = args[i + 1];
        case "--user" -> user = args[i + 1];
        default -> {
          out.println("usage: HPF_ADMIN_PASSWORD=... java -jar hpf.jar rotate-field-keys [--admin <url>] [--user <name>]");
          return 2;
        }
      }
    }
    if (password == null || password.isEmpty()) {
      out.println("set HPF_ADMIN_PASSWORD to the operator password");
      return 2;
    }
    String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create(admin + "/v1/field-keys/rotation");
    try {
      HttpResponse<String> started = http.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      out.println("start: HTTP " + started.statusCode() + " " + started.body());
      if (started.statusCode() != 202) {
        return 1;
      }
      while (true) {
        TimeUnit.SECONDS.sleep(1);
        JsonObject status = new JsonObject(http.send(HttpRequest.newBuilder(uri).header("Authorization", auth).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        out.println("remaining: " + status.getJsonObject("remaining").encode());
        if (!status.getBoolean("running")) {
          JsonObject last = status.getJsonObject("lastRun");
          out.println("finished: " + (last == null ? "{}" : last.encode()));
          return last != null && last.getBoolean("succeeded") ? 0 : 1;
        }
      }
    } catch (java.io.IOException e) {
      out.println("cannot reach " + admin + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
