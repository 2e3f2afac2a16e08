package hpf.dataset;

import hpf.kit.Money;
import hpf.loan.servicing.Allocation;
import hpf.loan.servicing.Arrears;
import hpf.loan.servicing.OverduePolicy;
import hpf.loan.servicing.Owed;
import hpf.loan.servicing.Period;
import hpf.loan.terms.Installment;
import hpf.loan.terms.Schedule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What loan servicing recorded for a generated active loan from its disbursement to the data set's last day: the
 * deductions it made (on each installment's due date, and every day from the start of the grace period while one is
 * unpaid), each collected or refused as the borrower's {@link Plan} says, a collected one split and charged exactly
 * as servicing does it ({@link Arrears}, {@link Allocation}), the next due date, and the day it was settled if every
 * installment was received. Pure: the same loan and plan give the same history.
 */
final class RepaymentHistory {

  /** How the borrower's card answers the deductions. */
  enum Kind { ON_TIME, OVERDUE, LATE }

  /**
   * The borrower's behaviour, drawn when the loan is lent: OVERDUE refuses from the due date of one of the last
   * {@code unpaid} installments past grace on; LATE refuses one installment ({@code pick} of those past grace) until
   * {@code lateDays} (drawn fraction of up to {@link #MAX_LATE_DAYS}) after its grace period; ON_TIME pays each.
   */
  record Plan(long seed, OverduePolicy policy, LocalDate lastDay, Kind kind, int unpaid, double pick,
              double lateDays) {}

  /** One deduction: refused when {@code parts} is null, else collected and split into {@code parts}. */
  record Attempt(UUID deductionId, UUID repaymentId, UUID txnId, LocalDate day, Money amount,
                 List<Allocation.Part> parts) {
    boolean collected() {
      return parts != null;
    }

    Money sum(Allocation.Kind kind) {
      return parts == null ? Money.ZERO : Money.of(Allocation.sum(parts, kind));
    }

    /** JGJ/T 320 A.15: 04 a repayment that paid overdue parts, 02 a normal one (as servicing books it). */
    String detailType() {
      return parts.stream().anyMatch(Allocation.Part::overdue) ? "04" : "02";
    }
  }

  /** A late installment is received at most this many days after its grace period (before the next one is due). */
  static final int MAX_LATE_DAYS = 15;

  final List<Attempt> attempts = new ArrayList<>();
  LocalDate nextDueOn;
  LocalDate settledOn;
  Money principal = Money.ZERO;

  private RepaymentHistory() {}

