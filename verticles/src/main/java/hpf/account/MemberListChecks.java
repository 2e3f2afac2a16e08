package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.identity.People;
import hpf.kit.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a list's pending rows against the center's records, a chunk at a time, then marks the list VALIDATED. An
 * addition: a person the center knows must carry the registered name and have no normal account here, and passes the
 * same eligibility verification as a single addition (other centers' accounts, pension drawn; a refusal makes the
 * row invalid, an unverified answer is kept for the record written when the row is applied). A removal: the person
 * must have a normal account at this employer. Each chunk's outcomes and the list's progress commit together.
 */
final class MemberListChecks {

  /** Rows read and written per chunk. */
  static final int CHUNK = 200;
  /** Rows of a chunk checked at once: enough to overlap round trips, few enough to leave the pool to others. */
  private static final int PARALLEL = 4;

  private record Outcome(String rowId, JsonArray problems, String personId, String accountNo, Verification verification) {}

  private final Pool pool;
  private final FieldCipher fields;
  private final People people;
  private final MemberEligibilityCheck eligibility;

  MemberListChecks(Pool pool, FieldCipher fields, People people, MemberEligibilityCheck eligibility) {
    this.pool = pool;
    this.fields = fields;
    this.people = people;
    this.eligibility = eligibility;
  }

  /** Checks every pending row of the list, then moves it from VALIDATING to VALIDATED. */
  Future<Void> run(String listId) {
    return MemberLists.byId(pool, listId).compose(list -> next(listId, list.getString("employer_id"),
        list.getString("kind")));
  }

  private Future<Void> next(String listId, String employerId, String kind) {
    return pool.preparedQuery("""
            SELECT row_id, name, id_number_enc FROM member_list_row
             WHERE list_id = $1 AND outcome = 'PENDING' ORDER BY row_no LIMIT $2""")
        .execute(Tuple.of(listId, CHUNK))
        .compose(rows -> {
          if (rows.size() == 0) {
            return MemberLists.moveState(pool, listId, "VALIDATING", "VALIDATED").mapEmpty();
          }
          List<Row> chunk = new ArrayList<>();
          rows.forEach(chunk::add);
          return checkAll(chunk, 0, new ArrayList<>(), employerId, kind)
              .compose(outcomes -> save(listId, outcomes))
              .compose(v -> next(listId, employerId, kind));
        });
  }

  private Future<List<Outcome>> checkAll(List<Row> chunk, int from, List<Outcome> done, String employerId,
                                         String kind) {
    if (from >= chunk.size()) {
      return Future.succeededFuture(done);
    }
    List<Future<Outcome>> group = new ArrayList<>();
    for (Row row : chunk.subList(from, Math.min(chunk.size(), from + PARALLEL))) {
      String rowId = row.getString("row_id");
      String idNumber = fields.decrypt(MemberListRows.ID_FIELD, rowId, row.getString("id_number_enc"));
      group.add("ADD".equals(kind) ? addition(rowId, row.getString("name"), idNumber)
          : removal(rowId, row.getString("name"), idNumber, employerId));
    }
    return Future.all(group).compose(all -> {
      group.forEach(f -> done.add(f.result()));
      return checkAll(chunk, from + PARALLEL, done, employerId, kind);
    });
  }

  private Future<Outcome> addition(String rowId, String name, String idNumber) {
    return people.personIdOf(pool, idNumber).compose(personId -> {
      Future<Problem> known = personId == null ? Future.succeededFuture(null)
          : People.name(pool, personId).compose(registered -> !name.equals(registered)
              ? Future.succeededFuture(MemberListProblems.ROW_NAME_MISMATCH)
              : normalAccount(pool, personId).map(account -> account == null ? null
                  : AccountProblems.MEMBER_ALREADY_ACTIVE));
      return known.compose(problem -> problem != null ? Future.succeededFuture(refused(rowId, problem, personId))
          : eligibility.verify(idNumber, name).map(verification -> verification.isRefused()
              ? refused(rowId, verification.refusal(), personId)
              : new Outcome(rowId, new JsonArray(), personId, null, verification)));
    });
  }

