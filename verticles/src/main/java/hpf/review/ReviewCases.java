package hpf.review;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The {@code review_case} and {@code review_action} tables: cases, their locks and moves, and their history. */
final class ReviewCases {

  private static final String CASE_COLUMNS = """
      c.case_id, c.business_type, c.business_id, c.applicant_person_id, c.entered_by, c.flow_version, c.state,
      c.step_index, c.round, c.manual_reasons, c.summary, c.opened_at, c.step_since, f.steps""";

  private ReviewCases() {}

  /** A new case at the first step; null when the business item has one already. */
  static Future<String> insert(SqlConnection conn, ReviewRequest r, String enteredBy, int flowVersion,
                               OffsetDateTime now) {
    return conn.preparedQuery("""
            INSERT INTO review_case (case_id, business_type, business_id, applicant_person_id, entered_by, flow_version,
                                     state, step_index, manual_reasons, summary, opened_at, step_since)
            VALUES ('RV' || lpad(nextval('review_case_number')::text, 9, '0'), $1, $2, $3, $4, $5, 'IN_REVIEW', 0, $6,
                    $7, $8, $8)
            ON CONFLICT (business_type, business_id) DO NOTHING RETURNING case_id""")
        .execute(Tuple.of(r.businessType(), r.businessId(), r.applicantPersonId(), enteredBy, flowVersion,
            r.manualReasons().toArray(new String[0]), r.summary(), now))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("case_id"));
  }

  /**
   * Locks the case until the transaction ends: every change of a case starts here, so two decisions on one case
   * run one after the other and the second sees what the first did.
   */
  static Future<Row> lock(SqlConnection conn, String caseId) {
    return conn.preparedQuery("""
            SELECT %s FROM review_case c JOIN review_flow f
                ON f.business_type = c.business_type AND f.version = c.flow_version
             WHERE c.case_id = $1 FOR UPDATE OF c""".formatted(CASE_COLUMNS))
        .execute(Tuple.of(caseId)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  static Future<Row> lockByBusiness(SqlConnection conn, String businessType, String businessId) {
    return conn.preparedQuery("SELECT case_id FROM review_case WHERE business_type = $1 AND business_id = $2")
        .execute(Tuple.of(businessType, businessId))
        .compose(rows -> rows.size() == 0 ? Future.<Row>succeededFuture(null)
            : lock(conn, rows.iterator().next().getString("case_id")));
  }

  /** The case's new state and step; the time it reached that step; closed when the state is final. */
  static Future<Void> move(SqlConnection conn, String caseId, String state, int stepIndex, int round,
                           OffsetDateTime now) {
    boolean closed = !ReviewCase.IN_REVIEW.equals(state) && !ReviewCase.RETURNED.equals(state);
    return conn.preparedQuery("""
            UPDATE review_case SET state = $2, step_index = $3, round = $4, step_since = $5::timestamptz,
                   closed_at = CASE WHEN $6::boolean THEN $5::timestamptz END
             WHERE case_id = $1""")
        .execute(Tuple.of(caseId, state, stepIndex, round, now, closed)).mapEmpty();
  }

  static Future<Void> resummarise(SqlConnection conn, String caseId, JsonObject summary) {
    return summary == null ? Future.succeededFuture() : conn.preparedQuery(
            "UPDATE review_case SET summary = $2 WHERE case_id = $1")
        .execute(Tuple.of(caseId, summary)).mapEmpty();
  }

  /** Appends one action to the history; answers its id. */
  static Future<Long> act(SqlConnection conn, String caseId, int round, ReviewFlow.Step step, String actorKind,
                          String actorId, String outcome, String reason, OffsetDateTime now) {
    return conn.preparedQuery("""
            INSERT INTO review_action (case_id, round, step, role, actor_kind, actor_id, outcome, reason, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING action_id""")
        .execute(Tuple.from(List.of(caseId, round, step.step(), step.role(), actorKind, actorId, outcome,
            reason == null ? "" : reason, now)))
        .map(rows -> rows.iterator().next().getLong("action_id"));
  }

  /** Whether this staff member entered the case or decided a step of its current round (four eyes). */
  static Future<Boolean> involved(SqlConnection conn, Row caseRow, String staffId) {
    if (staffId.equals(caseRow.getString("entered_by"))) {
      return Future.succeededFuture(true);
    }
    return conn.preparedQuery("""
            SELECT 1 FROM review_action WHERE case_id = $1 AND round = $2 AND actor_kind = 'STAFF' AND actor_id = $3
             LIMIT 1""")
        .execute(Tuple.of(caseRow.getString("case_id"), caseRow.getInteger("round"), staffId))
        .map(rows -> rows.size() > 0);
  }

  static Future<ReviewCase> read(SqlClient sql, String caseId) {
    return one(sql, "c.case_id = $1", Tuple.of(caseId));
  }

  static Future<ReviewCase> readByBusiness(SqlClient sql, String businessType, String businessId) {
    return one(sql, "c.business_type = $1 AND c.business_id = $2", Tuple.of(businessType, businessId));
  }

  /** The summary and manual reasons the reviewers see, or null when there is no such case. */
  static Future<JsonObject> details(SqlClient sql, String caseId) {
    return sql.preparedQuery("SELECT summary, manual_reasons FROM review_case WHERE case_id = $1")
        .execute(Tuple.of(caseId)).map(rows -> rows.size() == 0 ? null : details(rows.iterator().next()));
  }

  static JsonObject details(Row row) {
    Object summary = row.getValue("summary");
    JsonObject json = summary instanceof JsonObject o ? o : new JsonObject(String.valueOf(summary));
    return new JsonObject().put("summary", json)
        .put("manualReasons", new JsonArray(List.of(row.getArrayOfStrings("manual_reasons"))));
  }

  private static Future<ReviewCase> one(SqlClient sql, String where, Tuple args) {
    return sql.preparedQuery("""
            SELECT %s FROM review_case c JOIN review_flow f
                ON f.business_type = c.business_type AND f.version = c.flow_version
             WHERE %s""".formatted(CASE_COLUMNS, where))
        .execute(args)
        .compose(rows -> rows.size() == 0 ? Future.<ReviewCase>succeededFuture(null)
            : withHistory(sql, rows.iterator().next()));
  }

  /** The case of a locked or read row, with its whole history in order. */
  static Future<ReviewCase> withHistory(SqlClient sql, Row row) {
    return sql.preparedQuery("""
            SELECT round, step, role, actor_kind, actor_id, outcome, reason, at FROM review_action
             WHERE case_id = $1 ORDER BY action_id""")
        .execute(Tuple.of(row.getString("case_id")))
        .map(actions -> {
          List<ReviewStepRecord> history = new ArrayList<>();
          actions.forEach(a -> history.add(new ReviewStepRecord(a.getInteger("round"), a.getString("step"),
              a.getString("role"), a.getString("actor_kind"), a.getString("actor_id"), a.getString("outcome"),
              a.getString("reason").isEmpty() ? null : a.getString("reason"), a.getOffsetDateTime("at"))));
          return view(row, history);
        });
  }

  private static ReviewCase view(Row row, List<ReviewStepRecord> history) {
    String state = row.getString("state");
    ReviewFlow.Step step = ReviewCase.IN_REVIEW.equals(state) ? steps(row).get(row.getInteger("step_index")) : null;
    return new ReviewCase(row.getString("case_id"), row.getString("business_type"), row.getString("business_id"),
        row.getString("applicant_person_id"), state, step == null ? null : step.step(),
        step == null ? null : step.role(), history, row.getOffsetDateTime("opened_at"));
  }

  static List<ReviewFlow.Step> steps(Row row) {
    Object steps = row.getValue("steps");
    return ReviewFlow.steps(steps instanceof JsonArray a ? a : new JsonArray(String.valueOf(steps)));
  }
}
