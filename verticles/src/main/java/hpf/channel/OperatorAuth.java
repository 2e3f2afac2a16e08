package hpf.channel;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Admin listener: operators authenticate with HTTP Basic against the credentials in configuration
 * (HPF_ADMIN_USER / HPF_ADMIN_PASSWORD). The operator's name becomes the actor of the audit records.
 */
public final class OperatorAuth implements AuthenticationHandler {

  private static final String KEY_OPERATOR = "hpf.operator";
  private final byte[] user;
  private final byte[] password;

  public OperatorAuth(String user, String password) {
    this.user = user.getBytes(StandardCharsets.UTF_8);
    this.password = password.getBytes(StandardCharsets.UTF_8);
  }

  public static String operator(RoutingContext ctx) {
    return ctx.get(KEY_OPERATOR);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.equals("/openapi.yaml") || path.equals("/docs") || path.startsWith("/docs/")) {
      ctx.next();
      return;
    }
    String given = credentials(ctx.request().getHeader("Authorization"));
    int colon = given == null ? -1 : given.indexOf(':');
    if (colon > 0) {
      byte[] u = given.substring(0, colon).getBytes(StandardCharsets.UTF_8);
      byte[] p = given.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
      // Both compared in constant time, and both always compared, so timing tells nothing.
      boolean ok = MessageDigest.isEqual(u, user) & MessageDigest.isEqual(p, password);
      if (ok) {
        ctx.put(KEY_OPERATOR, given.substring(0, colon));
        ctx.next();
        return;
      }
    }
    ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"hpf-admin\", charset=\"UTF-8\"");
    ctx.fail(new ProblemException(AuthProblems.operatorUnauthenticated()));
  }

  private static String credentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
