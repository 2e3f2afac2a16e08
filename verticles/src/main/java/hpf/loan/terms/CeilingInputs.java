package hpf.loan.terms;

import java.math.BigDecimal;

/**
 * What a loan ceiling is computed from: the home (price, may be unknown; ordinal 1 first, 2 second; shared ownership
 * 共有产权), the borrower and an optional co-borrower (spouse), the borrower's age in full years, the provident fund
 * loans the borrower still owes anywhere, the requested term (null: the longest allowed) and the repayment method.
 */
public record CeilingInputs(BigDecimal price, int homeOrdinal, boolean sharedOwnership, Party borrower,
                            Party coBorrower, int age, int outstandingLoans, Integer requestedTermMonths,
                            RepaymentMethod method) {

  /**
   * One borrower's deposit facts: account balance, contribution base (缴存基数), the monthly income the borrower
   * stated (null: derived from the base), continuous deposit months up to the last paid month, and whether the
   * account is in normal deposit status.
   */
  public record Party(BigDecimal balance, BigDecimal contributionBase, BigDecimal statedMonthlyIncome,
                      int continuousDepositMonths, boolean accountNormal) {

    /** The monthly income the repayment capacity counts: the stated one, else the base times the policy's factor. */
    public BigDecimal monthlyIncome(LoanPolicy policy) {
      if (statedMonthlyIncome != null) {
        return statedMonthlyIncome;
      }
      return contributionBase == null ? BigDecimal.ZERO : contributionBase.multiply(policy.incomeBaseFactor());
    }
  }

  public CeilingInputs {
    if (borrower == null || method == null) {
      throw new IllegalArgumentException("borrower and repayment method are required");
    }
  }
}
