package hpf.review;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Idempotency;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;

/**
 * The staff's operations on the public listener (through a counter app, with a staff session): the queue of their
 * roles, one case with its history, and a decision (idempotent, audited, in one transaction with the owner's
 * callback).
 */
final class ReviewOperations extends KitOperations {

  /** Who may read a case: the deciding roles and the auditors. */
  private static final List<String> READERS = List.of("COUNTER", "REVIEWER", "APPROVER", "AUDITOR");

  private final Reviews reviews;
  private final ReviewDecisions decisions;

  ReviewOperations(Kit kit, Reviews reviews) {
    super(kit);
    this.reviews = reviews;
    this.decisions = new ReviewDecisions(reviews);
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listReviewCases", auth.require(this::queue),
        "getReviewCase", auth.require(this::one),
        "decideReviewCase", auth.require(idempotency.write("decideReviewCase", SessionAuth::callerKey, this::decide)));
  }

  private void queue(RoutingContext ctx) {
    Caller caller = SessionAuth.caller(ctx);
    List<String> mine = caller.is(Caller.STAFF)
        ? caller.roles().stream().filter(ReviewFlow.DECIDING_ROLES::contains).toList() : List.of();
    var query = Requests.validated(ctx).getQuery();
    String role = text(query, "role");
    if (mine.isEmpty() || role != null && !mine.contains(role)) {
      ctx.fail(new ProblemException(Profiles.forbidden()));
      return;
    }
    List<String> roles = role == null ? mine : List.of(role);
    String businessType = text(query, "businessType");
    int page = number(query, "page", 1);
    int size = Math.min(number(query, "size", 20), ReviewQueue.SIZE_MAX);
    ReviewQueue.page(pool, roles, businessType, caller.subjectId(), page, size, reviews.now())
        .onSuccess(items -> ctx.json(new JsonObject().put("roles", new JsonArray(roles)).put("page", page)
            .put("size", size)
            .put("items", items)))
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    Caller caller = SessionAuth.caller(ctx);
    if (!caller.is(Caller.STAFF) || !caller.hasAnyRole(READERS)) {
      ctx.fail(new ProblemException(Profiles.forbidden()));
      return;
    }
    String caseId = Requests.validated(ctx).getPathParameters().get("caseId").getString();
    ReviewCases.read(pool, caseId)
        .compose(found -> found == null ? ReviewProblems.<JsonObject>refuse(ReviewProblems.CASE_NOT_FOUND)
            : ReviewCases.details(pool, caseId).map(details -> found.toJson().mergeIn(details)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> decide(RoutingContext ctx, SqlConnection conn) {
    Caller caller = SessionAuth.caller(ctx);
    if (!caller.is(Caller.STAFF) || !caller.hasAnyRole(ReviewFlow.DECIDING_ROLES)) {
      return Future.failedFuture(new ProblemException(Profiles.forbidden()));
    }
    var request = Requests.validated(ctx);
    String caseId = request.getPathParameters().get("caseId").getString();
    JsonObject body = request.getBody().getJsonObject();
    String step = body.getString("step");
    String outcome = body.getString("outcome");
    return decisions.decide(conn, caseId, caller.subjectId(), caller.roles(), step, outcome, body.getString("reason"))
        .compose(decided -> audit.append(conn, SessionAuth.audited(ctx, "decideReviewCase", "review:" + caseId,
                Map.of("businessType", decided.businessType(), "businessId", decided.businessId(), "step", step,
                    "outcome", outcome, "state", decided.state())))
            .compose(seq -> ReviewCases.details(conn, caseId))
            .map(details -> new Idempotency.Answer(200, decided.toJson().mergeIn(details))));
  }

  private static String text(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query == null ? null : query.get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  private static int number(Map<String, RequestParameter> query, String name, int otherwise) {
    RequestParameter p = query == null ? null : query.get(name);
    return p == null || p.isNull() ? otherwise : p.getInteger();
  }
}
