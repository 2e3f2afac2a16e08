package hpf.loan;

import hpf.account.MemberLocks;
import hpf.account.MemberStanding;
import hpf.identity.People;
import hpf.review.ReviewRequest;
import hpf.review.Reviews;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Loan applications (贷款申请), in the three steps of ADR 0006: the platform's own refusals (an open application,
 * no normal account, an unknown co-borrower) read without a lock; then the data sources, holding nothing, and the
 * eligibility rules and the ceiling on what they said ({@link LoanAssessment}), which refuse before anything is
 * written; then one transaction under the person's lock that checks the open application again, writes the
 * application, its checks and its history, and opens its review case. Nothing of a refused application is written
 * (the evidence of the sources' answers excepted: every query is kept, whatever came of it).
 */
final class LoanApplications {

  static final String BUSINESS_TYPE = "LOAN_APPLICATION";
  /** The states the one-open-application index counts (V58): a signed contract keeps its application open. */
  private static final String OPEN_STATES = "('SUBMITTED', 'VERIFYING', 'IN_REVIEW', 'RETURNED', 'APPROVED', "
      + "'CONTRACTED')";

  /** What the preparation found, for the transaction: the number, the request, the verdicts and the ceiling. */
  record Prepared(String applicationId, LoanRequest request, List<LoanCheck> checks, LoanCeiling.Found ceiling,
                  OffsetDateTime submittedAt, OffsetDateTime verifyingAt) {}

  private final Pool pool;
  private final LoanVerification verification;
  private final LoanAssessment assessment;
  private final LoanRecords records;
  private final Reviews reviews;
  private final LoanMetrics metrics;
  private final Clock clock;
  private final MemberStanding standings;

  LoanApplications(Pool pool, LoanVerification verification, LoanAssessment assessment, LoanRecords records,
                   Reviews reviews, LoanMetrics metrics, Clock clock) {
    this.pool = pool;
    this.verification = verification;
    this.assessment = assessment;
    this.records = records;
    this.reviews = reviews;
    this.metrics = metrics;
    this.clock = clock;
    this.standings = new MemberStanding(clock);
  }

  /** The refusals the platform gives on its own, the sources, the rules and the ceiling; no connection held. */
  Future<Prepared> prepare(LoanRequest request, LocalDate today) {
    OffsetDateTime submitted = now();
    return localChecks(request)
        .compose(v -> LoanRecords.nextId(pool))
        .compose(id -> {
          OffsetDateTime verifying = now();
          return verification.verify(request, "loan-application:" + id)
              .compose(checks -> assessment.assess(request, checks, today)
                  .map(found -> new Prepared(id, request, checks, found, submitted, verifying)));
        })
        .onFailure(metrics::refused);
  }

  /** The application with its verdicts, under the person's lock; its review case opened in the same transaction. */
  Future<JsonObject> apply(SqlConnection conn, Prepared p, String enteredByStaffId) {
    LoanRequest request = p.request();
    String id = p.applicationId();
    String actor = request.actor();
    return MemberLocks.person(conn, request.personId())
        .compose(v -> openApplication(conn, request.personId()))
        .compose(open -> open ? LoanProblems.<MemberStanding.Standing>refuse(LoanProblems.APPLICATION_OPEN)
            : LoanAssessment.standing(standings, conn, request.personId()))
        .compose(standing -> !standing.normal()
            ? LoanProblems.<Void>refuse(LoanProblems.NO_ACCOUNT)
            : records.insert(conn, id, request, standing.accountNo(), p.ceiling(), LoanStates.IN_REVIEW)
                // The unique open-application index is the last word should the lock ever be bypassed.
                .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                    ? LoanProblems.refuse(LoanProblems.APPLICATION_OPEN) : Future.failedFuture(e)))
        .compose(v -> LoanStates.record(conn, id, LoanStates.SUBMITTED, null, actor, null, p.submittedAt()))
        .compose(v -> LoanStates.record(conn, id, LoanStates.VERIFYING, "核验数据源 " + p.checks().size() + " 项",
            actor, null, p.verifyingAt()))
        .compose(v -> LoanStates.record(conn, id, LoanStates.IN_REVIEW, reviewNote(p.checks()), "SYSTEM", null, now()))
        .compose(v -> LoanRecords.recordChecks(conn, id, 1, p.checks()))
        .compose(v -> reviews.open(conn, new ReviewRequest(BUSINESS_TYPE, id, request.personId(),
            LoanReviewSummary.manualReasons(p.checks()), LoanReviewSummary.of(p)), enteredByStaffId))
        .compose(c -> records.one(conn, request.personId(), id))
        .onSuccess(a -> metrics.afterCommit(conn, () -> metrics.applied(p.checks())))
        .onFailure(metrics::refused);
  }

  /** Whether the person has an application that is not finished (one at a time). */
  static Future<Boolean> openApplication(io.vertx.sqlclient.SqlClient sql, String personId) {
    return sql.preparedQuery("SELECT 1 FROM loan_application WHERE person_id = $1 AND state IN " + OPEN_STATES)
        .execute(Tuple.of(personId)).map(rows -> rows.size() > 0);
  }

  private Future<Void> localChecks(LoanRequest request) {
    return openApplication(pool, request.personId())
        .compose(open -> open ? LoanProblems.<MemberStanding.Standing>refuse(LoanProblems.APPLICATION_OPEN)
            : LoanAssessment.standing(standings, pool, request.personId()))
        .compose(standing -> !standing.normal() ? LoanProblems.<Void>refuse(LoanProblems.NO_ACCOUNT)
            : coBorrowersKnown(request));
  }

  private Future<Void> coBorrowersKnown(LoanRequest request) {
    Future<Void> known = Future.succeededFuture();
    for (String coBorrower : request.coBorrowers()) {
      known = known.compose(v -> People.exists(pool, coBorrower))
          .compose(exists -> exists ? Future.<Void>succeededFuture()
              : LoanProblems.refuse(LoanProblems.CO_BORROWER_INVALID));
    }
    return known;
  }

  private static String reviewNote(List<LoanCheck> checks) {
    long manual = checks.stream().filter(c -> c.outcome() != LoanCheck.Outcome.PASSED).count();
    return manual == 0 ? "数据源核验全部通过，等待审核"
        : manual + " 项核验未通过或无法查询，转人工审核";
  }

  OffsetDateTime now() {
    return OffsetDateTime.now(clock);
  }
}
