package hpf.loan.servicing;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Partial prepayment through the channels: the borrower (or counter staff for the borrower) applies, lists and
 * withdraws; staff decide through the review room's operations. Writes are idempotent and audited.
 */
final class PrepaymentOperations extends KitOperations {

  private final Prepayments prepayments;

  PrepaymentOperations(Kit kit, Prepayments prepayments) {
    super(kit);
    this.prepayments = prepayments;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "applyLoanPrepayment", auth.require(idempotency.write("applyLoanPrepayment", SessionAuth::callerKey,
            this::apply)),
        "listLoanPrepayments", auth.requireOwner(Caller.MEMBER, this::list),
        "cancelLoanPrepayment", auth.require(idempotency.write("cancelLoanPrepayment", SessionAuth::callerKey,
            this::cancel)));
  }

  private Future<Idempotency.Answer> apply(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String contractId = request.getPathParameters().get("contractId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    BigDecimal principal;
    try {
      principal = new BigDecimal(body.getString("principal"));
    } catch (NumberFormatException e) {
      return Future.failedFuture(new ProblemException(Prepayments.AMOUNT_INVALID));
    }
    Prepayments.Request r = new Prepayments.Request(personId, contractId, principal,
        Reschedules.Option.valueOf(body.getString("option")), Receipts.Source.valueOf(body.getString("source")),
        caller.kind() + ":" + caller.subjectId(), Requests.caller(ctx).kind(),
        caller.is(Caller.STAFF) ? caller.subjectId() : null);
    return prepayments.apply(conn, r, BusinessTime.today(clock))
        .compose(p -> audited(conn, ctx, "applyLoanPrepayment", p).map(v -> new Idempotency.Answer(202, p)));
  }

  private void list(RoutingContext ctx, String personId) {
    String contractId = Requests.validated(ctx).getPathParameters().get("contractId").getString();
    Prepayments.list(pool, personId, contractId)
        .onSuccess(items -> ctx.json(new JsonObject().put("contractId", contractId).put("items", items)))
        .onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> cancel(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String prepaymentId = request.getPathParameters().get("prepaymentId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    return prepayments.cancel(conn, personId, prepaymentId)
        .compose(p -> audited(conn, ctx, "cancelLoanPrepayment", p).map(v -> new Idempotency.Answer(200, p)));
  }

  private Future<Void> audited(SqlConnection conn, RoutingContext ctx, String operation, JsonObject p) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "loan-prepayment:" + p.getString("prepaymentId"),
        Map.of("contractId", p.getString("contractId"), "principal", p.getString("principal"),
            "state", p.getString("state")))).mapEmpty();
  }
}
