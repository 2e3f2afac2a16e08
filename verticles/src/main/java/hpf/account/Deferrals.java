package hpf.account;

import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Deferral periods (缓缴, {@code employer_deferral}): granted for a run of months, possibly ended early (the last
 * deferred month is then the month before the end). A later remittance or supplementary step asks
 * {@link #deferredMonths} which months were deferred. Owns that table's SQL.
 */
final class Deferrals {

  /** The last deferred month of a row: the month before an early end, else the granted last month. */
  private static final String LAST = "coalesce(ended_last_month, last_month)";

  private Deferrals() {}

  /**
   * Every month the employer's deferrals cover (granted and not ended early), in order: the months whose
   * contributions were deferred and are due later as supplementary payment (补缴).
   */
  static Future<List<YearMonth>> deferredMonths(SqlClient sql, String employerId) {
    return sql.preparedQuery("SELECT first_month, " + LAST + " AS last FROM employer_deferral WHERE employer_id = $1"
            + " AND " + LAST + " >= first_month ORDER BY first_month")
        .execute(Tuple.of(employerId))
        .map(rows -> {
          List<YearMonth> months = new ArrayList<>();
          for (Row row : rows) {
            YearMonth last = YearMonth.parse(row.getString("last"));
            for (YearMonth m = YearMonth.parse(row.getString("first_month")); !m.isAfter(last); m = m.plusMonths(1)) {
              months.add(m);
            }
          }
          return months;
        });
  }

  /** Whether a deferral still runs (ends this month or later): sealing and closure wait for its end. */
  static Future<Boolean> inForce(SqlClient sql, String employerId, YearMonth current) {
    return sql.preparedQuery("SELECT 1 FROM employer_deferral WHERE employer_id = $1 AND " + LAST + " >= $2 LIMIT 1")
        .execute(Tuple.of(employerId, current.toString())).map(rows -> rows.size() > 0);
  }

  /** Whether {@code month} lies in a deferral that still runs (no list is made for it until the deferral is over). */
  static Future<Boolean> defersNow(SqlClient sql, String employerId, YearMonth month, YearMonth current) {
    return sql.preparedQuery("""
            SELECT 1 FROM employer_deferral WHERE employer_id = $1 AND first_month <= $2
               AND coalesce(ended_last_month, last_month) >= $2 AND coalesce(ended_last_month, last_month) >= $3 LIMIT 1""")
        .execute(Tuple.of(employerId, month.toString(), current.toString())).map(rows -> rows.size() > 0);
  }

  /** The latest month with a remittance list (paid or not): a deferral starts after it. */
  static Future<String> lastListedMonth(SqlClient sql, String employerId) {
    return sql.preparedQuery("SELECT max(month) AS month FROM remittance WHERE employer_id = $1")
        .execute(Tuple.of(employerId)).map(rows -> rows.iterator().next().getString("month"));
  }

  /** Records a period already checked by {@link DeferralRules}; a 409 problem when it overlaps another. */
  static Future<Row> grant(SqlConnection conn, String employerId, YearMonth from, YearMonth to, String reason, Actor actor) {
    return conn.preparedQuery("SELECT 1 FROM employer_deferral WHERE employer_id = $1 AND first_month <= $3"
            + " AND " + LAST + " >= $2 AND " + LAST + " >= first_month LIMIT 1")
        .execute(Tuple.of(employerId, from.toString(), to.toString()))
        .compose(overlapping -> overlapping.size() > 0
            ? Future.failedFuture(new ProblemException(LifecycleProblems.DEFERRAL_OVERLAPS))
            : conn.preparedQuery("""
                    INSERT INTO employer_deferral (employer_id, first_month, last_month, reason, granted_by)
                    VALUES ($1, $2, $3, $4, $5) RETURNING *""")
                .execute(Tuple.of(employerId, from.toString(), to.toString(), reason, actor.id()))
                .map(rows -> rows.iterator().next()));
  }

  /** Ends a running deferral now: the current month is due again. 404 or 409 problems otherwise. */
  static Future<Row> end(SqlConnection conn, String employerId, long deferralId, YearMonth current, String reason,
                         Actor actor) {
    return conn.preparedQuery("SELECT * FROM employer_deferral WHERE deferral_id = $1 AND employer_id = $2 FOR UPDATE")
        .execute(Tuple.of(deferralId, employerId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(LifecycleProblems.DEFERRAL_NOT_FOUND));
          }
          Row row = rows.iterator().next();
          if (row.getString("ended_last_month") != null || YearMonth.parse(row.getString("last_month")).isBefore(current)) {
            return Future.failedFuture(new ProblemException(LifecycleProblems.DEFERRAL_ALREADY_ENDED));
          }
          return conn.preparedQuery("""
                  UPDATE employer_deferral SET ended_last_month = $2, end_reason = $3, ended_by = $4, ended_at = now()
                   WHERE deferral_id = $1 RETURNING *""")
              .execute(Tuple.of(deferralId, current.minusMonths(1).toString(), reason, actor.id()))
              .map(updated -> updated.iterator().next());
        });
  }

  static Future<JsonObject> list(SqlClient sql, String employerId, YearMonth current) {
    return sql.preparedQuery("SELECT * FROM employer_deferral WHERE employer_id = $1 ORDER BY first_month DESC LIMIT 200")
        .execute(Tuple.of(employerId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(toJson(row, current)));
          return new JsonObject().put("employerId", employerId).put("items", items);
        });
  }

  static JsonObject toJson(Row row, YearMonth current) {
    YearMonth first = YearMonth.parse(row.getString("first_month"));
    String endedLast = row.getString("ended_last_month");
    YearMonth last = YearMonth.parse(endedLast != null ? endedLast : row.getString("last_month"));
    String state = endedLast != null ? "ENDED_EARLY" : current.isBefore(first) ? "SCHEDULED"
        : current.isAfter(last) ? "COMPLETED" : "IN_FORCE";
    long months = last.isBefore(first) ? 0 : java.time.temporal.ChronoUnit.MONTHS.between(first, last) + 1;
    return new JsonObject().put("deferralId", row.getLong("deferral_id")).put("employerId", row.getString("employer_id"))
        .put("fromMonth", first.toString()).put("toMonth", row.getString("last_month"))
        .put("lastDeferredMonth", months == 0 ? null : last.toString()).put("months", months).put("state", state)
        .put("reason", row.getString("reason")).put("grantedBy", row.getString("granted_by"))
        .put("grantedAt", row.getOffsetDateTime("granted_at").toInstant().toString())
        .put("endReason", row.getString("end_reason")).put("endedBy", row.getString("ended_by"))
        .put("endedAt", row.getOffsetDateTime("ended_at") == null ? null
            : row.getOffsetDateTime("ended_at").toInstant().toString());
  }
}
