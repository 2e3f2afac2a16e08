package hpf.loan.terms;

import static hpf.loan.terms.CeilingResult.*;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The largest loan a borrower may have: the smallest of the center's ceiling (per person or per family, with the
 * shared-ownership float), price × loan-to-value, balance × multiple and the repayment capacity (the first
 * installment at most the income share of the monthly income), over a term no longer than the policy's maximum nor
 * past the age limit. Each limit is floored to the fen: a limit never allows a fen more than its rule.
 */
public final class Ceilings {

  private static final int MONTHS_A_YEAR = 12;

  private Ceilings() {}

  public static CeilingResult compute(CeilingInputs in, LoanPolicy p) {
    List<String> ineligible = new ArrayList<>();
    if (in.homeOrdinal() != 1 && in.homeOrdinal() != 2) {
      ineligible.add(HOME_ORDINAL_NOT_ELIGIBLE);
    }
    if (!in.borrower().accountNormal()) {
      ineligible.add(ACCOUNT_NOT_NORMAL);
    }
    if (in.borrower().continuousDepositMonths() < p.minDepositMonths()) {
      ineligible.add(DEPOSIT_MONTHS_TOO_SHORT);
    }
    // A new loan may not raise the borrower's provident fund loans outstanding anywhere above the policy's count.
    if (in.outstandingLoans() >= p.maxOutstandingLoans()) {
      ineligible.add(OUTSTANDING_LOAN);
    }
    List<TermLimit> termLimits = new ArrayList<>();
    termLimits.add(new TermLimit(TERM_MAX, Math.min(p.maxTermMonths(), Schedules.MAX_MONTHS)));
    int byAge = Math.max(0, (p.maxAgeAtTermEnd() - in.age()) * MONTHS_A_YEAR);
    termLimits.add(new TermLimit(AGE_TERM, Math.min(byAge, Schedules.MAX_MONTHS)));
    if (byAge < 1) {
      ineligible.add(AGE_LIMIT_REACHED);
    }
    int maxTerm = smallest(termLimits).months();
    if (in.requestedTermMonths() != null) {
      termLimits.add(new TermLimit(REQUESTED_TERM, in.requestedTermMonths()));
    }
    TermLimit term = smallest(termLimits);

    BigDecimal income = in.borrower().monthlyIncome(p)
        .add(in.coBorrower() == null ? BigDecimal.ZERO : in.coBorrower().monthlyIncome(p));
    BigDecimal installmentCap = floorFen(income.multiply(p.incomeShare()));
    if (ineligible.contains(HOME_ORDINAL_NOT_ELIGIBLE)) {
      return new CeilingResult(zero(), null, List.of(), term.months(), maxTerm, term.name(), termLimits, null,
          fen(income), installmentCap, ineligible);
    }
    BigDecimal rate = p.rate(Math.max(term.months(), 1), in.homeOrdinal());
    List<Limit> limits = new ArrayList<>();
    limits.add(new Limit(CENTER_CEILING, centerCeiling(in, p)));
    if (in.price() != null) {
      limits.add(new Limit(LOAN_TO_VALUE, floorFen(in.price().multiply(p.loanToValue(in.homeOrdinal())))));
    }
    BigDecimal balances = in.borrower().balance()
        .add(in.coBorrower() == null ? BigDecimal.ZERO : in.coBorrower().balance());
    limits.add(new Limit(BALANCE_MULTIPLE, floorFen(balances.max(BigDecimal.ZERO).multiply(p.balanceMultiple()))));
    limits.add(new Limit(REPAYMENT_CAPACITY, term.months() < 1 ? zero()
        : RepaymentCapacity.largest(installmentCap, rate, term.months(), in.method())));
    Limit binding = limits.get(0);
    for (Limit limit : limits) {
      if (limit.amount().compareTo(binding.amount()) < 0) {
        binding = limit;
      }
    }
    BigDecimal amount = ineligible.isEmpty() ? binding.amount() : zero();
    return new CeilingResult(amount, binding.name(), limits, term.months(), maxTerm, term.name(), termLimits, rate,
        fen(income), installmentCap, ineligible);
  }

  /**
   * Per person, or per family when there is a co-borrower; a first home under shared ownership (共有产权) may float
   * above it when the policy says so, up to the cap (never below the ordinary ceiling).
   */
  static BigDecimal centerCeiling(CeilingInputs in, LoanPolicy p) {
    LoanPolicy.Ceiling c = p.ceiling();
    BigDecimal ceiling = in.coBorrower() == null ? c.person() : c.family();
    if (in.sharedOwnership() && c.sharedOwnershipFloat() && in.homeOrdinal() == 1) {
      ceiling = ceiling.max(ceiling.add(c.sharedFloat()).min(c.sharedCap()));
    }
    return floorFen(ceiling);
  }

  private static TermLimit smallest(List<TermLimit> limits) {
    TermLimit least = limits.get(0);
    for (TermLimit limit : limits) {
      if (limit.months() < least.months()) {
        least = limit;
      }
    }
    return least;
  }

  static BigDecimal floorFen(BigDecimal yuan) {
    return yuan.setScale(2, RoundingMode.DOWN);
  }

  private static BigDecimal fen(BigDecimal yuan) {
    return Schedules.fen(yuan);
  }

  private static BigDecimal zero() {
    return BigDecimal.ZERO.setScale(2);
  }
}
