package hpf.identity;

import hpf.channel.ProblemException;
import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.util.function.Supplier;

/**
 * The unified identity platform (统一身份认证) over HTTP: {@code POST {base}/tickets/{ticket}/redeem} answers
 * 200 {@code {idNumber, name}} for a valid ticket (each ticket redeems once) and 404 otherwise.
 */
public final class IdentityProviderClient {

  /** The person a ticket vouches for. */
  record Identity(String idNumber, String name) {}

  private final WebClient client;
  private final Supplier<String> baseUrl;

  public IdentityProviderClient(WebClient client, Supplier<String> baseUrl) {
    this.client = client;
    this.baseUrl = baseUrl;
  }

  /** The identity behind the ticket, or null when the provider does not vouch for it. */
  Future<Identity> redeem(String ticket) {
    return client.postAbs(baseUrl.get() + "/tickets/" + ticket + "/redeem").timeout(5000).send()
        .transform(ar -> {
          if (ar.failed() || ar.result().statusCode() >= 500) {
            return Future.failedFuture(new ProblemException(IdentityProblems.dependencyUnavailable("统一身份认证平台")));
          }
          if (ar.result().statusCode() != 200) {
            return Future.succeededFuture(null);
          }
          var body = ar.result().bodyAsJsonObject();
          return Future.succeededFuture(new Identity(body.getString("idNumber"), body.getString("name")));
        });
  }
}
