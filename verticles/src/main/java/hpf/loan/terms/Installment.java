package hpf.loan.terms;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One period of a repayment schedule: its number (1..n), due date, the principal and interest it repays (yuan, scale
 * 2), their sum, and the principal still owed after it.
 */
public record Installment(int period, LocalDate due, BigDecimal principal, BigDecimal interest, BigDecimal payment,
                          BigDecimal outstandingAfter) {
}
