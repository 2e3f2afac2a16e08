package hpf.ledger;

import hpf.admin.AdminClient;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.http.HttpResponse;

/**
 * {@code java -jar hpf.jar reconcile [--admin http://localhost:8083] [--user operator]} with HPF_ADMIN_PASSWORD:
 * runs the books check on the running platform and prints it; exit code 0 when the books agree, 1 when not.
 */
public final class ReconcileCommand {

  private ReconcileCommand() {}

  public static int run(String[] args, String password, PrintStream out) {
    try {
      HttpResponse<String> response = AdminClient.fromArgs(args, password).get("/v1/ledger/reconciliation");
      if (response.statusCode() != 200) {
        out.println("HTTP " + response.statusCode() + " " + response.body());
        return 1;
      }
      JsonObject report = new JsonObject(response.body());
      out.println(report.encodePrettily());
      return report.getBoolean("balanced") ? 0 : 1;
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return 2;
    } catch (java.io.IOException e) {
      out.println("cannot reach the admin listener: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
