package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.kit.Money;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a decided list's valid rows, a chunk per transaction, through {@link MemberChanges} exactly as a single
 * addition or removal, then marks the list APPLIED. Exactly once per row: a chunk's rows are locked ({@code FOR
 * UPDATE SKIP LOCKED}, so a second worker takes other rows) and each row's outcome changes in the transaction that
 * adds or removes its member. A row whose change is refused now (the person was added elsewhere meanwhile, the
 * employer was sealed) is rolled back to its savepoint and marked REFUSED with the reason; the others go on.
 */
final class MemberListApplication {

  /** Rows per transaction: few commits for a large list, short enough locks for everyone else. */
  static final int CHUNK = 100;
  /** A chunk that failed as a whole (e.g. a race the database settled) is tried again this often. */
  private static final int ATTEMPTS = 3;

  private final Pool pool;
  private final FieldCipher fields;
  private final MemberChanges changes;

  MemberListApplication(Pool pool, FieldCipher fields, MemberChanges changes) {
    this.pool = pool;
    this.fields = fields;
    this.changes = changes;
  }

  /** Applies every valid row of an APPLYING list, then moves it to APPLIED. */
  Future<Void> run(String listId) {
    return MemberLists.byId(pool, listId).compose(list -> {
      Actor actor = new Actor(list.getString("decided_by"), list.getString("decided_by_kind"),
          list.getString("decided_channel"), list.getString("decided_request"));
      return next(list.getString("list_id"), list.getString("employer_id"), list.getString("kind"), actor, 1);
    });
  }

  private Future<Void> next(String listId, String employerId, String kind, Actor actor, int attempt) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
                SELECT * FROM member_list_row WHERE list_id = $1 AND outcome = 'VALID'
                 ORDER BY row_no LIMIT $2 FOR UPDATE SKIP LOCKED""")
            .execute(Tuple.of(listId, CHUNK))
            .compose(rows -> {
              List<Row> chunk = new ArrayList<>();
              rows.forEach(chunk::add);
              return chunk.isEmpty() ? Future.succeededFuture(false)
                  : applyAll(conn, chunk, 0, listId, employerId, kind, actor)
                      .compose(v -> MemberListChecks.recount(conn, listId)).map(true);
            }))
        .transform(done -> {
          if (done.failed()) {
            return attempt < ATTEMPTS ? next(listId, employerId, kind, actor, attempt + 1)
                : Future.failedFuture(done.cause());
          }
          return done.result() ? next(listId, employerId, kind, actor, 1) : finish(listId);
        });
  }

  /** APPLIED once no valid row is left; rows another worker still holds are left to that worker to finish. */
  private Future<Void> finish(String listId) {
    return pool.preparedQuery("SELECT count(*) FROM member_list_row WHERE list_id = $1 AND outcome = 'VALID'")
        .execute(Tuple.of(listId))
        .compose(rows -> rows.iterator().next().getLong(0) > 0 ? Future.succeededFuture()
            : MemberListChecks.recount(pool, listId)
                .compose(v -> MemberLists.moveState(pool, listId, "APPLYING", "APPLIED")).mapEmpty());
  }

  private Future<Void> applyAll(SqlConnection conn, List<Row> chunk, int index, String listId, String employerId,
                                String kind, Actor actor) {
    if (index >= chunk.size()) {
      return Future.succeededFuture();
    }
    Row row = chunk.get(index);
    // One savepoint per row: a refused row is undone alone, the chunk's other rows stay.
    return conn.query("SAVEPOINT list_row").execute()
        .compose(v -> apply(conn, row, listId, employerId, kind, actor))
        .compose(accountNo -> conn.query("RELEASE SAVEPOINT list_row").execute()
                .compose(v -> mark(conn, row, "APPLIED", accountNo, new JsonArray())),
            failure -> failure instanceof ProblemException refused
                ? conn.query("ROLLBACK TO SAVEPOINT list_row").execute()
                    .compose(v -> mark(conn, row, "REFUSED", null, new JsonArray()
                        .add(MemberListRows.problem("idNumber", refused.problem()))))
                : Future.failedFuture(failure))
        .compose(v -> applyAll(conn, chunk, index + 1, listId, employerId, kind, actor));
  }

  /** The row's change through the single path's rules; answers the account added to or removed from the employer. */
  private Future<String> apply(SqlConnection conn, Row row, String listId, String employerId, String kind,
                               Actor actor) {
    String rowId = row.getString("row_id");
    Map<String, String> details = Map.of("listId", listId, "rowNo", String.valueOf(row.getInteger("row_no")));
    if (!"ADD".equals(kind)) {
      return changes.remove(conn, employerId, row.getString("account_no"), actor, details)
          .map(account -> account.getString("accountNo"));
    }
    MemberChanges.NewMember member = new MemberChanges.NewMember(row.getString("name"),
        fields.decrypt(MemberListRows.ID_FIELD, rowId, row.getString("id_number_enc")),
        fields.decrypt(MemberListRows.PHONE_FIELD, rowId, row.getString("phone_enc")),
        Money.of(row.getBigDecimal("monthly_wage")));
    Verification verification = new Verification(row.getString("verification"), row.getString("verification_note"),
        null);
    return changes.terms(conn, employerId, member.monthlyWage())
        .compose(monthly -> changes.add(conn, employerId, member, monthly, verification, actor, details))
        .map(added -> added.account().getString("accountNo"));
  }

  private static Future<Void> mark(SqlConnection conn, Row row, String outcome, String accountNo, JsonArray problems) {
    return conn.preparedQuery("""
            UPDATE member_list_row SET outcome = $2, account_no = coalesce($3, account_no), problems = $4
             WHERE row_id = $1""")
        .execute(Tuple.of(row.getString("row_id"), outcome, accountNo, problems)).mapEmpty();
  }
}
