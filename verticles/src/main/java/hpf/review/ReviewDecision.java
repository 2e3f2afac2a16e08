package hpf.review;

import java.time.OffsetDateTime;

/**
 * A decision the owning room hears about through {@link ReviewOutcomes}: the step it was taken at, by whom
 * ({@code staffId}: the staff id, or the applicant's person id for a cancellation), the action's {@code outcome}
 * (APPROVE, RETURN, REFUSE or CANCEL) and the reason (mandatory for RETURN and REFUSE).
 */
public record ReviewDecision(String caseId, String businessType, String businessId, String step, String staffId,
                             String outcome, String reason, OffsetDateTime decidedAt) {
}
