package hpf.dataset;

import java.time.YearMonth;

/**
 * What to generate: how many members (people) and employers, how many months of paid contributions ending with
 * {@code through}, and the seed that makes the data set reproducible (the same spec gives the same rows in a fresh
 * database; only the SM4-GCM ciphertexts differ, their nonces being random as they must).
 */
public record DatasetSpec(int members, int employers, int months, YearMonth through, long seed, double loanShare) {

  static final int MAX_MEMBERS = 10_000_000;
  static final int MAX_MONTHS = 120;
  /** Average employer size when the employer count is not given (most employers are small, a few very large). */
  static final int MEMBERS_PER_EMPLOYER = 25;
  public static final long DEFAULT_SEED = 2026;
  /** The share of the members who could borrow that applied for a housing loan (see GeneratedLoans). */
  public static final double DEFAULT_LOAN_SHARE = 0.03;

  /** With the default share of loans. */
  public DatasetSpec(int members, int employers, int months, YearMonth through, long seed) {
    this(members, employers, months, through, seed, DEFAULT_LOAN_SHARE);
  }

  public DatasetSpec {
    if (!(loanShare >= 0 && loanShare <= 1)) {
      throw new IllegalArgumentException("--loans: a percentage from 0 to 100");
    }
    if (members < 1 || members > MAX_MEMBERS) {
      throw new IllegalArgumentException("--members: from 1 to " + MAX_MEMBERS);
    }
    if (employers < 1 || employers > members) {
      throw new IllegalArgumentException("--employers: from 1 to the number of members (" + members + ")");
    }
    if (months < 1 || months > MAX_MONTHS) {
      throw new IllegalArgumentException("--months: from 1 to " + MAX_MONTHS);
    }
  }

  /**
   * The sandbox's demo set: a few employers, a few hundred members, a year of contributions, and loans for a few more
   * of them than usual (a dozen or so: every state is there).
   */
  public static DatasetSpec demo(YearMonth through) {
    return new DatasetSpec(300, 8, 12, through, DEFAULT_SEED, 0.06);
  }

  static int defaultEmployers(int members) {
    return Math.max(1, Math.round(members / (float) MEMBERS_PER_EMPLOYER));
  }

  /** The first month with a paid remittance list. */
  YearMonth firstMonth() {
    return through.minusMonths(months - 1L);
  }

  /**
   * The data set's today: the last day of the period. Its balances stand at its end; the loans' installments due by
   * then are paid (or refused), later ones are left to servicing.
   */
  java.time.LocalDate lastDay() {
    return through.atEndOfMonth();
  }

  /** Month {@code index} of the period, 0 = the first. */
  YearMonth month(int index) {
    return firstMonth().plusMonths(index);
  }

  @Override
  public String toString() {
    return members + " members, " + employers + " employers, " + months + " months " + firstMonth() + ".." + through
        + ", seed " + seed + ", loans " + java.math.BigDecimal.valueOf(loanShare * 100).stripTrailingZeros().toPlainString() + " %";
  }
}
