package hpf.review;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A review case as it stands: its state ({@link #IN_REVIEW}, {@link #RETURNED}, {@link #APPROVED}, {@link #REFUSED},
 * {@link #CANCELLED}), the step and role it waits for (null once closed or while returned) and its history.
 */
public record ReviewCase(String caseId, String businessType, String businessId, String applicantPersonId, String state,
                         String currentStep, String currentRole, List<ReviewStepRecord> history,
                         OffsetDateTime openedAt) {

  public static final String IN_REVIEW = "IN_REVIEW";
  public static final String RETURNED = "RETURNED";
  public static final String APPROVED = "APPROVED";
  public static final String REFUSED = "REFUSED";
  public static final String CANCELLED = "CANCELLED";

  /** Approved, refused or cancelled: nothing more happens to the case. */
  public boolean closed() {
    return APPROVED.equals(state) || REFUSED.equals(state) || CANCELLED.equals(state);
  }

  public JsonObject toJson() {
    JsonArray steps = new JsonArray();
    history.forEach(h -> steps.add(h.toJson()));
    return new JsonObject().put("caseId", caseId).put("businessType", businessType).put("businessId", businessId)
        .put("applicantPersonId", applicantPersonId).put("state", state).put("currentStep", currentStep)
        .put("currentRole", currentRole).put("openedAt", openedAt.toInstant().toString()).put("history", steps);
  }
}
