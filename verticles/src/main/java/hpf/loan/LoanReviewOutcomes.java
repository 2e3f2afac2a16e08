package hpf.loan;

import hpf.review.ReviewDecision;
import hpf.review.ReviewOutcomes;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * What a review decision does to a loan application, inside the transaction that records the decision (a failure
 * here rolls the decision back): the last step's approval makes it APPROVED (awaiting its contract), a refusal
 * REFUSED, a return RETURNED for the applicant to correct, the applicant's cancellation CANCELLED; each with the
 * decision's reason and who made it in the history.
 */
final class LoanReviewOutcomes implements ReviewOutcomes {

  private final LoanMetrics metrics;

  LoanReviewOutcomes(LoanMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<Void> approved(SqlConnection tx, ReviewDecision d) {
    return move(tx, d, LoanStates.APPROVED);
  }

  @Override
  public Future<Void> refused(SqlConnection tx, ReviewDecision d) {
    return move(tx, d, LoanStates.REFUSED);
  }

  @Override
  public Future<Void> returned(SqlConnection tx, ReviewDecision d) {
    return move(tx, d, LoanStates.RETURNED);
  }

  @Override
  public Future<Void> cancelled(SqlConnection tx, ReviewDecision d) {
    return move(tx, d, LoanStates.CANCELLED);
  }

  /** The application locked, moved and recorded; a cancellation it already shows is not recorded twice. */
  private Future<Void> move(SqlConnection tx, ReviewDecision d, String to) {
    String actor = "CANCEL".equals(d.outcome()) ? "APPLICANT:" + d.staffId() : "STAFF:" + d.staffId();
    return LoanRecords.lock(tx, d.businessId(), null).compose(row -> {
      String from = row.getString("state");
      if (from.equals(to)) {
        return Future.<Void>succeededFuture();
      }
      String reason = d.reason() == null ? d.step() : d.step() + "：" + d.reason();
      return LoanStates.move(tx, d.businessId(), from, to, reason, actor, d.decidedAt())
          .onSuccess(v -> metrics.afterCommit(tx, () -> metrics.count(to)));
    });
  }
}
