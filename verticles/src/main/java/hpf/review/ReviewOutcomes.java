package hpf.review;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * What the room that owns a business type does when a case ends or comes back: each method runs on the connection
 * of the transaction that records the decision, so a failure rolls the decision back (nothing half-written).
 */
public interface ReviewOutcomes {

  /** The last step approved the case. */
  Future<Void> approved(SqlConnection tx, ReviewDecision d);

  /** A step refused the case, with its reason. */
  Future<Void> refused(SqlConnection tx, ReviewDecision d);

  /** A step returned the case to the applicant for correction, with its reason; a resubmission reopens it. */
  Future<Void> returned(SqlConnection tx, ReviewDecision d);

  /** The applicant withdrew the item before approval ({@link Reviews#cancel}). */
  Future<Void> cancelled(SqlConnection tx, ReviewDecision d);
}
