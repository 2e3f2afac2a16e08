package hpf.review;

import hpf.kit.BusinessTime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The review room's Java API for the rooms that own business items: they register what they do with outcomes, open a
 * case in their own transaction, resubmit it after a return, and cancel it for the applicant. Staff decide through
 * {@link ReviewOperations}; every change of a case and the owner's callback share one transaction.
 */
public final class Reviews {

  private final Map<String, ReviewOutcomes> owners = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ReviewMetrics metrics;
  private final Runnable noticesDue;

  /**
   * @param noticesDue asked to send the SMS notices once a transaction that wrote some has committed
   */
  public Reviews(Clock clock, ReviewMetrics metrics, Runnable noticesDue) {
    this.clock = clock;
    this.metrics = metrics;
    this.noticesDue = noticesDue;
  }

  /** The room that owns this business type and what it does with outcomes; one owner per type. */
  public void register(String businessType, ReviewOutcomes outcomes) {
    if (owners.putIfAbsent(businessType, outcomes) != null) {
      throw new IllegalStateException("business type " + businessType + " has an owner already");
    }
    metrics.businessType(businessType);
  }

  /** Opens a case at the first step of the flow in force now; REVIEW_CASE_EXISTS for an item already in review. */
  public Future<ReviewCase> open(SqlConnection tx, ReviewRequest r) {
    return open(tx, r, null);
  }

  /**
   * As {@link #open(SqlConnection, ReviewRequest)}, for an item a staff member entered at the counter: that staff
   * member then decides no step of the case (four eyes between entering and deciding).
   */
  public Future<ReviewCase> open(SqlConnection tx, ReviewRequest r, String enteredByStaffId) {
    if (!owners.containsKey(r.businessType())) {
      return Future.failedFuture(new IllegalStateException("no room registered for business type " + r.businessType()));
    }
    OffsetDateTime now = now();
    return ReviewFlows.inForce(tx, r.businessType(), now)
        .compose(flow -> flow == null ? ReviewProblems.<String>refuse(ReviewProblems.FLOW_MISSING)
            : ReviewCases.insert(tx, r, enteredByStaffId, flow.version(), now)
                .compose(caseId -> caseId == null ? ReviewProblems.<String>refuse(ReviewProblems.CASE_EXISTS)
                    : ReviewCases.act(tx, caseId, 1, flow.step(0), "SYSTEM", "open", "OPEN",
                        reasons(r.manualReasons()), now).map(action -> caseId)))
        .compose(caseId -> ReviewCases.read(tx, caseId))
        .onSuccess(opened -> afterCommit(tx, () -> metrics.opened(r.businessType())));
  }

  /** The applicant corrected a returned item: the case goes back to the first step in a new round. */
  public Future<ReviewCase> resubmit(SqlConnection tx, String businessType, String businessId, JsonObject summary) {
    OffsetDateTime now = now();
    return locked(tx, businessType, businessId).compose(row -> {
      if (!ReviewCase.RETURNED.equals(row.getString("state"))) {
        return ReviewProblems.<ReviewCase>refuse(row.getString("state").equals(ReviewCase.IN_REVIEW)
            ? ReviewProblems.NOT_RETURNED : ReviewProblems.CASE_CLOSED);
      }
      String caseId = row.getString("case_id");
      int round = row.getInteger("round") + 1;
      return ReviewCases.act(tx, caseId, round, ReviewCases.steps(row).get(0), "APPLICANT",
              row.getString("applicant_person_id"), "RESUBMIT", null, now)
          .compose(action -> ReviewCases.move(tx, caseId, ReviewCase.IN_REVIEW, 0, round, now))
          .compose(v -> ReviewCases.resummarise(tx, caseId, summary))
          .compose(v -> ReviewCases.read(tx, caseId));
    });
  }

  /** The applicant withdraws the item before approval; the owner's {@code cancelled} runs in the same transaction. */
  public Future<ReviewCase> cancel(SqlConnection tx, String businessType, String businessId, String applicantPersonId) {
    OffsetDateTime now = now();
    return locked(tx, businessType, businessId).compose(row -> {
      if (!row.getString("applicant_person_id").equals(applicantPersonId)) {
        // Someone else's case: its existence is not revealed.
        return ReviewProblems.<ReviewCase>refuse(ReviewProblems.CASE_NOT_FOUND);
      }
      if (!ReviewCase.IN_REVIEW.equals(row.getString("state")) && !ReviewCase.RETURNED.equals(row.getString("state"))) {
        return ReviewProblems.<ReviewCase>refuse(ReviewProblems.CASE_CLOSED);
      }
      ReviewFlow.Step step = ReviewCases.steps(row).get(row.getInteger("step_index"));
      return close(tx, row, step, new Actor("APPLICANT", applicantPersonId), "CANCEL", null, ReviewCase.CANCELLED, now);
    });
  }

