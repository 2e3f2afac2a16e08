package hpf.review;

import hpf.kit.CopyFormat;
import io.vertx.core.json.JsonArray;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The row formats of review cases and their actions for bulk loading (the data set generator), and the flow in
 * force over JDBC, so a bulk load opens and decides cases the way {@link Reviews} does (case numbers from the same
 * sequence, formatted {@code RV} + nine digits; one action per opening and per decision).
 */
public final class ReviewRows {

  public static final CopyFormat CASE = new CopyFormat("review_case", List.of("case_id", "business_type", "business_id",
      "applicant_person_id", "flow_version", "state", "step_index", "round", "manual_reasons", "summary", "opened_at",
      "step_since", "closed_at"));
  public static final CopyFormat ACTION = new CopyFormat("review_action", List.of("case_id", "round", "step", "role",
      "actor_kind", "actor_id", "outcome", "reason", "at"));
  /** The sequence case numbers come from. */
  public static final String CASE_SEQUENCE = "review_case_number";

  /** A flow version and its steps in order (step code, deciding role). */
  public record Flow(int version, List<Step> steps) {}

  public record Step(String step, String role) {}

  private ReviewRows() {}

  /** The case number of a value of {@link #CASE_SEQUENCE}. */
  public static String caseId(long number) {
    return String.format("RV%09d", number);
  }

  /** The flow of {@code businessType} in force at {@code at}; null when there is none. */
  public static Flow inForce(Connection connection, String businessType, OffsetDateTime at) throws SQLException {
    try (PreparedStatement st = connection.prepareStatement("""
            SELECT version, steps::text FROM review_flow WHERE business_type = ? AND effective_from <= ?
             ORDER BY effective_from DESC, version DESC LIMIT 1""")) {
      st.setString(1, businessType);
      st.setObject(2, at);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        List<Step> steps = ReviewFlow.steps(new JsonArray(rs.getString(2))).stream()
            .map(s -> new Step(s.step(), s.role())).toList();
        return new Flow(rs.getInt(1), steps);
      }
    }
  }

  /** A case; {@code closedAt} null while it is open (IN_REVIEW or RETURNED). No manual reasons. */
  public static void reviewCase(CopyFormat.Sink rows, String caseId, String businessType, String businessId,
                                String applicantPersonId, int flowVersion, String state, int stepIndex, String summary,
                                OffsetDateTime openedAt, OffsetDateTime stepSince, OffsetDateTime closedAt)
      throws SQLException {
    rows.add(caseId).add(businessType).add(businessId).add(applicantPersonId).add(flowVersion).add(state)
        .add(stepIndex).add(1).add("{}").add(summary).add(openedAt).add(stepSince).add(closedAt).row();
  }

  /** One action of a case's first round: actor kind STAFF, APPLICANT or SYSTEM; outcome OPEN, APPROVE, ... */
  public static void action(CopyFormat.Sink rows, String caseId, Step step, String actorKind, String actorId,
                            String outcome, String reason, OffsetDateTime at) throws SQLException {
    rows.add(caseId).add(1).add(step.step()).add(step.role()).add(actorKind).add(actorId).add(outcome)
        .add(reason == null ? "" : reason).add(at).row();
  }
}
