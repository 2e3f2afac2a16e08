package hpf.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar hpf.jar rotate-field-keys [--admin http://localhost:8083] [--user <operator>]}, signed in as a
 * security administrator (HPF_OPERATOR_USER, HPF_OPERATOR_PASSWORD, HPF_OPERATOR_OTP or prompted): starts a rotation on the running platform and prints its progress
 * until every encrypted value is under the current key version. A command-line tool: writes to standard output.
 */
public final class RotateCommand {

  private RotateCommand() {}

  public static int run(String[] args, java.util.Map<String, String> env, PrintStream out) {
    return AdminClient.run(args, env, out, admin -> {
      HttpResponse<String> started = admin.post("/v1/field-keys/rotation");
      out.println("start: HTTP " + started.statusCode() + " " + started.body());
      if (started.statusCode() != 202) {
        return 1;
      }
      while (true) {
        TimeUnit.SECONDS.sleep(1);
        JsonObject status = new JsonObject(admin.get("/v1/field-keys/rotation").body());
        JsonObject remaining = status.getJsonObject("remaining");
        out.println("remaining: " + remaining.encode());
        // The database says when it is done; the instance answering may not be the one rotating.
        if (remaining.stream().allMatch(e -> ((Number) e.getValue()).longValue() == 0)) {
          out.println("finished: every encrypted value is under key version " + status.getInteger("currentVersion"));
          return 0;
        }
        JsonObject last = status.getJsonObject("lastRun");
        if (!status.getBoolean("running") && last != null && !last.getBoolean("succeeded")) {
          out.println("failed: " + last.encode());
          return 1;
        }
      }
    });
  }
}
