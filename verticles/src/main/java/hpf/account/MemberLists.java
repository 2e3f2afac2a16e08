package hpf.account;

import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The {@code member_list} and {@code member_list_row} tables: a batch list, its rows and its progress. Owns their SQL. */
final class MemberLists {

  /** Rows written per statement batch: a 10,000-row list is stored in a few round trips without one huge statement. */
  private static final int INSERT_BATCH = 500;

  private MemberLists() {}

  /** The next list id, drawn before the file is read (the rows' encryption is bound to it). */
  static Future<String> nextId(SqlClient sql) {
    return sql.query("SELECT 'ML' || lpad(nextval('member_list_number')::text, 8, '0') AS id").execute()
        .map(rows -> rows.iterator().next().getString("id"));
  }

  /** Stores the list (state VALIDATING) and its rows, rows with a problem already INVALID; answers the list. */
  static Future<JsonObject> create(SqlConnection conn, String listId, String employerId, String kind, String format,
                                   String digest, List<MemberListRows.Prepared> rows, Actor uploader) {
    int invalid = (int) rows.stream().filter(r -> !r.problems().isEmpty()).count();
    return conn.preparedQuery("""
            INSERT INTO member_list (list_id, employer_id, kind, format, file_digest, state, row_count, rows_processed,
                                     invalid_rows, uploaded_by, uploaded_by_kind)
            VALUES ($1, $2, $3, $4, $5, 'VALIDATING', $6, $7, $7, $8, $9) RETURNING *""")
        .execute(Tuple.from(new Object[] {listId, employerId, kind, format, digest, rows.size(), invalid, uploader.id(),
            uploader.kind()}))
        .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? Future.failedFuture(new ProblemException(MemberListProblems.LIST_ALREADY_UPLOADED))
            : Future.failedFuture(e))
        .compose(list -> insertRows(conn, listId, rows, 0).map(v -> toJson(list.iterator().next())));
  }

  private static Future<Void> insertRows(SqlConnection conn, String listId, List<MemberListRows.Prepared> rows,
                                         int from) {
    if (from >= rows.size()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    for (var row : rows.subList(from, Math.min(rows.size(), from + INSERT_BATCH))) {
      batch.add(Tuple.from(new Object[] {row.rowId(), listId, row.rowNo(), row.name(), row.idNumberEnc(),
          row.idNumberMask(), row.phoneEnc(), row.wage(), row.problems().isEmpty() ? "PENDING" : "INVALID",
          row.problems()}));
    }
    return conn.preparedQuery("""
            INSERT INTO member_list_row (row_id, list_id, row_no, name, id_number_enc, id_number_mask, phone_enc,
                                         monthly_wage, outcome, problems)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
        .executeBatch(batch)
        .compose(done -> insertRows(conn, listId, rows, from + INSERT_BATCH));
  }

  /** The employer's list, optionally locked for a decision; a 404 problem when the employer has no such list. */
  static Future<Row> find(SqlClient sql, String employerId, String listId, boolean lock) {
    return sql.preparedQuery("SELECT * FROM member_list WHERE list_id = $1 AND employer_id = $2"
            + (lock ? " FOR UPDATE" : ""))
        .execute(Tuple.of(listId, employerId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(MemberListProblems.LIST_NOT_FOUND))
            : Future.succeededFuture(rows.iterator().next()));
  }

  static Future<Row> byId(SqlClient sql, String listId) {
    return sql.preparedQuery("SELECT * FROM member_list WHERE list_id = $1").execute(Tuple.of(listId))
        .map(rows -> rows.iterator().next());
  }

  /** Moves the list on and says the worker is alive; {@code from} guards against a move made meanwhile. */
  static Future<Boolean> moveState(SqlClient sql, String listId, String from, String to) {
    return sql.preparedQuery("""
            UPDATE member_list SET state = $3, worked_at = now(),
                   finished_at = CASE WHEN $3 IN ('APPLIED', 'DISCARDED') THEN now() END
             WHERE list_id = $1 AND state = $2""")
        .execute(Tuple.of(listId, from, to)).map(rows -> rows.rowCount() == 1);
  }

  /** A page of the list's rows in file order, of one outcome or all; the total counts the same rows. */
  static Future<JsonObject> report(SqlClient sql, String listId, String outcome, int page, int size) {
    Future<JsonArray> items = sql.preparedQuery("""
            SELECT row_no, name, id_number_mask, outcome, problems, account_no
              FROM member_list_row WHERE list_id = $1 AND ($2::text IS NULL OR outcome = $2)
             ORDER BY row_no LIMIT $3 OFFSET $4""")
        .execute(Tuple.of(listId, outcome, size, (long) (page - 1) * size))
        .map(rows -> {
          JsonArray list = new JsonArray();
          for (Row row : rows) {
            JsonObject item = new JsonObject().put("rowNo", row.getInteger("row_no")).put("name", row.getString("name"))
                .put("idNumber", row.getString("id_number_mask")).put("outcome", row.getString("outcome"))
                .put("problems", row.getJsonArray("problems"));
            if (row.getString("account_no") != null) {
              item.put("accountNo", row.getString("account_no"));
            }
            list.add(item);
          }
          return list;
        });
    Future<Long> total = sql.preparedQuery("""
            SELECT count(*) FROM member_list_row WHERE list_id = $1 AND ($2::text IS NULL OR outcome = $2)""")
        .execute(Tuple.of(listId, outcome)).map(rows -> rows.iterator().next().getLong(0));
    return Future.all(items, total).map(done -> new JsonObject().put("listId", listId).put("items", items.result())
        .put("page", page).put("size", size).put("total", total.result()));
  }

  static JsonObject toJson(Row row) {
    JsonObject json = new JsonObject().put("listId", row.getString("list_id"))
        .put("employerId", row.getString("employer_id")).put("kind", row.getString("kind"))
        .put("format", row.getString("format")).put("state", row.getString("state"))
        .put("rowCount", row.getInteger("row_count")).put("rowsProcessed", row.getInteger("rows_processed"))
        .put("validRows", row.getInteger("valid_rows")).put("invalidRows", row.getInteger("invalid_rows"))
        .put("appliedRows", row.getInteger("applied_rows")).put("refusedRows", row.getInteger("refused_rows"))
        .put("uploadedAt", row.getOffsetDateTime("uploaded_at").toInstant().toString());
    put(json, "decidedAt", row.getOffsetDateTime("decided_at"));
    put(json, "finishedAt", row.getOffsetDateTime("finished_at"));
    return json;
  }

  private static void put(JsonObject json, String key, OffsetDateTime at) {
    if (at != null) {
      json.put(key, at.toInstant().toString());
    }
  }
}
