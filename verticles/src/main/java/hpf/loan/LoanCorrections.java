package hpf.loan;

import hpf.review.Reviews;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * What the applicant does to an application after submitting it: resubmit it with corrections once a reviewer
 * returned it (verified again in a new round, like a new application: sources before the transaction,
 * eligibility and ceiling on the corrected terms, then RETURNED → VERIFYING → IN_REVIEW and the case back at its
 * first step), or cancel it before it is approved (the review case is cancelled in the same transaction and its
 * outcome moves the application to CANCELLED).
 */
final class LoanCorrections {

  private final Pool pool;
  private final LoanVerification verification;
  private final LoanAssessment assessment;
  private final LoanRecords records;
  private final Reviews reviews;
  private final LoanMetrics metrics;
  private final Clock clock;

  LoanCorrections(Pool pool, LoanVerification verification, LoanAssessment assessment, LoanRecords records,
                  Reviews reviews, LoanMetrics metrics, Clock clock) {
    this.pool = pool;
    this.verification = verification;
    this.assessment = assessment;
    this.records = records;
    this.reviews = reviews;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The corrected application verified and assessed, holding no connection; only a returned one may be. */
  Future<LoanApplications.Prepared> prepareResubmission(String personId, String id, LoanRequest.Terms corrected,
                                                        String actor, LocalDate today) {
    OffsetDateTime submitted = OffsetDateTime.now(clock);
    return LoanRecords.row(pool, id, personId)
        .compose(row -> !LoanStates.RETURNED.equals(row.getString("state"))
            ? LoanProblems.<LoanRequest>refuse(LoanProblems.NOT_RETURNED)
            : LoanRecords.coBorrowers(pool, id).map(coBorrowers -> new LoanRequest(personId, corrected, coBorrowers,
                row.getString("app_id"), row.getString("channel"), actor)))
        .compose(request -> verification.verify(request, "loan-application:" + id)
            .compose(checks -> assessment.assess(request, checks, today)
                .map(found -> new LoanApplications.Prepared(id, request, checks, found, submitted,
                    OffsetDateTime.now(clock)))))
        .onFailure(metrics::refused);
  }

  /** The corrections written in a new round, the verdicts recorded and the review case back at its first step. */
  Future<JsonObject> resubmit(SqlConnection conn, LoanApplications.Prepared p) {
    String id = p.applicationId();
    String personId = p.request().personId();
    return LoanRecords.lock(conn, id, personId).compose(row -> {
      if (!LoanStates.RETURNED.equals(row.getString("state"))) {
        return LoanProblems.<JsonObject>refuse(LoanProblems.NOT_RETURNED);
      }
      int round = row.getShort("round") + 1;
      JsonObject changes = new JsonObject().put("before", LoanRecords.terms(row))
          .put("after", p.request().terms().declared().put("bankCode", p.request().terms().bankCode()));
      return records.correct(conn, id, p.request().terms(), p.ceiling(), round)
          .compose(v -> LoanStates.move(conn, id, LoanStates.RETURNED, LoanStates.VERIFYING, "补正后重新提交",
              p.request().actor(), changes, p.verifyingAt()))
          .compose(v -> LoanRecords.recordChecks(conn, id, round, p.checks()))
          .compose(v -> LoanStates.move(conn, id, LoanStates.VERIFYING, LoanStates.IN_REVIEW,
              "第 " + round + " 轮核验完成，重新进入审核", "SYSTEM", OffsetDateTime.now(clock)))
          .compose(v -> reviews.resubmit(conn, LoanApplications.BUSINESS_TYPE, id, LoanReviewSummary.of(p)))
          .compose(c -> records.one(conn, personId, id))
          .onSuccess(a -> metrics.afterCommit(conn, () -> metrics.count("RESUBMITTED")));
    });
  }

  /** Cancels an application in review or returned; an approved or ended one is not cancellable. */
  Future<JsonObject> cancel(SqlConnection conn, String personId, String id) {
    return LoanRecords.lock(conn, id, personId)
        .compose(row -> !LoanStates.cancellable(row.getString("state"))
            ? LoanProblems.<Row>refuse(LoanProblems.NOT_CANCELLABLE)
            : reviews.cancel(conn, LoanApplications.BUSINESS_TYPE, id, personId)
                .compose(c -> LoanRecords.lock(conn, id, personId)))
        // The review room's cancellation runs this room's outcome, which moves the application; should it not have,
        // the application is moved here, so the two never disagree.
        .compose(row -> LoanStates.CANCELLED.equals(row.getString("state")) ? Future.<Void>succeededFuture()
            : LoanStates.move(conn, id, row.getString("state"), LoanStates.CANCELLED, "申请人撤销",
                "APPLICANT:" + personId, OffsetDateTime.now(clock)))
        .compose(v -> records.one(conn, personId, id));
  }
}
