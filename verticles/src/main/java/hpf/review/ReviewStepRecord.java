package hpf.review;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * One action in a case's history, never changed: who ({@code actorKind} STAFF, APPLICANT or SYSTEM, and the id) did
 * what ({@code outcome} OPEN, APPROVE, RETURN, REFUSE, RESUBMIT or CANCEL) at which step of which round, and why.
 */
public record ReviewStepRecord(int round, String step, String role, String actorKind, String actorId, String outcome,
                               String reason, OffsetDateTime at) {

  public JsonObject toJson() {
    return new JsonObject().put("round", round).put("step", step).put("role", role).put("actorKind", actorKind)
        .put("actorId", actorId).put("outcome", outcome).put("reason", reason).put("at", at.toInstant().toString());
  }
}
