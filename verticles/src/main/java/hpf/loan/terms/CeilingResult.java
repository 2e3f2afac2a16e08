package hpf.loan.terms;

import java.math.BigDecimal;
import java.util.List;

/**
 * A loan ceiling: the amount (0 when not eligible), each amount limit with its name and amount and the binding one
 * named; the term it was computed for with the term limits and the one that binds; the rate, the monthly income and
 * the installment cap the repayment capacity used; the stable codes of every reason the borrower is not eligible.
 */
public record CeilingResult(BigDecimal amount, String binding, List<Limit> limits, int termMonths, int maxTermMonths,
                            String termBinding, List<TermLimit> termLimits, BigDecimal annualRate,
                            BigDecimal monthlyIncome, BigDecimal installmentCap, List<String> ineligible) {

  public static final String CENTER_CEILING = "CENTER_CEILING";
  public static final String LOAN_TO_VALUE = "LOAN_TO_VALUE";
  public static final String BALANCE_MULTIPLE = "BALANCE_MULTIPLE";
  public static final String REPAYMENT_CAPACITY = "REPAYMENT_CAPACITY";
  public static final String TERM_MAX = "TERM_MAX";
  public static final String AGE_TERM = "AGE_TERM";
  public static final String REQUESTED_TERM = "REQUESTED_TERM";

  public static final String DEPOSIT_MONTHS_TOO_SHORT = "DEPOSIT_MONTHS_TOO_SHORT";
  public static final String ACCOUNT_NOT_NORMAL = "ACCOUNT_NOT_NORMAL";
  public static final String OUTSTANDING_LOAN = "OUTSTANDING_LOAN";
  public static final String AGE_LIMIT_REACHED = "AGE_LIMIT_REACHED";
  public static final String HOME_ORDINAL_NOT_ELIGIBLE = "HOME_ORDINAL_NOT_ELIGIBLE";

  /** An amount limit: its stable name and the largest loan it allows (yuan, scale 2). */
  public record Limit(String name, BigDecimal amount) {}

  /** A term limit: its stable name and the longest term it allows, in months. */
  public record TermLimit(String name, int months) {}

  public CeilingResult {
    limits = List.copyOf(limits);
    termLimits = List.copyOf(termLimits);
    ineligible = List.copyOf(ineligible);
  }

  public boolean eligible() {
    return ineligible.isEmpty();
  }

  /** The named limit's amount, or null when it was not computed (no price: no loan-to-value limit). */
  public BigDecimal limit(String name) {
    return limits.stream().filter(l -> l.name().equals(name)).map(Limit::amount).findFirst().orElse(null);
  }
}
