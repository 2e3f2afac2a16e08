package hpf.channel;

import hpf.kit.ProblemException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.util.Set;

/**
 * The caller check of a zone without callers of its own: every request is refused with 401 problem+json before
 * routing (an unknown path as much as a known one, so the answer tells nothing about the routes), except the
 * contract, its docs and the paths named open.
 */
final class ClosedZone implements AuthenticationHandler {

  private final Set<String> openPaths;

  ClosedZone(Set<String> openPaths) {
    this.openPaths = Set.copyOf(openPaths);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.equals("/openapi.yaml") || path.equals("/docs") || path.startsWith("/docs/") || openPaths.contains(path)) {
      ctx.next();
      return;
    }
    ctx.fail(new ProblemException(AuthProblems.callerUnauthenticated()));
  }
}
