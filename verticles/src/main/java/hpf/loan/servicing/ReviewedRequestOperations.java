package hpf.loan.servicing;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.loan.servicing.ReviewedLoanRequests.Applicant;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A reviewed loan request through the channels: the borrower (or counter staff for the borrower) applies, lists and
 * withdraws; staff decide through the review room's operations. Writes are idempotent and audited.
 *
 * @param <R> the request as asked
 */
final class ReviewedRequestOperations<R> extends KitOperations {

  /**
   * What one kind of request is called on the API: its operations, the name of its number (path parameter and
   * field of its view), the audit record's target prefix and the one field of the view it keeps besides the loan
   * and the state, and how an apply body becomes a request (it may throw a {@link ProblemException}).
   */
  record Api<R>(String apply, String list, String cancel, String idName, String target, String auditedField,
                BiFunction<Applicant, JsonObject, R> request) {}

  private final ReviewedLoanRequests<R> requests;
  private final Api<R> api;

  ReviewedRequestOperations(Kit kit, ReviewedLoanRequests<R> requests, Api<R> api) {
    super(kit);
    this.requests = requests;
    this.api = api;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        api.apply(), auth.require(idempotency.write(api.apply(), SessionAuth::callerKey, this::apply)),
        api.list(), auth.requireOwner(Caller.MEMBER, this::list),
        api.cancel(), auth.require(idempotency.write(api.cancel(), SessionAuth::callerKey, this::cancel)));
  }

  private Future<Idempotency.Answer> apply(RoutingContext ctx, SqlConnection conn) {
    return BorrowerWrite.of(ctx)
        .map(w -> api.request().apply(new Applicant(w.personId(), w.contractId(), w.actor(),
            Requests.caller(ctx).kind(), w.staff() ? w.caller().subjectId() : null),
            Requests.validated(ctx).getBody().getJsonObject()))
        .compose(r -> requests.apply(conn, r, BusinessTime.today(clock)))
        .compose(view -> audited(conn, ctx, api.apply(), view).map(v -> new Idempotency.Answer(202, view)));
  }

  private void list(RoutingContext ctx, String personId) {
    String contractId = Requests.validated(ctx).getPathParameters().get("contractId").getString();
    requests.list(pool, personId, contractId)
        .onSuccess(items -> ctx.json(new JsonObject().put("contractId", contractId).put("items", items)))
        .onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> cancel(RoutingContext ctx, SqlConnection conn) {
    String id = Requests.validated(ctx).getPathParameters().get(api.idName()).getString();
    return BorrowerWrite.of(ctx).compose(w -> requests.cancel(conn, w.personId(), id))
        .compose(view -> audited(conn, ctx, api.cancel(), view).map(v -> new Idempotency.Answer(200, view)));
  }

  private Future<Void> audited(SqlConnection conn, RoutingContext ctx, String operation, JsonObject view) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, api.target() + ":" + view.getString(api.idName()),
        Map.of("contractId", view.getString("contractId"), api.auditedField(), view.getString(api.auditedField()),
            "state", view.getString("state")))).mapEmpty();
  }
}
