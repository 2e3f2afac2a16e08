package hpf.loan.servicing;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What one installment still owes on a day: principal, interest and the penalty charged so far (yuan, to the fen).
 * CURRENT while the installment is due but within its grace period, OVERDUE after it.
 */
public record Owed(int period, LocalDate dueOn, Standing standing, BigDecimal principal, BigDecimal interest,
                   BigDecimal penalty) {

  public enum Standing { CURRENT, OVERDUE }

  public BigDecimal total() {
    return principal.add(interest).add(penalty);
  }

  public boolean overdue() {
    return standing == Standing.OVERDUE;
  }
}
