package hpf.channel;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * What a listener's docs page may add to Swagger UI: a script defining {@code window.hpfRequestInterceptor} (run on
 * every "try it out" request) and one open POST route under {@code /docs/} it talks to. Only the sandbox supplies one
 * (requests signed with the demo apps' published keys); everywhere else the page is plain Swagger UI.
 */
public record DocsAid(String script, String path, Handler<RoutingContext> handler) {

  public DocsAid {
    if (!path.startsWith("/docs/")) {
      throw new IllegalArgumentException("a docs aid lives under /docs/ (an open path): " + path);
    }
  }
}
