package hpf.review;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.Idempotency;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Operators read a business type's review flow (the version in force and every version) and add a version: 1 to 5
 * steps, each decided by a deciding staff role, effective now or later. A version is never changed; cases already
 * opened keep the version they were opened with. Audited.
 */
final class ReviewAdmin {

  private final Pool pool;
  private final AuditLog audit;
  private final Idempotency idempotency;
  private final Reviews reviews;

  ReviewAdmin(Pool pool, AuditLog audit, Idempotency idempotency, Reviews reviews) {
    this.pool = pool;
    this.audit = audit;
    this.idempotency = idempotency;
    this.reviews = reviews;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getReviewFlow", this::read,
        "addReviewFlowVersion", idempotency.write("addReviewFlowVersion", ctx -> "operator:" + Requests.operator(ctx),
            this::add));
  }

  private void read(RoutingContext ctx) {
    String businessType = Requests.validated(ctx).getPathParameters().get("businessType").getString();
    ReviewFlows.inForce(pool, businessType, reviews.now())
        .compose(inForce -> ReviewFlows.versions(pool, businessType).map(versions -> {
          JsonArray all = new JsonArray();
          versions.forEach(v -> all.add(v.toJson()));
          return new JsonObject().put("businessType", businessType)
              .put("inForce", inForce == null ? null : inForce.toJson()).put("versions", all);
        }))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> add(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String businessType = request.getPathParameters().get("businessType").getString();
    JsonObject body = request.getBody().getJsonObject();
    if (!reviews.businessTypes().contains(businessType)) {
      return ReviewProblems.refuse(ReviewProblems.BUSINESS_TYPE_UNKNOWN);
    }
    List<ReviewFlow.Step> steps = ReviewFlow.steps(body.getJsonArray("steps"));
    if (!ReviewFlow.valid(steps)) {
      return ReviewProblems.refuse(ReviewProblems.FLOW_INVALID);
    }
    OffsetDateTime now = reviews.now();
    OffsetDateTime from;
    try {
      from = body.getString("effectiveFrom") == null ? now : OffsetDateTime.parse(body.getString("effectiveFrom"));
    } catch (DateTimeParseException e) {
      return Future.failedFuture(new ProblemException(hpf.kit.Problem.validation("effectiveFrom：不是有效的时间。",
          new JsonArray().add(new JsonObject().put("field", "effectiveFrom").put("in", "body")
              .put("reason", "格式不正确")))));
    }
    if (from.isBefore(now)) {
      return ReviewProblems.refuse(ReviewProblems.FLOW_EFFECTIVE_PAST);
    }
    String operator = Requests.operator(ctx);
    return ReviewFlows.add(conn, businessType, from, body.getString("title"), steps, body.getString("note"), operator)
        .compose(flow -> audit.append(conn, new AuditEntry(operator, "OPERATOR", "admin", "addReviewFlowVersion",
                "review-flow:" + businessType, "OK", Requests.requestId(ctx),
                Map.of("version", String.valueOf(flow.version()), "effectiveFrom", flow.effectiveFrom().toString(),
                    "steps", String.join(",", steps.stream().map(s -> s.step() + ":" + s.role()).toList()))))
            .map(seq -> new Idempotency.Answer(201, flow.toJson())));
  }
}
