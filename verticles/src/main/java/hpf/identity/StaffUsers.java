package hpf.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Operators' writes to the {@code staff_user} table, each in the caller's transaction, and the staff list. Views
 * never carry a password hash. Ending a staff member's sessions is part of disabling and of a password reset.
 */
final class StaffUsers {

  /**
   * The staff roles the review and counter flows know (the table's check allows no others); APPROVER (审批) takes
   * the last step of the review flows that have one.
   */
  static final List<String> ROLES = List.of("COUNTER", "REVIEWER", "APPROVER", "AUDITOR", "OPERATOR");
  private static final String COLUMNS = "staff_id, name, roles, status, locked_until, created_at, updated_at";

  private final Pool pool;
  private final Clock clock;

  StaffUsers(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /** A new, active staff user; null when the id is taken. */
  Future<JsonObject> create(SqlConnection conn, String staffId, String name, List<String> roles, String passwordHash) {
    return conn.preparedQuery("""
            INSERT INTO staff_user (staff_id, name, roles, password_hash) VALUES ($1, $2, $3, $4)
            ON CONFLICT (staff_id) DO NOTHING RETURNING %s""".formatted(COLUMNS))
        .execute(Tuple.of(staffId, name, roles.toArray(new String[0]), passwordHash))
        .map(this::first);
  }

  Future<JsonObject> setStatus(SqlConnection conn, String staffId, String status) {
    return conn.preparedQuery("""
            UPDATE staff_user SET status = $2, updated_at = now() WHERE staff_id = $1 RETURNING %s""".formatted(COLUMNS))
        .execute(Tuple.of(staffId, status)).map(this::first);
  }

  /** A new password; the failure count and any lock are cleared with it. */
  Future<JsonObject> setPassword(SqlConnection conn, String staffId, String passwordHash) {
    return conn.preparedQuery("""
            UPDATE staff_user SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = now()
             WHERE staff_id = $1 RETURNING %s""".formatted(COLUMNS))
        .execute(Tuple.of(staffId, passwordHash)).map(this::first);
  }

  /** Ends the staff member's open sessions in the database; answers their ids (for the cluster's revocation map). */
  Future<List<String>> endSessions(SqlConnection conn, String staffId) {
    return conn.preparedQuery("""
            UPDATE session SET revoked_at = now()
             WHERE subject_kind = 'STAFF' AND subject_id = $1 AND revoked_at IS NULL AND refresh_expires > now()
            RETURNING session_id""")
        .execute(Tuple.of(staffId)).map(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getString("session_id")));
          return ids;
        });
  }

  /** One page of staff users by id, and how many there are. */
  Future<JsonObject> page(int page, int size) {
    return pool.preparedQuery("""
            SELECT %s, count(*) OVER () AS total FROM staff_user ORDER BY staff_id LIMIT $1 OFFSET $2""".formatted(COLUMNS))
        .execute(Tuple.of(size, (long) (page - 1) * size)).map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row row : rows) {
            items.add(view(row));
            total = row.getLong("total");
          }
          return new JsonObject().put("items", items).put("page", page).put("size", size).put("total", total);
        });
  }

  private JsonObject first(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.size() == 0 ? null : view(rows.iterator().next());
  }

  private JsonObject view(Row row) {
    OffsetDateTime locked = row.getOffsetDateTime("locked_until");
    return new JsonObject().put("staffId", row.getString("staff_id")).put("name", row.getString("name"))
        .put("roles", new JsonArray(List.of(row.getArrayOfStrings("roles")))).put("status", row.getString("status"))
        .put("lockedUntil", locked == null || locked.toInstant().isBefore(clock.instant()) ? null
            : locked.toInstant().toString())
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
  }
}
