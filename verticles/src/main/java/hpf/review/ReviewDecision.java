package hpf.review;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A decision the owning room hears about through {@link ReviewOutcomes}: the step it was taken at, by whom
 * ({@code staffId}: the staff id, or the applicant's person id for a cancellation), the action's {@code outcome}
 * (APPROVE, RETURN, REFUSE or CANCEL) and the reason (mandatory for RETURN and REFUSE). {@code decidedOn} is the
 * business date of the decision (what an approval takes effect on), which the sandbox may have moved ahead of the
 * calendar date of the {@code decidedAt} instant.
 */
public record ReviewDecision(String caseId, String businessType, String businessId, String step, String staffId,
                             String outcome, String reason, OffsetDateTime decidedAt,
                             LocalDate decidedOn) {
}
