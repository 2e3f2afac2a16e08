package hpf.channel;

import hpf.sandbox.DemoApps;
import hpf.sandbox.DemoClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/** Test calls to the public listener signed as a sandbox demo app, as a real channel would send them. */
public final class SignedCalls {

  private final WebClient client;
  private final int port;

  public SignedCalls(WebClient client, int port) {
    this.client = client;
    this.port = port;
  }

  public HttpResponse<Buffer> get(String uri) throws Exception {
    return send("demo-mobile", HttpMethod.GET, uri, null, System.currentTimeMillis());
  }

  /** Logs a sandbox staff member in through the demo counter app; answers the access token. */
  public String staffToken(String staffId) throws Exception {
    return send("demo-counter", HttpMethod.POST, "/v1/sessions", new io.vertx.core.json.JsonObject()
            .put("method", "STAFF_PASSWORD").put("staffId", staffId).put("password", hpf.sandbox.DemoPeople.STAFF_PASSWORD)
            .toBuffer(), System.currentTimeMillis())
        .bodyAsJsonObject().getString("accessToken");
  }

  /** Signs {@code uri} (path and query as sent) and the body, then sends. */
  public HttpResponse<Buffer> send(String app, HttpMethod method, String uri, Buffer body, long timestampMillis)
      throws Exception {
    HttpRequest<Buffer> request = request(app, method, uri, body, timestampMillis);
    return (body == null ? request.send() : request.sendBuffer(body)).await(10, TimeUnit.SECONDS);
  }

  public HttpRequest<Buffer> request(String app, HttpMethod method, String uri, Buffer body, long timestampMillis) {
    URI parsed = URI.create(uri);
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", uri);
    DemoClient.signatureHeaders(DemoApps.byId(app), method.name(), parsed.getRawPath(), parsed.getRawQuery(),
        body == null ? new byte[0] : body.getBytes(), timestampMillis).forEach(request::putHeader);
    if (body != null) {
      request.putHeader("Content-Type", "application/json");
    }
    return request;
  }
}
