package hpf.account;

import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Supplier;

/**
 * Awaits a verification hook before a write and records its answer with the written record, in the write's
 * transaction: a refusal fails the write with its problem (nothing is written), otherwise the outcome is kept in
 * {@code verification_record} so unverified records can be found and verified later. Owns that table's SQL.
 */
final class Verifications {

  private Verifications() {}

  /** Runs the hook; a refusal becomes the request's problem. */
  static Future<Verification> await(Supplier<Future<Verification>> hook) {
    return hook.get().compose(answer -> answer.isRefused()
        ? Future.failedFuture(new ProblemException(answer.refusal())) : Future.succeededFuture(answer));
  }

  static Future<Void> record(SqlConnection conn, String subject, String checkName, Verification answer) {
    return conn.preparedQuery("INSERT INTO verification_record (subject, check_name, outcome, note) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(subject, checkName, answer.outcome(), answer.note())).mapEmpty();
  }
}