  /** The case of a business item, if it has one. */
  public Future<Optional<ReviewCase>> find(SqlClient client, String businessType, String businessId) {
    return ReviewCases.readByBusiness(client, businessType, businessId).map(Optional::ofNullable);
  }

  /** Who acted: STAFF with a staff id, or APPLICANT with a person id. */
  record Actor(String kind, String id) {}

  /** A staff decision on the case's current step; the checks of {@link ReviewDecisions} have passed. */
  Future<ReviewCase> decided(SqlConnection tx, Row row, ReviewFlow.Step step, String staffId, String outcome,
                             String reason) {
    OffsetDateTime now = now();
    Actor staff = new Actor("STAFF", staffId);
    String caseId = row.getString("case_id");
    int index = row.getInteger("step_index");
    int round = row.getInteger("round");
    return switch (outcome) {
      case "APPROVE" -> index < ReviewCases.steps(row).size() - 1
          // An intermediate step: the case moves on; the owner hears only of the last step's approval.
          ? ReviewCases.act(tx, caseId, round, step, staff.kind(), staffId, outcome, reason, now)
              .compose(action -> ReviewCases.move(tx, caseId, ReviewCase.IN_REVIEW, index + 1, round, now))
              .compose(v -> ReviewCases.read(tx, caseId))
              .onSuccess(c -> afterCommit(tx, () -> metrics.decided(c.businessType(), "PASSED")))
          : close(tx, row, step, staff, outcome, reason, ReviewCase.APPROVED, now);
      case "RETURN" -> close(tx, row, step, staff, outcome, reason, ReviewCase.RETURNED, now);
      case "REFUSE" -> close(tx, row, step, staff, outcome, reason, ReviewCase.REFUSED, now);
      default -> throw new IllegalArgumentException("outcome " + outcome);
    };
  }

  /** An outcome the owner and the applicant hear of: the action, the new state, the notice and the callback. */
  private Future<ReviewCase> close(SqlConnection tx, Row row, ReviewFlow.Step step, Actor actor, String outcome,
                                   String reason, String state, OffsetDateTime now) {
    String caseId = row.getString("case_id");
    String businessType = row.getString("business_type");
    int round = row.getInteger("round");
    ReviewDecision decision = new ReviewDecision(caseId, businessType, row.getString("business_id"), step.step(),
        actor.id(), outcome, reason, now, BusinessTime.today(clock));
    ReviewOutcomes owner = owner(businessType);
    return ReviewCases.act(tx, caseId, round, step, actor.kind(), actor.id(), outcome, reason, now)
        .compose(action -> ReviewNotices.queue(tx, caseId, action, state))
        .compose(v -> ReviewCases.move(tx, caseId, state, ReviewCase.RETURNED.equals(state) ? 0 : row.getInteger(
            "step_index"), round, now))
        .compose(v -> switch (state) {
          case ReviewCase.APPROVED -> owner.approved(tx, decision);
          case ReviewCase.REFUSED -> owner.refused(tx, decision);
          case ReviewCase.RETURNED -> owner.returned(tx, decision);
          default -> owner.cancelled(tx, decision);
        })
        .compose(v -> ReviewCases.read(tx, caseId))
        .onSuccess(c -> afterCommit(tx, () -> {
          metrics.decided(businessType, state);
          noticesDue.run();
        }));
  }

  /** The manual reasons as the opening's reason in the history (bounded like every reason). */
  private static String reasons(List<String> manualReasons) {
    String joined = String.join("；", manualReasons);
    return joined.length() <= 500 ? joined : joined.substring(0, 499) + "…";
  }

  private Future<Row> locked(SqlConnection tx, String businessType, String businessId) {
    return ReviewCases.lockByBusiness(tx, businessType, businessId)
        .compose(row -> row == null ? ReviewProblems.<Row>refuse(ReviewProblems.CASE_NOT_FOUND)
            : Future.succeededFuture(row));
  }

  private ReviewOutcomes owner(String businessType) {
    ReviewOutcomes owner = owners.get(businessType);
    if (owner == null) {
      throw new IllegalStateException("no room registered for business type " + businessType);
    }
    return owner;
  }

  /** Runs once the transaction of {@code tx} has committed (at once when there is none); never on a rollback. */
  private static void afterCommit(SqlConnection tx, Runnable action) {
    var transaction = tx.transaction();
    if (transaction == null) {
      action.run();
    } else {
      transaction.completion().onSuccess(v -> action.run());
    }
  }

  OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }

  List<String> businessTypes() {
    return List.copyOf(owners.keySet());
  }
}
