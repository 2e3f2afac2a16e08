package hpf.channel;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.identity.OperatorAccounts;
import hpf.identity.OperatorProblems;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.openapi.contract.Operation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Admin listener: who the caller is, and whether the caller's role may call the operation. Operators present the
 * bearer token of their session; the configured bootstrap account (HPF_ADMIN_USER / HPF_ADMIN_PASSWORD, HTTP
 * Basic) may only do what the contract grants {@code BOOTSTRAP}. Each operation names its roles in the contract
 * ({@code x-hpf-roles}); an operation that names none is refused to everyone. The operator's name becomes the actor
 * of the audit records.
 */
public final class OperatorAuth implements AuthenticationHandler, OperationGate {

  /** In x-hpf-roles: the operation needs no sign-in (signing in itself). */
  public static final String ANONYMOUS = "ANONYMOUS";
  public static final String ROLES_EXTENSION = "x-hpf-roles";
  /** The one route reachable without credentials; the gate still demands ANONYMOUS in its contract entry. */
  private static final String SIGN_IN_PATH = "/v1/operator-sessions";
  /** What a session opened with an initial or reset password may do: change it, or sign out. */
  private static final Set<String> OWN_ACCOUNT = Set.of("changeOwnOperatorPassword", "deleteCurrentOperatorSession");
  private static final String KEY_MUST_CHANGE = "hpf.operator.mustChange";

  private final OperatorAccounts accounts;
  private final AuditLog audit;
  private final String bootstrapUser;
  private final byte[] user;
  private final byte[] password;

  public OperatorAuth(OperatorAccounts accounts, AuditLog audit, String user, String password) {
    this.accounts = accounts;
    this.audit = audit;
    this.bootstrapUser = user;
    this.user = user.getBytes(StandardCharsets.UTF_8);
    this.password = password.getBytes(StandardCharsets.UTF_8);
  }




  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (path.equals("/openapi.yaml") || path.equals("/docs") || path.startsWith("/docs/")) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null && ctx.request().method() == HttpMethod.POST && path.equals(SIGN_IN_PATH)) {
      ctx.next();
      return;
    }
    String token = Requests.bearerToken(ctx);
    if (token != null) {
      accounts.sessions().authenticate(token).onSuccess(principal -> {
        if (principal == null) {
          unauthenticated(ctx);
          return;
        }
        admit(ctx, principal.username(), principal.role(), principal.passwordMustChange());
      }).onFailure(ctx::fail);
      return;
    }
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      bootstrap(ctx, header.substring(6).trim());
      return;
    }
    unauthenticated(ctx);
  }

  /**
   * The bootstrap account: refused outright while its source address is over the failure limit; a wrong guess is
   * counted against the source and audited, so the configured secret cannot be guessed at speed.
   */
  private void bootstrap(RoutingContext ctx, String encoded) {
    String source = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    Instant now = accounts.sessions().now();
    accounts.sources().retryAfter(source, now).onSuccess(wait -> {
      if (wait > 0) {
        ctx.fail(new ProblemException(OperatorProblems.sourceThrottled(), wait));
        return;
      }
      String given = decode(encoded);
      int colon = given == null ? -1 : given.indexOf(':');
      String name = colon > 0 ? given.substring(0, colon) : "";
      byte[] p = colon > 0 ? given.substring(colon + 1).getBytes(StandardCharsets.UTF_8) : new byte[0];
      // Both compared in constant time, and both always compared, so timing tells nothing.
      boolean ok = MessageDigest.isEqual(name.getBytes(StandardCharsets.UTF_8), user) & MessageDigest.isEqual(p, password);
      if (ok) {
        admit(ctx, bootstrapUser, Requests.BOOTSTRAP_ROLE, false);
        return;
      }
      // The guessed name is the caller's text: bounded, and control characters (a NUL cannot be stored) replaced,
      // so the failure is audited whatever was sent.
      String actor = (name.length() > 64 ? name.substring(0, 64) : name).replaceAll("[\\p{Cntrl}]", "?");
      accounts.sources().fail(source, now)
          .compose(v -> audit.append(new AuditEntry(actor, "OPERATOR", "admin", "bootstrapSignIn", "operator:" + actor,
              "FAILED", Requests.requestId(ctx), Map.of("source", source))))
          .onComplete(done -> unauthenticated(ctx));
    }).onFailure(ctx::fail);
  }

  private static void admit(RoutingContext ctx, String username, String role, boolean mustChange) {
    Requests.recordOperator(ctx, username, role);
    ctx.put(KEY_MUST_CHANGE, mustChange);
    ctx.next();
  }

  private static void unauthenticated(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"hpf-admin\"");
    ctx.fail(new ProblemException(AuthProblems.operatorUnauthenticated()));
  }

  /** Deny by default: the caller's role must be among the operation's x-hpf-roles; a refusal is audited. */
  @Override
  public Future<Void> admit(RoutingContext ctx, Operation operation) {
    Set<String> roles = roles(operation);
    if (roles.contains(ANONYMOUS)) {
      return Future.succeededFuture();
    }
    String role = Requests.role(ctx);
    if (role == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"hpf-admin\"");
      return Future.failedFuture(new ProblemException(AuthProblems.operatorUnauthenticated()));
    }
    if (Boolean.TRUE.equals(ctx.get(KEY_MUST_CHANGE)) && !OWN_ACCOUNT.contains(operation.getOperationId())) {
      return deny(ctx, operation, OperatorProblems.passwordChangeRequired());
    }
    return roles.contains(role) ? Future.succeededFuture() : deny(ctx, operation, OperatorProblems.forbidden());
  }

  private Future<Void> deny(RoutingContext ctx, Operation operation, Problem problem) {
    return audit.append(new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", operation.getOperationId(),
            "operator:" + Requests.operator(ctx), "DENIED",
            Requests.requestId(ctx), Map.of("role", Requests.role(ctx), "code", problem.code())))
        .transform(done -> Future.failedFuture(new ProblemException(problem)));
  }

  /** The roles an operation's contract entry grants; empty (nobody) when it names none. */
  public static Set<String> roles(Operation operation) {
    Object declared = operation.getExtensions().get(ROLES_EXTENSION);
    if (declared instanceof Iterable<?> items) {
      java.util.Set<String> roles = new java.util.HashSet<>();
      items.forEach(item -> roles.add(String.valueOf(item)));
      return roles;
    }
    return Set.of();
  }

  private static String decode(String encoded) {
    try {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
