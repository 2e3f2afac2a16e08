package hpf.review;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The {@code review_flow} table: the version in force for a business type, one version, the versions, a new one. */
final class ReviewFlows {

  private static final String COLUMNS = "business_type, version, effective_from, title, steps";

  private ReviewFlows() {}

  /** The version in force at {@code at} (the latest effective not after it); null when there is none. */
  static Future<ReviewFlow> inForce(SqlClient sql, String businessType, OffsetDateTime at) {
    return sql.preparedQuery("""
            SELECT %s FROM review_flow WHERE business_type = $1 AND effective_from <= $2
             ORDER BY effective_from DESC, version DESC LIMIT 1""".formatted(COLUMNS))
        .execute(Tuple.of(businessType, at)).map(rows -> rows.size() == 0 ? null : flow(rows.iterator().next()));
  }

  /** The version a case was opened with. */
  static Future<ReviewFlow> version(SqlClient sql, String businessType, int version) {
    return sql.preparedQuery("SELECT %s FROM review_flow WHERE business_type = $1 AND version = $2".formatted(COLUMNS))
        .execute(Tuple.of(businessType, version)).map(rows -> flow(rows.iterator().next()));
  }

  /** Every version of a business type, newest first (bounded: a center changes a flow a few times a year). */
  static Future<List<ReviewFlow>> versions(SqlClient sql, String businessType) {
    return sql.preparedQuery("""
            SELECT %s FROM review_flow WHERE business_type = $1 ORDER BY version DESC LIMIT 100""".formatted(COLUMNS))
        .execute(Tuple.of(businessType)).map(rows -> {
          List<ReviewFlow> flows = new ArrayList<>();
          rows.forEach(row -> flows.add(flow(row)));
          return flows;
        });
  }

  /** Appends the next version; concurrent additions for one type are serialised by a transaction lock. */
  static Future<ReviewFlow> add(SqlConnection conn, String businessType, OffsetDateTime effectiveFrom, String title,
                                List<ReviewFlow.Step> steps, String note, String createdBy) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .execute(Tuple.of("review_flow:" + businessType))
        .compose(locked -> conn.preparedQuery("""
                INSERT INTO review_flow (business_type, version, effective_from, title, steps, note, created_by)
                SELECT $1::text, coalesce(max(version), 0) + 1, $2::timestamptz, $3::text, $4::jsonb, $5::text, $6::text
                  FROM review_flow WHERE business_type = $1::text
                RETURNING %s""".formatted(COLUMNS))
            .execute(Tuple.of(businessType, effectiveFrom, title, ReviewFlow.toJson(steps),
                note == null ? "" : note, createdBy)))
        .map(rows -> flow(rows.iterator().next()));
  }

  private static ReviewFlow flow(Row row) {
    Object steps = row.getValue("steps");
    JsonArray array = steps instanceof JsonArray a ? a : new JsonArray(String.valueOf(steps));
    return new ReviewFlow(row.getString("business_type"), row.getInteger("version"),
        row.getOffsetDateTime("effective_from").withOffsetSameInstant(ZoneOffset.UTC), row.getString("title"),
        ReviewFlow.steps(array));
  }
}
