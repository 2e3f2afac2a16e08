package hpf.identity;

import hpf.isolation.Dependency;
import hpf.isolation.DependencyGuard;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.function.Supplier;

/**
 * The SMS gateway (短信平台) over HTTP, behind the dependency guard ({@code sms.gateway}):
 * {@code POST {base}/messages {phone, text}} → 2xx when accepted; {@code GET {base}/status} → 2xx when the gateway
 * works, sending nothing (the synthetic probe: a probe must never text anyone).
 */
public final class SmsGatewayClient {

  public static final String DEPENDENCY = "sms.gateway";
  public static final String NAME = "短信平台";

  private final WebClient client;
  private final Supplier<String> baseUrl;
  private final DependencyGuard guard;

  public SmsGatewayClient(WebClient client, Supplier<String> baseUrl, DependencyGuard guard) {
    this.client = client;
    this.baseUrl = baseUrl;
    this.guard = guard;
  }

  /** The guard's registration, with the status request as the probe. */
  public Dependency dependency() {
    return Dependency.of(DEPENDENCY, NAME, () -> client.getAbs(baseUrl.get() + "/status").timeout(5000).send()
        .transform(ar -> ar.succeeded() && ar.result().statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new ProblemException(IdentityProblems.dependencyUnavailable(NAME)))));
  }

  /** Sends through the guard: isolated → DependencyIsolatedException at once; a failure → DEPENDENCY_UNAVAILABLE. */
  public Future<Void> send(String phone, String text) {
    return guard.call(DEPENDENCY, () -> client.postAbs(baseUrl.get() + "/messages").timeout(5000)
        .sendJsonObject(new JsonObject().put("phone", phone).put("text", text))
        .transform(ar -> ar.succeeded() && ar.result().statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new ProblemException(IdentityProblems.dependencyUnavailable(NAME)))));
  }
}