  private Future<Outcome> removal(String rowId, String name, String idNumber, String employerId) {
    return people.personIdOf(pool, idNumber).compose(personId -> personId == null
        ? Future.succeededFuture(refused(rowId, MemberListProblems.ROW_NOT_A_MEMBER, null))
        : People.name(pool, personId).compose(registered -> !name.equals(registered)
            ? Future.succeededFuture(refused(rowId, MemberListProblems.ROW_NAME_MISMATCH, personId))
            : pool.preparedQuery("""
                    SELECT account_no, status FROM member_account WHERE person_id = $1 AND employer_id = $2
                     ORDER BY (status = '01') DESC, opened_on DESC LIMIT 1""")
                .execute(Tuple.of(personId, employerId))
                .map(rows -> {
                  if (rows.size() == 0) {
                    return refused(rowId, MemberListProblems.ROW_NOT_A_MEMBER, personId);
                  }
                  Row account = rows.iterator().next();
                  return "01".equals(account.getString("status"))
                      ? new Outcome(rowId, new JsonArray(), personId, account.getString("account_no"), null)
                      : refused(rowId, AccountProblems.MEMBER_NOT_NORMAL, personId);
                })));
  }

  private static Future<String> normalAccount(SqlClient sql, String personId) {
    return sql.preparedQuery("SELECT account_no FROM member_account WHERE person_id = $1 AND status = '01'")
        .execute(Tuple.of(personId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("account_no"));
  }

  private static Outcome refused(String rowId, Problem problem, String personId) {
    String field = problem == MemberListProblems.ROW_NAME_MISMATCH ? "name" : "idNumber";
    return new Outcome(rowId, new JsonArray().add(MemberListRows.problem(field, problem)), personId, null, null);
  }

  /** The chunk's outcomes and the list's counts, in one transaction; rows checked meanwhile by another are kept. */
  private Future<Void> save(String listId, List<Outcome> outcomes) {
    List<Tuple> updates = new ArrayList<>();
    for (Outcome o : outcomes) {
      updates.add(Tuple.from(new Object[] {o.rowId(), o.problems().isEmpty() ? "VALID" : "INVALID", o.problems(),
          o.personId(), o.accountNo(), o.verification() == null ? null : o.verification().outcome(),
          o.verification() == null ? null : o.verification().note()}));
    }
    return pool.withTransaction(conn -> conn.preparedQuery("""
            UPDATE member_list_row SET outcome = $2, problems = $3, person_id = $4, account_no = $5,
                   verification = $6, verification_note = $7
             WHERE row_id = $1 AND outcome = 'PENDING'""")
        .executeBatch(updates)
        .compose(v -> recount(conn, listId)));
  }

  /** The list's counts from its rows (so a second worker can never make them drift), and a sign of life. */
  static Future<Void> recount(SqlClient sql, String listId) {
    return sql.preparedQuery("""
            UPDATE member_list l SET worked_at = now(),
                   rows_processed = c.processed, valid_rows = c.valid, invalid_rows = c.invalid,
                   applied_rows = c.applied, refused_rows = c.refused
              FROM (SELECT count(*) FILTER (WHERE outcome <> 'PENDING') AS processed,
                           count(*) FILTER (WHERE outcome IN ('VALID', 'APPLIED', 'REFUSED')) AS valid,
                           count(*) FILTER (WHERE outcome = 'INVALID') AS invalid,
                           count(*) FILTER (WHERE outcome = 'APPLIED') AS applied,
                           count(*) FILTER (WHERE outcome = 'REFUSED') AS refused
                      FROM member_list_row WHERE list_id = $1) c
             WHERE l.list_id = $1""")
        .execute(Tuple.of(listId)).mapEmpty();
  }
}
