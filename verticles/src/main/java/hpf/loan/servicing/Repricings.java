package hpf.loan.servicing;

import hpf.loan.terms.Installment;
import hpf.loan.terms.RepaymentMethod;
import hpf.loan.terms.Schedule;
import hpf.loan.terms.Schedules;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The 1 January repricing of one schedule (pure): a loan of more than twelve months takes the rate in force on
 * 1 January for its term band and home, from the first installment due after that day; the principal the schedule
 * leaves outstanding before it is spread again over the same remaining installments and due dates (等额本息: a new
 * installment; 等额本金: the same principal share, new interest). Installments due up to 1 January stay as they were.
 */
public final class Repricings {

  /** Loans of at most this many months keep the contract rate for their whole term. */
  public static final int FIXED_RATE_MAX_MONTHS = 12;

  private Repricings() {}

  public static boolean eligible(int termMonths) {
    return termMonths > FIXED_RATE_MAX_MONTHS;
  }

  /**
   * The schedule with the installments after {@code januaryFirst} recomputed at {@code newRate}; the same list when
   * none falls after it.
   */
  public static List<Installment> reprice(List<Installment> schedule, LocalDate disbursedOn, LocalDate januaryFirst,
                                          BigDecimal newRate, RepaymentMethod method) {
    int k = 0;
    while (k < schedule.size() && !schedule.get(k).due().isAfter(januaryFirst)) {
      k++;
    }
    if (k == schedule.size()) {
      return schedule;
    }
    // What the installments after the day still carry (a prepayment's version may have copied older rows whose
    // outstanding-after figures predate it, so the rows' principal is the measure, not outstandingAfter).
    BigDecimal outstanding = schedule.subList(k, schedule.size()).stream().map(Installment::principal)
        .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    // Counting from the last due date before (or the disbursement) keeps every later due date where it was.
    LocalDate from = k == 0 ? disbursedOn : schedule.get(k - 1).due();
    Schedule rest = Schedules.of(outstanding, newRate, schedule.size() - k, method, from);
    List<Installment> out = new ArrayList<>(schedule.subList(0, k));
    for (Installment i : rest.installments()) {
      out.add(new Installment(k + i.period(), i.due(), i.principal(), i.interest(), i.payment(), i.outstandingAfter()));
    }
    return out;
  }
}
