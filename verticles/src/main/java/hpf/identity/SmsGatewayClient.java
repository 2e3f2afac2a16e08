package hpf.identity;

import hpf.channel.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.function.Supplier;

/** The SMS gateway (短信平台) over HTTP: {@code POST {base}/messages {phone, text}} → 2xx when accepted. */
public final class SmsGatewayClient {

  private final WebClient client;
  private final Supplier<String> baseUrl;

  public SmsGatewayClient(WebClient client, Supplier<String> baseUrl) {
    this.client = client;
    this.baseUrl = baseUrl;
  }

  public Future<Void> send(String phone, String text) {
    return client.postAbs(baseUrl.get() + "/messages").timeout(5000)
        .sendJsonObject(new JsonObject().put("phone", phone).put("text", text))
        .transform(ar -> ar.succeeded() && ar.result().statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
            : Future.failedFuture(new ProblemException(IdentityProblems.dependencyUnavailable("短信平台"))));
  }
}
