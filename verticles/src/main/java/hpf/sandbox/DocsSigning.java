package hpf.sandbox;

import hpf.channel.DocsAid;
import hpf.channel.Zone;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The sandbox public listener's docs page signs "try it out" requests: Swagger UI's request interceptor asks
 * {@code POST /docs/sandbox-signature} for the four signature headers of the request it is about to send, signed as
 * the demo app chosen on the page with its published key (docs/sandbox-demo.md). It signs nothing anyone could not
 * sign with the README's keys, and it does not exist outside the sandbox ({@link #aid} answers null there).
 */
public final class DocsSigning {

  static final String PATH = "/docs/sandbox-signature";
  private static final Problem UNSIGNABLE = new Problem(400, "DOCS_SIGNATURE_REQUEST_INVALID", "签名请求无效",
      "请求须为 JSON：app（演示应用）、method、path，可选 query、body。");

  private DocsSigning() {}

  /** The docs aid of a listener: the signer on the sandbox's public listener, none anywhere else. */
  public static DocsAid aid(boolean sandbox, Zone zone) {
    return sandbox && zone == Zone.PUBLIC ? new DocsAid(script(), PATH, DocsSigning::sign) : null;
  }

  private static void sign(RoutingContext ctx) {
    JsonObject request;
    try {
      request = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      request = null;
    }
    if (request == null || request.getString("method") == null || request.getString("path") == null
        || !request.getString("path").startsWith("/")) {
      ctx.fail(new ProblemException(UNSIGNABLE));
      return;
    }
    DemoApps.Demo app;
    try {
      app = DemoApps.byId(request.getString("app", "demo-mobile"));
    } catch (IllegalArgumentException e) {
      ctx.fail(new ProblemException(UNSIGNABLE));
      return;
    }
    String query = request.getString("query");
    byte[] body = request.getString("body", "").getBytes(StandardCharsets.UTF_8);
    String method = request.getString("method").toUpperCase(Locale.ROOT);
    String path = request.getString("path");
    DemoApps.Demo signer = app;
    // An SM2 signature is CPU work: on a worker thread, as the platform's own signature checks are.
    ctx.vertx().executeBlocking(() -> new JsonObject(new java.util.LinkedHashMap<>(DemoClient.signatureHeaders(signer,
            method, path, query == null || query.isEmpty() ? null : query, body, System.currentTimeMillis()))), false)
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** A demo app chooser above Swagger UI and the interceptor that fetches the signature of each request. */
  private static String script() {
    StringBuilder options = new StringBuilder();
    for (DemoApps.Demo d : DemoApps.ALL) {
      options.append("<option value=\"").append(d.appId()).append("\"").append(d.appId().equals("demo-mobile")
          ? " selected" : "").append(">").append(d.appId()).append(" (").append(d.type()).append(", ")
          .append(d.scheme()).append(")</option>");
    }
    return """
        <div style="font-family: sans-serif; padding: 8px 20px; background: #fff8e1">
          沙箱：“Try it out” 的请求由平台以所选演示应用的公开密钥签名（仅沙箱）。Sandbox: requests are signed as
          <select id="hpf-app">%s</select>; staff log in through demo-counter (docs/sandbox-demo.md).
        </div>
        <script>
        window.hpfRequestInterceptor = async (req) => {
          const url = new URL(req.url, window.location.href);
          if (url.origin !== window.location.origin || !url.pathname.startsWith('/v1/')) {
            return req;
          }
          const body = req.body == null ? '' : (typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
          const answer = await fetch('%s', { method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ app: document.getElementById('hpf-app').value, method: req.method || 'GET',
              path: url.pathname, query: url.search.replace(/^\\?/, ''), body: body }) });
          if (answer.ok) {
            Object.assign(req.headers, await answer.json());
            if (body !== '') {
              req.body = body;
            }
          }
          return req;
        };
        </script>
        """.formatted(options, PATH);
  }
}
