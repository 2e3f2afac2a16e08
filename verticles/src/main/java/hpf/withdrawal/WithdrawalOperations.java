package hpf.withdrawal;

import hpf.audit.AuditLog;
import hpf.channel.ApiRouter;
import hpf.channel.Idempotency;
import hpf.channel.Problem;
import hpf.channel.ProblemException;
import hpf.channel.SignedCallerCheck;
import hpf.identity.Caller;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.ledger.Money;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.util.Map;

/**
 * Public withdrawal operations: the member itself (through any channel) or counter staff apply and cancel; the
 * member and service staff follow the progress. Writes are idempotent and audited in their own transaction.
 */
public final class WithdrawalOperations {


  private final Pool pool;
  private final SessionAuth auth;
  private final Idempotency idempotency;
  private final AuditLog audit;
  private final Withdrawals withdrawals = new Withdrawals();

  public WithdrawalOperations(Pool pool, SessionAuth auth, Idempotency idempotency, AuditLog audit) {
    this.pool = pool;
    this.auth = auth;
    this.idempotency = idempotency;
    this.audit = audit;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "applyWithdrawal", auth.require(idempotency.write("applyWithdrawal", SessionAuth::callerKey, this::apply)),
        "cancelWithdrawal", auth.require(idempotency.write("cancelWithdrawal", SessionAuth::callerKey,
            this::cancel)),
        "listWithdrawals", auth.requireOwner(Caller.MEMBER, this::list));
  }

  private Future<Idempotency.Answer> apply(RoutingContext ctx, SqlConnection conn) {
    var request = ApiRouter.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    Money amount = Money.parse(body.getString("amount"));
    if (!amount.isPositive()) {
      return Future.failedFuture(new ProblemException(WithdrawalProblems.AMOUNT_INVALID));
    }
    var app = SignedCallerCheck.caller(ctx);
    // Counter limits assume staff who check the materials in person; a member's own session there gets none.
    if ("COUNTER".equals(app.kind()) && !Profiles.isCounterStaff(caller)) {
      return Future.failedFuture(new ProblemException(WithdrawalProblems.CHANNEL_NOT_ALLOWED));
    }
    return withdrawals.apply(conn, new Withdrawals.Request(personId, body.getString("reason"), amount, app.id(), app.kind()),
            LocalDate.now(Withdrawals.CENTER_ZONE))
        .compose(application -> record(conn, ctx, "applyWithdrawal", application)
            .map(v -> new Idempotency.Answer(202, application)));
  }

  private Future<Idempotency.Answer> cancel(RoutingContext ctx, SqlConnection conn) {
    var request = ApiRouter.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String applicationId = request.getPathParameters().get("applicationId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    return withdrawals.cancel(conn, personId, applicationId, LocalDate.now(Withdrawals.CENTER_ZONE))
        .compose(application -> record(conn, ctx, "cancelWithdrawal", application)
            .map(v -> new Idempotency.Answer(200, application)));
  }

  private void list(RoutingContext ctx, String personId) {
    withdrawals.list(pool, personId)
        .onSuccess(items -> ctx.json(new JsonObject().put("personId", personId).put("items", items)))
        .onFailure(ctx::fail);
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, JsonObject application) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "withdrawal:" + application.getString("applicationId"),
        Map.of("personId", application.getString("personId"), "reason", application.getString("reason"),
            "amount", application.getString("amount")))).mapEmpty();
  }
}
