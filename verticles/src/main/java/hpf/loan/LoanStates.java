package hpf.loan;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;

/**
 * The states of a loan application and the moves between them:
 * SUBMITTED → VERIFYING → IN_REVIEW (→ RETURNED → VERIFYING → IN_REVIEW …) → APPROVED | REFUSED | CANCELLED;
 * APPROVED → CONTRACTED when the borrower signs the loan contract.
 * SUBMITTED and VERIFYING are recorded in the history with the times they began; the row is written once the sources
 * have answered (they are asked before the transaction), so its own state starts at IN_REVIEW. Every move appends to
 * the history, with who made it and why; a move the table below does not allow is a programming error.
 */
final class LoanStates {

  static final String SUBMITTED = "SUBMITTED";
  static final String VERIFYING = "VERIFYING";
  static final String IN_REVIEW = "IN_REVIEW";
  static final String RETURNED = "RETURNED";
  static final String APPROVED = "APPROVED";
  /** Approved and signed as a loan contract (the contract has its own states from there). */
  static final String CONTRACTED = "CONTRACTED";
  static final String REFUSED = "REFUSED";
  static final String CANCELLED = "CANCELLED";

  /** Every state, for the gauge. */
  static final Set<String> ALL = Set.of(SUBMITTED, VERIFYING, IN_REVIEW, RETURNED, APPROVED, CONTRACTED, REFUSED,
      CANCELLED);

  /** Where each state may go. APPROVED waits for the borrower to sign the contract. */
  private static final Map<String, Set<String>> MOVES = Map.of(
      SUBMITTED, Set.of(VERIFYING),
      VERIFYING, Set.of(IN_REVIEW),
      IN_REVIEW, Set.of(RETURNED, APPROVED, REFUSED, CANCELLED),
      RETURNED, Set.of(VERIFYING, CANCELLED),
      APPROVED, Set.of(CONTRACTED));

  private LoanStates() {}

  static boolean allowed(String from, String to) {
    return MOVES.getOrDefault(from, Set.of()).contains(to);
  }

  /** The applicant may cancel until the application is approved (or ended otherwise). */
  static boolean cancellable(String state) {
    return IN_REVIEW.equals(state) || RETURNED.equals(state);
  }

  /** Appends one entry to the application's history (the row's state is moved by {@link #move}). */
  static Future<Void> record(SqlConnection conn, String id, String state, String reason, String actor,
                             JsonObject changes, OffsetDateTime at) {
    return conn.preparedQuery("""
            INSERT INTO loan_state_history (application_id, seq, state, reason, actor, changes, entered_at)
            SELECT $1, coalesce(max(seq), 0) + 1, $2::text, $3::text, $4::text, $5::jsonb, $6::timestamptz
              FROM loan_state_history WHERE application_id = $1""")
        .execute(Tuple.of(id, state, reason, actor, changes, at)).mapEmpty();
  }

  /** Moves the (locked) application from {@code from} to {@code to} and records it. */
  static Future<Void> move(SqlConnection conn, String id, String from, String to, String reason, String actor,
                           OffsetDateTime at) {
    return move(conn, id, from, to, reason, actor, null, at);
  }

  /** As above, with what changed (a resubmission's corrections) kept in the history. */
  static Future<Void> move(SqlConnection conn, String id, String from, String to, String reason, String actor,
                           JsonObject changes, OffsetDateTime at) {
    if (!allowed(from, to)) {
      return Future.failedFuture(new IllegalStateException("loan application " + id + ": " + from + " → " + to));
    }
    return conn.preparedQuery("UPDATE loan_application SET state = $2, state_reason = $3, updated_at = now() "
            + "WHERE application_id = $1")
        .execute(Tuple.of(id, to, reason))
        .compose(v -> record(conn, id, to, reason, actor, changes, at));
  }
}
