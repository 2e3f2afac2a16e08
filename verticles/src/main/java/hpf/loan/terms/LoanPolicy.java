package hpf.loan.terms;

import hpf.policy.Policies;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The loan rules in force on one business date, read from the versioned policy parameters (loan.*): the rate table
 * by term band and home ordinal, and every limit of a loan's amount and term. The numbers live in policy_parameter,
 * never here; see docs/loan-terms.md for each parameter.
 */
public record LoanPolicy(LocalDate date, Rates rates, int shortBandMonths, Ceiling ceiling, BigDecimal ltvFirst,
                         BigDecimal ltvSecond, BigDecimal balanceMultiple, BigDecimal incomeShare,
                         BigDecimal incomeBaseFactor, int maxTermMonths, int maxAgeAtTermEnd, int minDepositMonths,
                         int maxOutstandingLoans) {

  /** Annual rates as fractions (0.026 = 2.6 %): first and second home, up to the short band and beyond it. */
  public record Rates(BigDecimal firstShort, BigDecimal firstLong, BigDecimal secondShort, BigDecimal secondLong) {}

  /**
   * The center's ceiling per borrower and per family (with co-borrowers), and the shared-ownership (共有产权) float:
   * when enabled, a first home of that kind may borrow the ceiling plus the float, never above the cap.
   */
  public record Ceiling(BigDecimal person, BigDecimal family, boolean sharedOwnershipFloat, BigDecimal sharedFloat,
                        BigDecimal sharedCap) {}

  /** The annual rate for a term of {@code months} and the home ordinal (1 first home, 2 second home). */
  public BigDecimal rate(int months, int homeOrdinal) {
    boolean shortTerm = months <= shortBandMonths;
    return switch (homeOrdinal) {
      case 1 -> shortTerm ? rates.firstShort() : rates.firstLong();
      case 2 -> shortTerm ? rates.secondShort() : rates.secondLong();
      default -> throw new IllegalArgumentException("no provident fund loan rate for home ordinal " + homeOrdinal);
    };
  }

  /** The loan-to-value ratio for the home ordinal (1 or 2). */
  public BigDecimal loanToValue(int homeOrdinal) {
    return switch (homeOrdinal) {
      case 1 -> ltvFirst;
      case 2 -> ltvSecond;
      default -> throw new IllegalArgumentException("no loan-to-value ratio for home ordinal " + homeOrdinal);
    };
  }

  /** The loan policy of the parameters in force on their date; IllegalStateException when one is missing. */
  public static LoanPolicy of(Policies.AsOf p) {
    return new LoanPolicy(p.date(),
        new Rates(p.decimal("loan.rate.first.within_5y"), p.decimal("loan.rate.first.over_5y"),
            p.decimal("loan.rate.second.within_5y"), p.decimal("loan.rate.second.over_5y")),
        whole(p, "loan.term.short_band.max_months"),
        new Ceiling(p.decimal("loan.ceiling.person"), p.decimal("loan.ceiling.family"),
            Boolean.parseBoolean(p.text("loan.shared_ownership.enabled")), p.decimal("loan.shared_ownership.float"),
            p.decimal("loan.shared_ownership.cap")),
        p.decimal("loan.ltv.first.ratio.max"), p.decimal("loan.ltv.second.ratio.max"),
        p.decimal("loan.balance.multiple"), p.decimal("loan.repayment.income_share.ratio.max"),
        p.decimal("loan.income.base_factor"), whole(p, "loan.term.max_months"),
        whole(p, "loan.age_plus_term.max_age"), whole(p, "loan.deposit.continuous.min_months"),
        whole(p, "loan.outstanding.max_count"));
  }

  private static int whole(Policies.AsOf p, String name) {
    return Integer.parseInt(p.text(name));
  }
}
