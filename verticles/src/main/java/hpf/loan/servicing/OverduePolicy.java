package hpf.loan.servicing;

import hpf.policy.Policies;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The overdue rules in force (loan.overdue.* policy parameters): the grace period starts {@code graceStartDays}
 * after the due date and lasts {@code graceDays} (Beijing: the 3rd day, 5 days), the deduction is retried each day in
 * it, and an installment paid by its end bears no penalty. Past it, penalty interest runs from the day after the due
 * date: unpaid amount × contract rate × {@code penaltyFactor} / {@code dayBasis} a day. Unless
 * {@code graceAfterOverdue}, an installment whose predecessor went overdue has no grace (Beijing: 对于上期贷款已逾期的借款人，
 * 本期不再设置宽限期). A loan still owing an installment {@code creditReportDays} after its due date is reported to the
 * credit reference system as overdue (Beijing: T+15).
 */
public record OverduePolicy(int graceStartDays, int graceDays, BigDecimal penaltyFactor, int dayBasis,
                            int reminderDaysBefore, boolean graceAfterOverdue, int creditReportDays) {

  public OverduePolicy {
    if (graceStartDays < 1 || graceDays < 0 || penaltyFactor.signum() < 0 || dayBasis <= 0 || reminderDaysBefore < 0
        || creditReportDays < 1) {
      throw new IllegalArgumentException("overdue policy out of range");
    }
  }

  /** Grace after every installment, reported at T+15 (the shape of the hand-computed tests). */
  public OverduePolicy(int graceStartDays, int graceDays, BigDecimal penaltyFactor, int dayBasis,
                       int reminderDaysBefore) {
    this(graceStartDays, graceDays, penaltyFactor, dayBasis, reminderDaysBefore, true, 15);
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
        whole(p, "loan.overdue.reminder_days_before"),
        Boolean.parseBoolean(p.text("loan.overdue.grace_after_overdue.enabled")),
        whole(p, "loan.overdue.credit_report_days"));
  }

  private static int whole(Policies.AsOf p, String name) {
    return Integer.parseInt(p.text(name));
  }
}
