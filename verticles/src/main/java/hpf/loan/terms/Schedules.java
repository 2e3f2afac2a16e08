package hpf.loan.terms;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Repayment schedules exact to the fen. The monthly rate is r = annual / 12 in DECIMAL128; every amount of a period
 * is rounded to the fen half-up where it is computed (fen = scale 2, HALF_UP), never at the end, so what the member is
 * shown is what each period will post. 等额本息: M = fen(P·r·(1+r)^n / ((1+r)^n − 1)); 等额本金: fen(P / n) a period.
 * Both: interest = fen(outstanding × r); the last period repays all the principal still owed plus its interest, so
 * the principal sums exactly to the loan. Due on the disbursement day of month (capped at 28: every month has it),
 * the first one month after disbursement.
 */
public final class Schedules {

  /** The longest term a schedule is computed for (30 years): it also bounds the work one schedule costs. */
  public static final int MAX_MONTHS = 360;
  /** The largest principal a schedule is computed for: far above any ceiling, it keeps every figure in range. */
  public static final BigDecimal MAX_PRINCIPAL = new BigDecimal("100000000.00");
  /** The latest day of month every month has: a loan paid out on the 29th to 31st falls due on the 28th. */
  static final int LAST_DUE_DAY = 28;
  static final MathContext MC = MathContext.DECIMAL128;
  private static final BigDecimal TWELVE = BigDecimal.valueOf(12);

  private Schedules() {}

  public static Schedule of(BigDecimal principal, BigDecimal annualRate, int months, RepaymentMethod method,
                            LocalDate disbursedOn) {
    validate(principal, annualRate, months, method);
    if (disbursedOn == null) {
      throw new IllegalArgumentException("disbursement date missing");
    }
    BigDecimal r = monthlyRate(annualRate);
    BigDecimal loan = principal.setScale(2, RoundingMode.UNNECESSARY);
    BigDecimal regular = method == RepaymentMethod.EQUAL_INSTALLMENT ? equalInstallment(loan, r, months)
        : fen(loan.divide(BigDecimal.valueOf(months), MC));
    int dueDay = Math.min(disbursedOn.getDayOfMonth(), LAST_DUE_DAY);
    List<Installment> rows = new ArrayList<>(months);
    BigDecimal outstanding = loan;
    BigDecimal totalInterest = BigDecimal.ZERO.setScale(2);
    for (int k = 1; k <= months; k++) {
      BigDecimal interest = interest(outstanding, annualRate);
      BigDecimal share;
      if (k == months) {
        share = outstanding;
      } else if (method == RepaymentMethod.EQUAL_INSTALLMENT) {
        share = regular.subtract(interest);
      } else {
        share = regular;
      }
      // Only a loan of a few fen could round its regular share above what is left; it never repays more than owed.
      share = share.max(BigDecimal.ZERO.setScale(2)).min(outstanding);
      outstanding = outstanding.subtract(share);
      totalInterest = totalInterest.add(interest);
      rows.add(new Installment(k, disbursedOn.plusMonths(k).withDayOfMonth(dueDay), share, interest,
          share.add(interest), outstanding));
    }
    return new Schedule(loan, annualRate, months, method, disbursedOn, rows, loan, totalInterest,
        loan.add(totalInterest));
  }

  /**
   * The first period's payment of a loan of {@code principal}, without building the schedule: 等额本息 the regular
   * installment M, 等额本金 fen(P / n) + fen(P × r), its highest payment.
   */
  public static BigDecimal firstPayment(BigDecimal principal, BigDecimal annualRate, int months, RepaymentMethod method) {
    validate(principal, annualRate, months, method);
    BigDecimal r = monthlyRate(annualRate);
    if (method == RepaymentMethod.EQUAL_INSTALLMENT) {
      return equalInstallment(principal, r, months);
    }
    return fen(principal.divide(BigDecimal.valueOf(months), MC)).add(interest(principal, annualRate));
  }

  /** r = annual rate / 12, in DECIMAL128. */
  public static BigDecimal monthlyRate(BigDecimal annualRate) {
    return annualRate.divide(TWELVE, MC);
  }

  /**
   * One period's interest: fen(owed × r) with r = annual rate / 12, computed as owed × annual rate / 12 so the one
   * division comes last: an exact half fen (3,000 × 3.25 % / 12 = 8.125) rounds up as it does by hand, instead of
   * falling a 34th digit short of it through a rounded r.
   */
  public static BigDecimal interest(BigDecimal owed, BigDecimal annualRate) {
    return fen(owed.multiply(annualRate).divide(TWELVE, MC));
  }

  /** Round half-up to the fen. */
  public static BigDecimal fen(BigDecimal yuan) {
    return yuan.setScale(2, RoundingMode.HALF_UP);
  }

  /** M = fen(P·r·(1+r)^n / ((1+r)^n − 1)), in that order in DECIMAL128; at rate zero fen(P / n). */
  static BigDecimal equalInstallment(BigDecimal principal, BigDecimal r, int months) {
    if (r.signum() == 0) {
      return fen(principal.divide(BigDecimal.valueOf(months), MC));
    }
    BigDecimal growth = BigDecimal.ONE.add(r).pow(months, MC);
    return fen(principal.multiply(r, MC).multiply(growth, MC).divide(growth.subtract(BigDecimal.ONE), MC));
  }

  /** What one yuan of principal adds to the first payment, unrounded: r·(1+r)^n / ((1+r)^n − 1); at rate zero 1 / n. */
  static BigDecimal installmentFactor(BigDecimal r, int months) {
    if (r.signum() == 0) {
      return BigDecimal.ONE.divide(BigDecimal.valueOf(months), MC);
    }
    BigDecimal growth = BigDecimal.ONE.add(r).pow(months, MC);
    return r.multiply(growth, MC).divide(growth.subtract(BigDecimal.ONE), MC);
  }

  /** The inputs a schedule is computed for; each bound keeps the work and the figures bounded. */
  static void validate(BigDecimal principal, BigDecimal annualRate, int months, RepaymentMethod method) {
    if (principal == null || principal.signum() <= 0 || principal.compareTo(MAX_PRINCIPAL) > 0
        || principal.stripTrailingZeros().scale() > 2) {
      throw new IllegalArgumentException("principal must be above 0, at most " + MAX_PRINCIPAL + ", in fen: " + principal);
    }
    if (annualRate == null || annualRate.signum() < 0 || annualRate.compareTo(BigDecimal.ONE) > 0
        || annualRate.stripTrailingZeros().scale() > 8) {
      throw new IllegalArgumentException("annual rate must be a fraction in [0, 1]: " + annualRate);
    }
    if (months < 1 || months > MAX_MONTHS) {
      throw new IllegalArgumentException("term must be 1.." + MAX_MONTHS + " months: " + months);
    }
    if (method == null) {
      throw new IllegalArgumentException("repayment method missing");
    }
  }
}
