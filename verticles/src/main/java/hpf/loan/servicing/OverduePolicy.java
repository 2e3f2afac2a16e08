package hpf.loan.servicing;

import hpf.policy.Policies;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The overdue rules in force (loan.overdue.* policy parameters): the grace period starts {@code graceStartDays}
 * after the due date and lasts {@code graceDays} (Beijing: the 3rd day, 5 days), the deduction is retried each day in
 * it, and an installment paid by its end bears no penalty. Past it, penalty interest runs from the day after the due
 * date: unpaid amount × contract rate × {@code penaltyFactor} / {@code dayBasis} a day.
 */
public record OverduePolicy(int graceStartDays, int graceDays, BigDecimal penaltyFactor, int dayBasis,
                            int reminderDaysBefore) {

  public OverduePolicy {
    if (graceStartDays < 1 || graceDays < 0 || penaltyFactor.signum() < 0 || dayBasis <= 0 || reminderDaysBefore < 0) {
      throw new IllegalArgumentException("overdue policy out of range");
    }
  }

  /** The last day of the grace period of an installment due on {@code dueOn}. */
  public LocalDate graceEnd(LocalDate dueOn) {
    return graceDays == 0 ? dueOn : dueOn.plusDays(graceStartDays + graceDays - 1L);
  }

  /** Whether {@code day} is a day a deduction is made for an installment due on {@code dueOn}. */
  public boolean deductionDay(LocalDate dueOn, LocalDate day) {
    return day.equals(dueOn) || !day.isBefore(dueOn.plusDays(graceStartDays));
  }

  public static OverduePolicy of(Policies.AsOf p) {
    return new OverduePolicy(whole(p, "loan.overdue.grace_start_days"), whole(p, "loan.overdue.grace_days"),
        p.decimal("loan.overdue.penalty_factor"), whole(p, "loan.overdue.day_basis"),
        whole(p, "loan.overdue.reminder_days_before"));
  }

  private static int whole(Policies.AsOf p, String name) {
    return Integer.parseInt(p.text(name));
  }
}
