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
import java.util.Map;

/**
 * Post-loan changes through the channels: the borrower (or counter staff for the borrower) applies, lists and
 * withdraws; staff decide through the review room's operations. Writes are idempotent and audited (the new card
 * number never: masked in the answer, absent from the audit record).
 */
final class LoanChangeOperations extends KitOperations {

  private final LoanChanges changes;

  LoanChangeOperations(Kit kit, LoanChanges changes) {
    super(kit);
    this.changes = changes;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "applyLoanChange", auth.require(idempotency.write("applyLoanChange", SessionAuth::callerKey, this::apply)),
        "listLoanChanges", auth.requireOwner(Caller.MEMBER, this::list),
        "cancelLoanChange", auth.require(idempotency.write("cancelLoanChange", SessionAuth::callerKey, this::cancel)));
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
    JsonObject card = body.getJsonObject("repaymentCard");
    LoanChanges.Request r = new LoanChanges.Request(personId, contractId, body.getString("kind"),
        body.getInteger("termMonths"), body.getString("repaymentMethod"), card == null ? null : card.getString("bankCode"),
        card == null ? null : card.getString("cardNumber"), caller.kind() + ":" + caller.subjectId(),
        Requests.caller(ctx).kind(), caller.is(Caller.STAFF) ? caller.subjectId() : null);
    return changes.apply(conn, r, BusinessTime.today(clock))
        .compose(ch -> audited(conn, ctx, "applyLoanChange", ch).map(v -> new Idempotency.Answer(202, ch)));
  }

  private void list(RoutingContext ctx, String personId) {
    String contractId = Requests.validated(ctx).getPathParameters().get("contractId").getString();
    LoanChanges.list(pool, personId, contractId)
        .onSuccess(items -> ctx.json(new JsonObject().put("contractId", contractId).put("items", items)))
        .onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> cancel(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String changeId = request.getPathParameters().get("changeId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    return changes.cancel(conn, personId, changeId)
        .compose(ch -> audited(conn, ctx, "cancelLoanChange", ch).map(v -> new Idempotency.Answer(200, ch)));
  }

  private Future<Void> audited(SqlConnection conn, RoutingContext ctx, String operation, JsonObject ch) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "loan-change:" + ch.getString("changeId"),
        Map.of("contractId", ch.getString("contractId"), "kind", ch.getString("kind"),
            "state", ch.getString("state")))).mapEmpty();
  }
}
