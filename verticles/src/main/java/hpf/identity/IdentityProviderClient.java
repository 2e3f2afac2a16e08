package hpf.identity;

import hpf.isolation.Dependency;
import hpf.isolation.DependencyGuard;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.function.Supplier;

/**
 * The unified identity platform (统一身份认证) over HTTP, behind the dependency guard ({@code identity.provider}):
 * {@code POST {base}/tickets/{ticket}/redeem} answers 200 {@code {idNumber, name}} for a valid ticket (each ticket
 * redeems once) and 404 otherwise. An isolated provider is refused at once (503 DEPENDENCY_ISOLATED); a provider
 * that fails answers 503 DEPENDENCY_UNAVAILABLE and counts towards its isolation.
 */
public final class IdentityProviderClient {

  public static final String DEPENDENCY = "identity.provider";
  public static final String NAME = "统一身份认证平台";
  /** The probe redeems this ticket, which the provider never issues (its tickets are 32 URL-safe characters). */
  static final String PROBE_TICKET = "hpf-probe";

  /** The person a ticket vouches for. */
  record Identity(String idNumber, String name) {}

  private final WebClient client;
  private final Supplier<String> baseUrl;
  private final DependencyGuard guard;

  public IdentityProviderClient(WebClient client, Supplier<String> baseUrl, DependencyGuard guard) {
    this.client = client;
    this.baseUrl = baseUrl;
    this.guard = guard;
  }

  /** The guard's registration: a synthetic probe redeeming a ticket nobody holds (a 404 is a healthy answer). */
  public Dependency dependency() {
    return Dependency.of(DEPENDENCY, NAME, () -> ask(PROBE_TICKET).mapEmpty());
  }

  /** The identity behind the ticket, or null when the provider does not vouch for it. */
  Future<Identity> redeem(String ticket) {
    return guard.call(DEPENDENCY, () -> ask(ticket));
  }

  private Future<Identity> ask(String ticket) {
    return client.postAbs(baseUrl.get() + "/tickets/" + ticket + "/redeem").timeout(5000).send()
        .transform(ar -> {
          if (ar.failed() || ar.result().statusCode() >= 500) {
            return unavailable();
          }
          if (ar.result().statusCode() != 200) {
            return Future.succeededFuture(null);
          }
          JsonObject body = json(ar.result());
          if (body == null || !(body.getValue("idNumber") instanceof String id) || id.isEmpty()) {
            return unavailable(); // an answer that is no answer: the provider is not working properly
          }
          return Future.succeededFuture(new Identity(id, body.getString("name")));
        });
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    try {
      return response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Future<Identity> unavailable() {
    return Future.failedFuture(new ProblemException(IdentityProblems.dependencyUnavailable(NAME)));
  }
}
