package hpf.loan.servicing;

import hpf.loan.terms.Installment;
import hpf.loan.terms.RepaymentMethod;
import hpf.loan.terms.Schedule;
import hpf.loan.terms.Schedules;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The schedule after a partial prepayment on a day (pure): installments due by that day stay; the principal the
 * schedule leaves after them, less the prepaid principal, is spread again from the same due day of month, either over
 * the same number of installments (LOWER_INSTALLMENT) or over the fewest that keep the installment (等额本息) or the
 * principal share (等额本金) no higher than before (SHORTEN_TERM).
 */
public final class Reschedules {

  public enum Option { SHORTEN_TERM, LOWER_INSTALLMENT }

  private Reschedules() {}

  /** The principal of the installments due after {@code day}: what a prepayment may reduce (less than all of it). */
  public static BigDecimal notYetDue(List<Installment> schedule, LocalDate day) {
    return schedule.stream().filter(i -> i.due().isAfter(day)).map(Installment::principal)
        .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
  }

  public static List<Installment> after(List<Installment> schedule, LocalDate disbursedOn, LocalDate day,
                                        BigDecimal prepaid, BigDecimal annualRate, RepaymentMethod method,
                                        Option option) {
    int k = 0;
    while (k < schedule.size() && !schedule.get(k).due().isAfter(day)) {
      k++;
    }
    BigDecimal remaining = notYetDue(schedule, day).subtract(prepaid);
    if (k == schedule.size() || remaining.signum() <= 0) {
      throw new IllegalArgumentException("a partial prepayment leaves principal to repay after the day");
    }
    int left = schedule.size() - k;
    int months = option == Option.LOWER_INSTALLMENT ? left : shortest(remaining, annualRate, method, left,
        schedule.get(k));
    return respread(schedule, disbursedOn, day, remaining, months, annualRate, method);
  }

  /**
   * The installments due by {@code day} kept, then {@code principal} spread over {@code months} installments from
   * the same due day of month, at {@code annualRate} by {@code method} (a term extension, a method change).
   */
  public static List<Installment> respread(List<Installment> schedule, LocalDate disbursedOn, LocalDate day,
                                           BigDecimal principal, int months, BigDecimal annualRate,
                                           RepaymentMethod method) {
    int k = 0;
    while (k < schedule.size() && !schedule.get(k).due().isAfter(day)) {
      k++;
    }
    LocalDate from = k == 0 ? disbursedOn : schedule.get(k - 1).due();
    Schedule rest = Schedules.of(principal, annualRate, months, method, from);
    List<Installment> out = new ArrayList<>(schedule.subList(0, k));
    for (Installment i : rest.installments()) {
      out.add(new Installment(k + i.period(), i.due(), i.principal(), i.interest(), i.payment(), i.outstandingAfter()));
    }
    return out;
  }

  /** How many installments fall due by {@code day}. */
  public static int dueBy(List<Installment> schedule, LocalDate day) {
    return (int) schedule.stream().filter(i -> !i.due().isAfter(day)).count();
  }

  /** The fewest installments whose regular payment (等额本息) or principal share (等额本金) is no higher than now. */
  private static int shortest(BigDecimal remaining, BigDecimal annualRate, RepaymentMethod method, int left,
                              Installment next) {
    for (int m = 1; m < left; m++) {
      boolean fits = method == RepaymentMethod.EQUAL_INSTALLMENT
          ? Schedules.firstPayment(remaining, annualRate, m, method).compareTo(next.payment()) <= 0
          : Schedules.fen(remaining.divide(BigDecimal.valueOf(m), MathContext.DECIMAL128))
              .compareTo(next.principal()) <= 0;
      if (fits) {
        return m;
      }
    }
    return left;
  }
}
