package hpf.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.http.HttpResponse;

/**
 * {@code java -jar hpf.jar reconcile [--admin http://localhost:8083] [--user <operator>]}, signed in as a system
 * administrator (HPF_OPERATOR_USER, HPF_OPERATOR_PASSWORD, HPF_OPERATOR_OTP or prompted): runs the books check on the running platform and prints it; exit code 0 when the books agree, 1 when not.
 */
public final class ReconcileCommand {

  private ReconcileCommand() {}

  public static int run(String[] args, java.util.Map<String, String> env, PrintStream out) {
    return AdminClient.run(args, env, out, admin -> {
      HttpResponse<String> response = admin.get("/v1/ledger/reconciliation");
      if (response.statusCode() != 200) {
        out.println("HTTP " + response.statusCode() + " " + response.body());
        return 1;
      }
      JsonObject report = new JsonObject(response.body());
      out.println(report.encodePrettily());
      return report.getBoolean("balanced") ? 0 : 1;
    });
  }
}
