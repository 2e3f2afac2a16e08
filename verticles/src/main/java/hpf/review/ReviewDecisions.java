package hpf.review;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;

/**
 * A staff member's decision on a case, checked in order under the case's row lock: the case exists and is open,
 * the step the staff member saw is still the current one (two people deciding at once: the second learns it moved
 * on), the step is for one of their roles, they have not entered the case or decided another step of it, and a
 * return or a refusal states its reason.
 */
final class ReviewDecisions {

  static final Set<String> OUTCOMES = Set.of("APPROVE", "RETURN", "REFUSE");

  private final Reviews reviews;

  ReviewDecisions(Reviews reviews) {
    this.reviews = reviews;
  }

  Future<ReviewCase> decide(SqlConnection tx, String caseId, String staffId, List<String> roles, String step,
                            String outcome, String reason) {
    if (!OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException("outcome " + outcome);
    }
    if (!"APPROVE".equals(outcome) && (reason == null || reason.isBlank())) {
      return ReviewProblems.refuse(ReviewProblems.REASON_REQUIRED);
    }
    return ReviewCases.lock(tx, caseId).compose(row -> {
      if (row == null) {
        return ReviewProblems.<ReviewCase>refuse(ReviewProblems.CASE_NOT_FOUND);
      }
      String state = row.getString("state");
      if (ReviewCase.RETURNED.equals(state)) {
        return ReviewProblems.<ReviewCase>refuse(ReviewProblems.CASE_RETURNED);
      }
      if (!ReviewCase.IN_REVIEW.equals(state)) {
        return ReviewProblems.<ReviewCase>refuse(ReviewProblems.CASE_CLOSED);
      }
      ReviewFlow.Step current = ReviewCases.steps(row).get(row.getInteger("step_index"));
      if (!current.step().equals(step)) {
        return ReviewProblems.<ReviewCase>refuse(ReviewProblems.STEP_CHANGED);
      }
      if (!roles.contains(current.role())) {
        return ReviewProblems.<ReviewCase>refuse(ReviewProblems.NOT_YOUR_STEP);
      }
      return fourEyes(tx, row, staffId)
          .compose(v -> reviews.decided(tx, row, current, staffId, outcome, reason == null ? null : reason.strip()));
    });
  }

  private static Future<Void> fourEyes(SqlConnection tx, Row row, String staffId) {
    return ReviewCases.involved(tx, row, staffId)
        .compose(involved -> involved ? ReviewProblems.<Void>refuse(ReviewProblems.FOUR_EYES)
            : Future.succeededFuture());
  }
}
