package hpf.review;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The queue of the staff roles: cases in review whose current step is for one of the roles, oldest first, each with
 * its age (since opened) and its wait at the current step, and whether this staff member may decide it (four eyes).
 */
final class ReviewQueue {

  static final int SIZE_MAX = 100;

  private ReviewQueue() {}

  static Future<JsonArray> page(SqlClient sql, List<String> roles, String businessType, String staffId, int page,
                                int size, OffsetDateTime now) {
    return sql.preparedQuery("""
            SELECT c.case_id, c.business_type, c.business_id, c.round, c.opened_at, c.step_since, c.manual_reasons,
                   f.title, f.steps -> c.step_index ->> 'step' AS step, f.steps -> c.step_index ->> 'name' AS step_name,
                   f.steps -> c.step_index ->> 'role' AS role,
                   (c.entered_by = $3 OR EXISTS (SELECT 1 FROM review_action a WHERE a.case_id = c.case_id
                        AND a.round = c.round AND a.actor_kind = 'STAFF' AND a.actor_id = $3)) AS involved
              FROM review_case c JOIN review_flow f ON f.business_type = c.business_type AND f.version = c.flow_version
             WHERE c.state = 'IN_REVIEW' AND (f.steps -> c.step_index ->> 'role') = ANY($1)
               AND ($2::text IS NULL OR c.business_type = $2)
             ORDER BY c.opened_at, c.case_id LIMIT $4 OFFSET $5""")
        .execute(Tuple.of(roles.toArray(new String[0]), businessType, staffId, size, (long) (page - 1) * size))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(new JsonObject()
              .put("caseId", row.getString("case_id"))
              .put("businessType", row.getString("business_type"))
              .put("title", row.getString("title"))
              .put("businessId", row.getString("business_id"))
              .put("round", row.getInteger("round"))
              .put("currentStep", row.getString("step"))
              .put("currentStepName", row.getString("step_name"))
              .put("currentRole", row.getString("role"))
              .put("manualReasons", new JsonArray(List.of(row.getArrayOfStrings("manual_reasons"))))
              .put("openedAt", row.getOffsetDateTime("opened_at").toInstant().toString())
              .put("ageSeconds", seconds(row.getOffsetDateTime("opened_at"), now))
              .put("waitingSeconds", seconds(row.getOffsetDateTime("step_since"), now))
              .put("mayDecide", !Boolean.TRUE.equals(row.getBoolean("involved")))));
          return items;
        });
  }

  private static long seconds(OffsetDateTime since, OffsetDateTime now) {
    return Math.max(0, Duration.between(since, now).getSeconds());
  }
}
