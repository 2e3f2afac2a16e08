package hpf.loan.servicing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a loan owes on a day (应还未还), from its schedule and the receipts: every installment due by then and not
 * fully received, with the penalty interest charged so far. The convention (docs/loan-servicing.md): an installment
 * paid in full by the end of its grace period bears no penalty; otherwise penalty interest runs from the day after
 * its due date on the principal and interest still unpaid each day, at contract rate × factor / day basis, summed
 * exactly (DECIMAL128) and rounded half-up to the fen only when charged, less the penalty already received.
 */
public final class Arrears {

  private static final MathContext MC = MathContext.DECIMAL128;

  private Arrears() {}

  /** The installments owing on {@code asOf} (due on or before it), oldest first. */
  public static List<Owed> on(List<Period> periods, BigDecimal annualRate, LocalDate asOf, OverduePolicy policy) {
    List<Owed> owed = new ArrayList<>();
    Map<Integer, LocalDate> graceEnds = graceEnds(periods, policy);
    for (Period p : periods) {
      if (p.dueOn().isAfter(asOf)) {
        continue;
      }
      LocalDate graceEnd = graceEnds.get(p.period());
      BigDecimal penalty = penaltyCharged(p, annualRate, asOf, policy, graceEnd).subtract(p.paidPenalty())
          .max(BigDecimal.ZERO);
      BigDecimal principal = p.principal().subtract(p.paidPrincipal());
      BigDecimal interest = p.interest().subtract(p.paidInterest());
      if (principal.signum() > 0 || interest.signum() > 0 || penalty.signum() > 0) {
        Owed.Standing standing = asOf.isAfter(graceEnd) ? Owed.Standing.OVERDUE
            : Owed.Standing.CURRENT;
        owed.add(new Owed(p.period(), p.dueOn(), standing, principal, interest, penalty));
      }
    }
    return owed;
  }

  /**
   * The penalty of one installment up to {@code asOf}, to the fen: nothing while within grace or when paid in full by
   * the grace period's end; else Σ over each day from the due date + 1 to {@code asOf} of the amount unpaid at the
   * start of that day × daily rate. A receipt reduces the amount from the day after its value date.
   */
  static BigDecimal penaltyCharged(Period p, BigDecimal annualRate, LocalDate asOf, OverduePolicy policy,
                                  LocalDate graceEnd) {
    if (!asOf.isAfter(graceEnd) || p.unpaidAfter(graceEnd).signum() == 0) {
      return BigDecimal.ZERO.setScale(2);
    }
    BigDecimal dailyRate = annualRate.multiply(policy.penaltyFactor(), MC)
        .divide(BigDecimal.valueOf(policy.dayBasis()), MC);
    // The unpaid amount changes only the day after a receipt: sum it over the stretches between receipts.
    TreeSet<LocalDate> changes = new TreeSet<>();
    p.received().forEach(r -> changes.add(r.valueDate()));
    BigDecimal amountDays = BigDecimal.ZERO;
    LocalDate from = p.dueOn(); // the stretch covers the days after `from` up to and including `to`
    for (LocalDate change : changes) {
      if (!change.isAfter(from)) {
        continue;
      }
      LocalDate to = change.isAfter(asOf) ? asOf : change;
      amountDays = amountDays.add(p.unpaidAfter(from).multiply(BigDecimal.valueOf(ChronoUnit.DAYS.between(from, to))));
      from = to;
      if (!from.isBefore(asOf)) {
        break;
      }
    }
    if (from.isBefore(asOf)) {
      amountDays = amountDays.add(p.unpaidAfter(from).multiply(BigDecimal.valueOf(ChronoUnit.DAYS.between(from, asOf))));
    }
    return amountDays.multiply(dailyRate, MC).setScale(2, RoundingMode.HALF_UP);
  }

  /** Installments overdue on {@code asOf} (past grace and not fully received). */
  public static int overdueNow(List<Owed> owed) {
    return (int) owed.stream().filter(o -> o.overdue() && o.principal().add(o.interest()).signum() > 0).count();
  }

  /** Installments that ever went past their grace period unpaid, up to {@code asOf}. */
  public static int everOverdue(List<Period> periods, LocalDate asOf, OverduePolicy policy) {
    Map<Integer, LocalDate> graceEnds = graceEnds(periods, policy);
    return (int) periods.stream().filter(p -> {
      LocalDate graceEnd = graceEnds.get(p.period());
      return asOf.isAfter(graceEnd) && p.unpaidAfter(graceEnd).signum() > 0;
    }).count();
  }

  /**
   * The last day of grace of each installment (by period): the policy's, or the due date itself when the policy
   * withholds grace after an overdue installment and the one before went past its own grace unpaid. The periods come
   * oldest first, so each one's grace is known before the next is judged.
   */
  public static Map<Integer, LocalDate> graceEnds(List<Period> periods, OverduePolicy policy) {
    Map<Integer, LocalDate> ends = new HashMap<>();
    boolean previousOverdue = false;
    for (Period p : periods) {
      LocalDate end = previousOverdue && !policy.graceAfterOverdue() ? p.dueOn() : policy.graceEnd(p.dueOn());
      ends.put(p.period(), end);
      previousOverdue = p.unpaidAfter(end).signum() > 0;
    }
    return ends;
  }
}
