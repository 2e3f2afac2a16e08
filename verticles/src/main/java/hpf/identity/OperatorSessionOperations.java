package hpf.identity;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.crypto.PasswordHash;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Admin operations of an operator's own sign-in: sign in, sign out, change the own password. */
final class OperatorSessionOperations {

  private final OperatorLogins logins;
  private final OperatorSessions sessions;
  private final Operators operators;
  private final AuditLog audit;
  private final WorkerExecutor workers;

  OperatorSessionOperations(OperatorLogins logins, OperatorSessions sessions, Operators operators, AuditLog audit,
                            WorkerExecutor workers) {
    this.logins = logins;
    this.sessions = sessions;
    this.operators = operators;
    this.audit = audit;
    this.workers = workers;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "createOperatorSession", this::login,
        "deleteCurrentOperatorSession", this::logout,
        "changeOwnOperatorPassword", this::changePassword);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    OperatorLogins.Origin origin = new OperatorLogins.Origin(source(ctx), Requests.requestId(ctx));
    logins.login(body.getString("username"), body.getString("password"), body.getString("otp"), origin)
        .onSuccess(session -> {
          // The token is a credential: no cache keeps the answer.
          ctx.response().setStatusCode(201).putHeader("Cache-Control", "no-store");
          ctx.json(session);
        })
        .onFailure(ctx::fail);
  }

  private void logout(RoutingContext ctx) {
    String token = Requests.bearerToken(ctx);
    (token == null ? Future.succeededFuture(false) : sessions.end(token))
        .compose(ended -> appendAudit(ctx, "deleteCurrentOperatorSession", "OK", Map.of()))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** The one thing an operator may do to the own account; ends the account's other sessions. */
  private void changePassword(RoutingContext ctx) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String username = Requests.operator(ctx);
    String newPassword = body.getString("newPassword");
    String weak = PasswordPolicy.refusal(username, newPassword);
    if (weak != null) {
      ctx.fail(new ProblemException(OperatorProblems.weakPassword(weak)));
      return;
    }
    operators.find(username)
        .compose(account -> workers.executeBlocking(() -> account != null
            && PasswordHash.verify(body.getString("currentPassword"), account.passwordHash())
            && !PasswordHash.verify(newPassword, account.passwordHash())
            ? PasswordHash.hash(newPassword) : null, false))
        .compose(hash -> hash == null
            ? appendAudit(ctx, "changeOwnOperatorPassword", "REFUSED", Map.of())
                .compose(v -> Future.failedFuture(new ProblemException(OperatorProblems.currentPasswordWrong())))
            : operators.changePassword(operators.pool(), username, hash)
                .compose(v -> sessions.endOthers(username, Requests.bearerToken(ctx), "PASSWORD_CHANGED"))
                .compose(v -> appendAudit(ctx, "changeOwnOperatorPassword", "OK", Map.of())))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private Future<Void> appendAudit(RoutingContext ctx, String operation, String outcome, Map<String, String> details) {
    String username = Requests.operator(ctx);
    Map<String, String> all = new java.util.HashMap<>(details);
    all.put("role", String.valueOf(Requests.role(ctx)));
    return audit.append(new AuditEntry(username, "OPERATOR", "admin", operation, "operator:" + username, outcome,
        Requests.requestId(ctx), all)).mapEmpty();
  }

  /** The peer address of the connection: the admin listener is internal and reached without proxies. */
  static String source(RoutingContext ctx) {
    var address = ctx.request().remoteAddress();
    return address == null || address.host() == null ? "unknown" : address.host();
  }
}
