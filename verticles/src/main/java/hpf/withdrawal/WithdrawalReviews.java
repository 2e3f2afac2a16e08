package hpf.withdrawal;

import hpf.crypto.FieldCipher;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.Map;

/**
 * The review queue (初审/复审) of applications that were not approved automatically: reviewers see each source's
 * verdict and the materials the reason needs; a first reviewer passes the application on or rejects it, a second,
 * different reviewer approves it (the money moves in the same transaction) or rejects it. Audited, idempotent.
 */
public final class WithdrawalReviews extends KitOperations {

  private static final int QUEUE_SIZE_MAX = 100;

  private final Withdrawals withdrawals;

  public WithdrawalReviews(Kit kit, Verification verification, FieldCipher fields) {
    super(kit);
    this.withdrawals = new Withdrawals(verification, fields);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listWithdrawalReviews", auth.require(this::queue),
        "decideWithdrawalReview", auth.require(idempotency.write("decideWithdrawalReview", SessionAuth::callerKey,
            this::decide)));
  }


  private void queue(RoutingContext ctx) {
    if (!Profiles.isReviewer(SessionAuth.caller(ctx))) {
      ctx.fail(new hpf.kit.ProblemException(Profiles.forbidden()));
      return;
    }
    var query = Requests.validated(ctx).getQuery();
    var stageParam = query == null ? null : query.get("stage");
    var sizeParam = query == null ? null : query.get("size");
    String stage = stageParam == null || stageParam.isNull() ? "FIRST" : stageParam.getString();
    int size = sizeParam == null || sizeParam.isNull() ? 20 : Math.min(sizeParam.getInteger(), QUEUE_SIZE_MAX);
    WithdrawalRecords.queue(pool, stage + "_REVIEW", size)
        .onSuccess(items -> ctx.json(new JsonObject().put("stage", stage).put("items", items)))
        .onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> decide(RoutingContext ctx, SqlConnection conn) {
    Caller caller = SessionAuth.caller(ctx);
    if (!Profiles.isReviewer(caller)) {
      return Future.failedFuture(new hpf.kit.ProblemException(Profiles.forbidden()));
    }
    var request = Requests.validated(ctx);
    String applicationId = request.getPathParameters().get("applicationId").getString();
    JsonObject body = request.getBody().getJsonObject();
    String decision = body.getString("decision");
    String comment = body.getString("comment");
    String stage = body.getString("stage");
    return WithdrawalRecords.lock(conn, applicationId, null)
        .compose(row -> row.getString("status").endsWith("_REVIEW") && !(stage + "_REVIEW").equals(row.getString("status"))
            // Two reviewers deciding the same step at once: the later one must not become the other step.
            ? Withdrawals.<Row>refuse(WithdrawalProblems.REVIEW_STAGE_CHANGED) : Future.succeededFuture(row))
        .compose(row -> switch (row.getString("status")) {
          case "FIRST_REVIEW" -> WithdrawalRecords.recordReview(conn, applicationId, "FIRST", decision, caller.subjectId(), comment)
              .compose(v -> WithdrawalRecords.setStatus(conn, applicationId, approve(decision) ? "SECOND_REVIEW" : "REJECTED"))
              .compose(v -> WithdrawalRecords.one(conn, row.getString("person_id"), applicationId));
          case "SECOND_REVIEW" -> second(conn, row, caller, decision, comment);
          default -> Withdrawals.<JsonObject>refuse(WithdrawalProblems.REVIEW_NOT_PENDING);
        })
        .compose(application -> audit.append(conn, SessionAuth.audited(ctx, "decideWithdrawalReview",
                "withdrawal:" + applicationId, Map.of("decision", decision, "status", application.getString("status"),
                    "amount", application.getString("amount"))))
            .map(v -> new Idempotency.Answer(200, application)));
  }

  /** Four eyes: the second decision belongs to someone other than the first reviewer. */
  private Future<JsonObject> second(SqlConnection conn, Row row, Caller caller, String decision, String comment) {
    String applicationId = row.getString("application_id");
    return WithdrawalRecords.firstReviewer(conn, applicationId).compose(first -> {
      if (caller.subjectId().equals(first)) {
        return Withdrawals.refuse(WithdrawalProblems.REVIEW_SAME_STAFF);
      }
      Future<Void> recorded = WithdrawalRecords.recordReview(conn, applicationId, "SECOND", decision, caller.subjectId(),
          comment);
      return approve(decision)
          ? recorded.compose(v -> withdrawals.payApproved(conn, row, BusinessTime.today(clock)))
          : recorded.compose(v -> WithdrawalRecords.setStatus(conn, applicationId, "REJECTED"))
              .compose(v -> WithdrawalRecords.one(conn, row.getString("person_id"), applicationId));
    });
  }

  private static boolean approve(String decision) {
    return "APPROVE".equals(decision);
  }
}
