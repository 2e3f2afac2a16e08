package hpf.loan.servicing;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.review.ReviewDecision;
import hpf.review.ReviewOutcomes;
import hpf.review.ReviewRequest;
import hpf.review.Reviews;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every request of a loan decided by a review flow shares (a partial prepayment, a post-loan change): one open
 * per loan, numbered and opened as a review case in the applicant's transaction, withdrawn before the final
 * approval, listed and read by its borrower; the flow's outcomes move it, and the final approval carries it out in
 * the decision's transaction (a failure there rolls the decision back), its loan locked first.
 *
 * @param <R> the request as asked, with its {@link Applicant}
 */
abstract class ReviewedLoanRequests<R> implements ReviewOutcomes {

  /** Who applies for which loan: the borrower, who asked, through which channel, and the staff entering it. */
  record Applicant(String personId, String contractId, String actor, String channel, String staffId) {}

  /**
   * What tells one kind of request apart: its review business type, its table (numbered by the sequence
   * {@code <table>_number}) and key column, the prefix of its numbers, the states in which it is still open (one
   * per loan), and its problems.
   */
  record Kind(String businessType, String table, String idColumn, String numberPrefix, List<String> openStates,
              Problem open, Problem notFound, Problem notCancellable) {

    Kind {
      for (String name : new String[] {table, idColumn, numberPrefix}) {
        // Spliced into SQL: only plain identifiers are accepted.
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
      }
    }
  }

  /** A request locked for the decision's transaction, with its loan locked before it. */
  record Locked(ServicedLoan loan, Row request) {}

  /** The states the applicant may withdraw from and a review outcome moves a request out of. */
  private static final List<String> UNDECIDED = List.of("IN_REVIEW", "RETURNED");

  private final Reviews reviews;
  private final Kind kind;

  ReviewedLoanRequests(Reviews reviews, Kind kind) {
    this.reviews = reviews;
    this.kind = kind;
  }

  /** Checks the request against its loan, then {@linkplain #file files} it; answers its view. */
  abstract Future<JsonObject> apply(SqlConnection conn, R request, LocalDate today);

  /** The request as the API answers it. */
  abstract JsonObject view(Row r);

  /** Carries out an approved request on {@code day} (the final approval's business date); what it cannot do: FAILED. */
  abstract Future<Void> carryOut(SqlConnection tx, Locked locked, LocalDate day);

  /**
   * Refuses a second open request of the loan, then numbers this one, writes it ({@code insert}, given the new
   * number) and opens its review case with {@code summary} for the deciding staff; answers its view.
   */
  final Future<JsonObject> file(SqlConnection conn, Applicant who, Function<String, Future<?>> insert,
                                JsonObject summary) {
    return conn.preparedQuery("SELECT 1 FROM " + kind.table() + " WHERE contract_id = $1 AND state IN "
            + in(kind.openStates()))
        .execute(Tuple.of(who.contractId()))
        .compose(found -> found.size() > 0 ? Future.failedFuture(new ProblemException(kind.open()))
            : conn.query("SELECT '" + kind.numberPrefix() + "' || nextval('" + kind.table() + "_number') AS id")
                .execute())
        .compose(next -> {
          String id = next.iterator().next().getString("id");
          return insert.apply(id)
              .compose(v -> reviews.open(conn, new ReviewRequest(kind.businessType(), id, who.personId(), List.of(),
                  summary), who.staffId()))
              .compose(c -> one(conn, who.personId(), id));
        });
  }

  /** The applicant cancels before the final approval (the review room's cancellation moves it to CANCELLED). */
  final Future<JsonObject> cancel(SqlConnection conn, String personId, String id) {
    return one(conn, personId, id).compose(r -> !UNDECIDED.contains(r.getString("state"))
        ? Future.failedFuture(new ProblemException(kind.notCancellable()))
        : reviews.cancel(conn, kind.businessType(), id, personId).compose(c -> one(conn, personId, id)));
  }

  final Future<JsonObject> one(SqlClient sql, String personId, String id) {
    return sql.preparedQuery("SELECT * FROM " + kind.table() + " WHERE " + kind.idColumn() + " = $1 AND person_id = $2")
        .execute(Tuple.of(id, personId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(kind.notFound()))
            : Future.succeededFuture(view(rows.iterator().next())));
  }

  final Future<JsonArray> list(SqlClient sql, String personId, String contractId) {
    return sql.preparedQuery("SELECT * FROM " + kind.table() + " WHERE contract_id = $1 AND person_id = $2 "
            + "ORDER BY created_at DESC LIMIT 100").execute(Tuple.of(contractId, personId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(view(r)));
          return items;
        });
  }

  @Override
  public final Future<Void> approved(SqlConnection tx, ReviewDecision d) {
    return locked(tx, kind, d.businessId())
        .compose(l -> l == null ? Future.succeededFuture() : carryOut(tx, l, d.decidedOn()));
  }

  @Override
  public final Future<Void> refused(SqlConnection tx, ReviewDecision d) {
    return move(tx, d.businessId(), "REFUSED", d.reason());
  }

  @Override
  public final Future<Void> returned(SqlConnection tx, ReviewDecision d) {
    return move(tx, d.businessId(), "RETURNED", d.reason());
  }

  @Override
  public final Future<Void> cancelled(SqlConnection tx, ReviewDecision d) {
    return move(tx, d.businessId(), "CANCELLED", d.reason());
  }

  /**
   * The request, with its loan locked first (the order of every other payment of a loan: receipts and deductions of
   * one loan queue behind each other); null for no such request.
   */
  static Future<Locked> locked(SqlConnection tx, Kind kind, String id) {
    String where = " WHERE " + kind.idColumn() + " = $1";
    return tx.preparedQuery("SELECT contract_id FROM " + kind.table() + where).execute(Tuple.of(id))
        .compose(found -> found.size() == 0 ? Future.succeededFuture(null)
            : ServicedLoan.lock(tx, found.iterator().next().getString("contract_id")).compose(loan -> tx
                .preparedQuery("SELECT * FROM " + kind.table() + where + " FOR UPDATE")
                .execute(Tuple.of(id)).map(rows -> new Locked(loan, rows.iterator().next()))));
  }

  private Future<Void> move(SqlConnection tx, String id, String state, String reason) {
    return tx.preparedQuery("UPDATE " + kind.table() + " SET state = $2, reason = $3, updated_at = now() WHERE "
            + kind.idColumn() + " = $1 AND state IN " + in(UNDECIDED)).execute(Tuple.of(id, state, reason)).mapEmpty();
  }

  /** A list of states as SQL: ('A', 'B'). */
  private static String in(List<String> states) {
    return states.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ", "(", ")"));
  }
}
