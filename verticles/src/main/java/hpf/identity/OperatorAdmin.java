package hpf.identity;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.crypto.PasswordHash;
import hpf.crypto.Totp;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;

/**
 * The security administrator's operator accounts: open one (one role, fixed for the account's life; a one-time
 * initial password and the TOTP secret answered once, never stored in clear), list, disable or enable, reset
 * credentials. Nobody acts on the own account here; the bootstrap account may only open the first security
 * administrator. Each change and its audit record commit together; refusals are audited too.
 */
final class OperatorAdmin {

  private final Pool pool;
  private final Operators operators;
  private final OperatorSessions sessions;
  private final AuditLog audit;
  private final WorkerExecutor workers;
  private final String issuer;
  private final String bootstrapUser;

  OperatorAdmin(Pool pool, Operators operators, OperatorSessions sessions, AuditLog audit, WorkerExecutor workers,
                String issuer, String bootstrapUser) {
    this.pool = pool;
    this.operators = operators;
    this.sessions = sessions;
    this.audit = audit;
    this.workers = workers;
    this.issuer = issuer;
    this.bootstrapUser = bootstrapUser;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "createOperator", this::create,
        "listOperators", this::list,
        "setOperatorStatus", this::setStatus,
        "resetOperatorCredentials", this::reset);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String username = body.getString("username");
    String role = body.getString("role");
    boolean bootstrap = Requests.BOOTSTRAP_ROLE.equals(Requests.role(ctx));
    if (username.equals(Requests.operator(ctx)) || username.equals(bootstrapUser)) {
      refuse(ctx, "createOperator", username, OperatorProblems.selfAction());
      return;
    }
    if (bootstrap && !Operators.SECURITY_ADMIN.equals(role)) {
      refuse(ctx, "createOperator", username, OperatorProblems.bootstrapSpent());
      return;
    }
    String password = PasswordPolicy.initial();
    String secret = Totp.newSecret();
    workers.executeBlocking(() -> PasswordHash.hash(password), false)
        .compose(hash -> pool.withTransaction(conn -> (bootstrap ? operators.securityAdminExists(conn)
                : Future.succeededFuture(false))
            .compose(spent -> spent ? Future.failedFuture(new ProblemException(OperatorProblems.bootstrapSpent()))
                : operators.insert(conn, username, body.getString("displayName"), role, hash, secret, true,
                    Requests.operator(ctx)))
            .compose(created -> append(conn, ctx, "createOperator", username, "OK", Map.of("grantedRole", role))
                .map(created))))
        .onSuccess(created -> answer(ctx, 201, credentials(created, password, secret)))
        .onFailure(e -> failAudited(ctx, "createOperator", username, e));
  }

  private void list(RoutingContext ctx) {
    var params = Requests.validated(ctx).getQuery();
    int page = params.get("page") == null || params.get("page").isNull() ? 1 : params.get("page").getInteger();
    int size = params.get("size") == null || params.get("size").isNull() ? 50 : params.get("size").getInteger();
    operators.list((page - 1) * size, size)
        .onSuccess(items -> ctx.json(new JsonObject().put("items", new JsonArray(items)).put("page", page)
            .put("size", size)))
        .onFailure(ctx::fail);
  }

  /** Disabling ends the account's sessions at once; enabling also clears a lock. */
  private void setStatus(RoutingContext ctx) {
    var request = Requests.validated(ctx);
    String username = request.getPathParameters().get("username").getString();
    String status = request.getBody().getJsonObject().getString("status");
    if (username.equals(Requests.operator(ctx))) {
      refuse(ctx, "setOperatorStatus", username, OperatorProblems.selfAction());
      return;
    }
    pool.withTransaction(conn -> operators.setStatus(conn, username, status).compose(account -> account == null
            ? Future.failedFuture(new ProblemException(OperatorProblems.notFound()))
            : ("DISABLED".equals(status) ? sessions.endAll(conn, username, "DISABLED") : Future.<Void>succeededFuture())
                .compose(v -> append(conn, ctx, "setOperatorStatus", username, "OK", Map.of("status", status)))
                .map(account)))
        .onSuccess(ctx::json)
        .onFailure(e -> failAudited(ctx, "setOperatorStatus", username, e));
  }

  /** A forgotten password or a lost phone: new initial password and TOTP secret, the account's sessions ended. */
  private void reset(RoutingContext ctx) {
    String username = Requests.validated(ctx).getPathParameters().get("username").getString();
    if (username.equals(Requests.operator(ctx))) {
      refuse(ctx, "resetOperatorCredentials", username, OperatorProblems.selfAction());
      return;
    }
    String password = PasswordPolicy.initial();
    String secret = Totp.newSecret();
    workers.executeBlocking(() -> PasswordHash.hash(password), false)
        .compose(hash -> pool.withTransaction(conn -> operators.resetCredentials(conn, username, hash, secret)
            .compose(found -> !found ? Future.failedFuture(new ProblemException(OperatorProblems.notFound()))
                : sessions.endAll(conn, username, "CREDENTIALS_RESET")
                    .compose(v -> append(conn, ctx, "resetOperatorCredentials", username, "OK", Map.of())))))
        .onSuccess(v -> answer(ctx, 200, credentials(new JsonObject().put("username", username), password, secret)))
        .onFailure(e -> failAudited(ctx, "resetOperatorCredentials", username, e));
  }

  private JsonObject credentials(JsonObject account, String password, String secret) {
    return account.copy().put("initialPassword", password).put("otpSecret", secret)
        .put("otpUri", Totp.uri(issuer, account.getString("username"), secret));
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    // Shown once: the answer carries a password and a second-factor secret, so nothing may cache it.
    ctx.response().setStatusCode(status).putHeader("Cache-Control", "no-store");
    ctx.json(body);
  }

  private void refuse(RoutingContext ctx, String operation, String target, hpf.kit.Problem problem) {
    failAudited(ctx, operation, target, new ProblemException(problem));
  }

  /** A business refusal is audited with its code; other failures answer as they are. */
  private void failAudited(RoutingContext ctx, String operation, String target, Throwable e) {
    if (!(e instanceof ProblemException p)) {
      ctx.fail(e);
      return;
    }
    audit.append(entry(ctx, operation, target, p.problem().code(), Map.of()))
        .onComplete(done -> ctx.fail(e));
  }

  private Future<Long> append(SqlConnection conn, RoutingContext ctx, String operation, String target, String outcome,
                              Map<String, String> details) {
    return audit.append(conn, entry(ctx, operation, target, outcome, details));
  }

  private static AuditEntry entry(RoutingContext ctx, String operation, String target, String outcome,
                                  Map<String, String> details) {
    Map<String, String> all = new java.util.HashMap<>(details);
    all.put("role", String.valueOf(Requests.role(ctx)));
    return new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", operation, "operator:" + target, outcome,
        Requests.requestId(ctx), all);
  }
}