  static RepaymentHistory of(String contractId, Schedule schedule, BigDecimal annualRate, Plan plan) {
    OverduePolicy policy = plan.policy();
    List<Installment> due = schedule.installments().stream().filter(i -> !i.due().isAfter(plan.lastDay())).toList();
    List<List<Period.Received>> received = new ArrayList<>();
    due.forEach(i -> received.add(new ArrayList<>()));
    LocalDate[] refused = refused(due, plan);
    RepaymentHistory history = new RepaymentHistory();
    LocalDate day = due.isEmpty() ? null : due.get(0).due();
    while (day != null && !day.isAfter(plan.lastDay())) {
      LocalDate today = day;
      List<Period> periods = periods(due, received);
      List<Owed> owed = Arrears.on(periods, annualRate, today, policy);
      if (owed.stream().anyMatch(o -> o.principal().add(o.interest()).signum() > 0
          && policy.deductionDay(o.dueOn(), today))) {
        BigDecimal total = owed.stream().map(Owed::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        String key = contractId + ":" + today;
        UUID deductionId = Draws.uuid(plan.seed(), "loan-deduction:" + key);
        if (refused != null && !today.isBefore(refused[0]) && (refused[1] == null || today.isBefore(refused[1]))) {
          history.attempts.add(new Attempt(deductionId, null, null, today, Money.of(total), null));
        } else {
          List<Allocation.Part> parts = Allocation.of(owed, total);
          history.attempts.add(new Attempt(deductionId, Draws.uuid(plan.seed(), "loan-repayment:" + key),
              Draws.uuid(plan.seed(), "loan-repayment-txn:" + key), today, Money.of(total), parts));
          history.principal = history.principal.plus(Money.of(Allocation.sum(parts, Allocation.Kind.PRINCIPAL)));
          apply(due, received, parts, today);
        }
      }
      day = next(due, periods(due, received), today, policy);
    }
    List<Period> after = periods(due, received);
    int firstUnpaid = 0;
    while (firstUnpaid < after.size() && unpaid(after.get(firstUnpaid)).signum() == 0) {
      firstUnpaid++;
    }
    List<Installment> all = schedule.installments();
    if (firstUnpaid < all.size()) {
      history.nextDueOn = all.get(firstUnpaid).due();
    } else if (Arrears.on(after, annualRate, plan.lastDay(), policy).isEmpty()) {
      history.settledOn = history.attempts.get(history.attempts.size() - 1).day();
    }
    return history;
  }

  /** The days the card refuses: from [0] (inclusive) until [1] (exclusive, null: through the last day); null: never. */
  private static LocalDate[] refused(List<Installment> due, Plan plan) {
    List<Installment> pastGrace = due.stream()
        .filter(i -> plan.lastDay().isAfter(plan.policy().graceEnd(i.due()))).toList();
    if (plan.kind() == Kind.ON_TIME || pastGrace.isEmpty()) {
      return null;
    }
    if (plan.kind() == Kind.OVERDUE) {
      return new LocalDate[] {pastGrace.get(Math.max(0, pastGrace.size() - plan.unpaid())).due(), null};
    }
    Installment late = pastGrace.get(Math.min(pastGrace.size() - 1, (int) (plan.pick() * pastGrace.size())));
    LocalDate graceEnd = plan.policy().graceEnd(late.due());
    long room = Math.min(MAX_LATE_DAYS, plan.lastDay().toEpochDay() - graceEnd.toEpochDay());
    return new LocalDate[] {late.due(), graceEnd.plusDays(1 + (long) (plan.lateDays() * room))};
  }

  /**
   * The next deduction day after {@code day}: the next due date, or for an installment still unpaid the day after,
   * once its grace period has begun (the two days between the due date and its start are not deduction days).
   */
  private static LocalDate next(List<Installment> due, List<Period> periods, LocalDate day, OverduePolicy policy) {
    LocalDate next = null;
    for (int k = 0; k < due.size(); k++) {
      LocalDate dueOn = due.get(k).due();
      LocalDate candidate = dueOn.isAfter(day) ? dueOn : unpaid(periods.get(k)).signum() > 0
          ? latest(day.plusDays(1), dueOn.plusDays(policy.graceStartDays())) : null;
      if (candidate != null && (next == null || candidate.isBefore(next))) {
        next = candidate;
      }
    }
    return next;
  }

  private static LocalDate latest(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static List<Period> periods(List<Installment> due, List<List<Period.Received>> received) {
    List<Period> periods = new ArrayList<>(due.size());
    for (int k = 0; k < due.size(); k++) {
      Installment i = due.get(k);
      periods.add(new Period(i.period(), i.due(), i.principal(), i.interest(), received.get(k)));
    }
    return periods;
  }

  private static void apply(List<Installment> due, List<List<Period.Received>> received, List<Allocation.Part> parts,
                            LocalDate day) {
    for (int k = 0; k < due.size(); k++) {
      int period = due.get(k).period();
      BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
      for (Allocation.Part part : parts) {
        if (part.period() == period) {
          sums[part.kind().ordinal()] = sums[part.kind().ordinal()].add(part.amount());
        }
      }
      if (sums[0].signum() > 0 || sums[1].signum() > 0 || sums[2].signum() > 0) {
        received.get(k).add(new Period.Received(day, sums[2], sums[1], sums[0]));
      }
    }
  }

  /** Principal and interest of an installment not received yet. */
  private static BigDecimal unpaid(Period p) {
    BigDecimal paid = p.received().stream().map(r -> r.principal().add(r.interest()))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    return p.principal().add(p.interest()).subtract(paid);
  }
}
