package hpf.loan.terms;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The largest principal, to the fen, whose first installment (as {@link Schedules#firstPayment} computes it, fen
 * rounding included) is at most a monthly cap. The formula is inverted without rounding, which lands within a few
 * fen of the answer; a binary search over that narrow window of fen then finds it exactly. Bounded work: the window
 * is at most a few thousand fen wide, so about a dozen payments are computed.
 */
final class RepaymentCapacity {

  private static final BigDecimal ONE_FEN = new BigDecimal("0.01");

  private RepaymentCapacity() {}

  static BigDecimal largest(BigDecimal cap, BigDecimal annualRate, int months, RepaymentMethod method) {
    if (cap.signum() <= 0) {
      return BigDecimal.ZERO.setScale(2);
    }
    BigDecimal r = Schedules.monthlyRate(annualRate);
    // What one yuan of principal adds to the first payment before rounding (its slope).
    BigDecimal slope = method == RepaymentMethod.EQUAL_INSTALLMENT ? Schedules.installmentFactor(r, months)
        : BigDecimal.ONE.divide(BigDecimal.valueOf(months), Schedules.MC).add(r);
    // Rounding moves the payment by at most one fen (two half-fen roundings): the answer lies within a fen of
    // payment either side of the exact inverse.
    long lo = fen(cap.subtract(ONE_FEN).divide(slope, Schedules.MC), RoundingMode.FLOOR) - 1;
    long hi = fen(cap.add(ONE_FEN).divide(slope, Schedules.MC), RoundingMode.CEILING) + 1;
    long max = fen(Schedules.MAX_PRINCIPAL, RoundingMode.UNNECESSARY);
    lo = Math.max(0, Math.min(lo, max));
    if (hi > max) {
      if (fits(max, cap, annualRate, months, method)) {
        return Schedules.MAX_PRINCIPAL;
      }
      hi = max;
    }
    if (!fits(lo, cap, annualRate, months, method) || fits(hi, cap, annualRate, months, method)) {
      throw new IllegalStateException("repayment capacity window missed for cap " + cap);
    }
    // Invariant: lo fits, hi does not; the payment grows with the principal.
    while (hi - lo > 1) {
      long mid = lo + (hi - lo) / 2;
      if (fits(mid, cap, annualRate, months, method)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return BigDecimal.valueOf(lo, 2);
  }

  private static boolean fits(long principalFen, BigDecimal cap, BigDecimal annualRate, int months,
                              RepaymentMethod method) {
    return principalFen == 0
        || Schedules.firstPayment(BigDecimal.valueOf(principalFen, 2), annualRate, months, method).compareTo(cap) <= 0;
  }

  private static long fen(BigDecimal yuan, RoundingMode mode) {
    return yuan.setScale(2, mode).movePointRight(2).longValueExact();
  }
}
