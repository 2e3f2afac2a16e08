package hpf.loan.terms;

import static hpf.loan.terms.CeilingResult.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Loan ceilings under the default policy of V55 (first home 2.1 % / 2.6 %, second 2.525 % / 3.075 %, 600,000 a
 * person, 1,200,000 a family, shared ownership +200,000 up to 1,400,000, LTV 80 % / 70 %, 15 × balance, installment
 * at most 50 % of income, 360 months, age + term ≤ 70, 6 months' deposits, no loan outstanding).
 */
class CeilingsTest {

  static final LoanPolicy POLICY = new LoanPolicy(LocalDate.of(2026, 12, 7),
      new LoanPolicy.Rates(y("0.021"), y("0.026"), y("0.02525"), y("0.03075")), 60,
      new LoanPolicy.Ceiling(y("600000.00"), y("1200000.00"), true, y("200000.00"), y("1400000.00")),
      y("0.80"), y("0.70"), y("15"), y("0.50"), y("1"), 360, 70, 6, 1);

  private static BigDecimal y(String yuan) {
    return new BigDecimal(yuan);
  }

  private static CeilingInputs.Party party(String balance, String base, int months) {
    return new CeilingInputs.Party(y(balance), y(base), null, months, true);
  }

  private static CeilingInputs single(String price, CeilingInputs.Party borrower, int age, Integer term) {
    return new CeilingInputs(price == null ? null : y(price), 1, false, borrower, null, age, 0, term,
        RepaymentMethod.EQUAL_INSTALLMENT);
  }

  /** 600,000 per person against 800,000 (80 % of 1,000,000), 750,000 (15 × 50,000) and about 1.25 million. */
  @Test
  void theCenterCeilingBindsAWellPaidBorrower() {
    CeilingResult c = Ceilings.compute(single("1000000.00", party("50000.00", "10000.00", 24), 30, null), POLICY);
    assertThat(c.eligible()).isTrue();
    assertThat(c.amount()).isEqualTo(y("600000.00"));
    assertThat(c.binding()).isEqualTo(CENTER_CEILING);
    assertThat(c.limit(LOAN_TO_VALUE)).isEqualTo(y("800000.00"));
    assertThat(c.limit(BALANCE_MULTIPLE)).isEqualTo(y("750000.00"));
    // Cap 5,000.00: the largest P with fen(P × 0.0040033971…) ≤ 5,000.00 is 1,248,940.55 (M 5,000.00; a fen more 5,000.01).
    assertThat(c.limit(REPAYMENT_CAPACITY)).isEqualTo(y("1248940.55"));
    assertThat(c.termMonths()).isEqualTo(360);
    assertThat(c.termBinding()).isEqualTo(TERM_MAX);
    assertThat(c.annualRate()).isEqualTo(y("0.026"));
    assertThat(c.installmentCap()).isEqualTo(y("5000.00"));
  }

  /**
   * Income 3,000 (the base): cap 1,500.00. 1,500.005 / 0.0040033971153636834 = 374,683.0396…: the largest fen below
   * is 374,683.03, whose M = fen(1,500.0049…) = 1,500.00.
   */
  @Test
  void theRepaymentCapacityIsExactToTheFen() {
    CeilingResult c = Ceilings.compute(single(null, party("50000.00", "3000.00", 24), 30, null), POLICY);
    assertThat(c.amount()).isEqualTo(y("374683.03"));
    assertThat(c.binding()).isEqualTo(REPAYMENT_CAPACITY);
    assertThat(c.limit(LOAN_TO_VALUE)).isNull();
    // 等额本金: fen(P / 360) + fen(P × 0.026 / 12) ≤ 1,500.00: 303,371.53 gives 842.70 + 657.30 = 1,500.00.
    CeilingInputs principal = new CeilingInputs(null, 1, false, party("50000.00", "3000.00", 24), null, 30, 0, null,
        RepaymentMethod.EQUAL_PRINCIPAL);
    assertThat(Ceilings.compute(principal, POLICY).limit(REPAYMENT_CAPACITY)).isEqualTo(y("303371.53"));
  }

  /** A stated income counts instead of the base; the co-borrower's income and balance join the borrower's. */
  @Test
  void aFamilyUnderSharedOwnershipFloatsToTheCap() {
    CeilingInputs in = new CeilingInputs(y("2000000.00"), 1, true, party("60000.00", "15000.00", 36),
        new CeilingInputs.Party(y("40000.00"), y("8000.00"), y("12000.00"), 12, true), 35, 0, 300,
        RepaymentMethod.EQUAL_INSTALLMENT);
    CeilingResult c = Ceilings.compute(in, POLICY);
    assertThat(c.limit(CENTER_CEILING)).isEqualTo(y("1400000.00"));
    assertThat(c.limit(BALANCE_MULTIPLE)).isEqualTo(y("1500000.00"));
    assertThat(c.limit(LOAN_TO_VALUE)).isEqualTo(y("1600000.00"));
    assertThat(c.monthlyIncome()).isEqualTo(y("27000.00"));
    assertThat(c.amount()).isEqualTo(y("1400000.00"));
    assertThat(c.termMonths()).isEqualTo(300);
    assertThat(c.termBinding()).isEqualTo(REQUESTED_TERM);
    // A second home gets neither the float (1,200,000 a family) nor more than 70 % of the price, at the second rate.
    CeilingInputs second = new CeilingInputs(y("1500000.00"), 2, true, in.borrower(), in.coBorrower(), 35, 0, 300,
        RepaymentMethod.EQUAL_INSTALLMENT);
    CeilingResult s = Ceilings.compute(second, POLICY);
    assertThat(s.limit(CENTER_CEILING)).isEqualTo(y("1200000.00"));
    assertThat(s.amount()).isEqualTo(y("1050000.00"));
    assertThat(s.binding()).isEqualTo(LOAN_TO_VALUE);
    assertThat(s.annualRate()).isEqualTo(y("0.03075"));
  }

  /** At 58 the term may run 12 years ((70 − 58) × 12 = 144 months), at the over-5-years rate. */
  @Test
  void theAgeLimitsTheTerm() {
    CeilingResult c = Ceilings.compute(single(null, party("50000.00", "12000.00", 24), 58, 360), POLICY);
    assertThat(c.termMonths()).isEqualTo(144);
    assertThat(c.maxTermMonths()).isEqualTo(144);
    assertThat(c.termBinding()).isEqualTo(AGE_TERM);
    assertThat(c.annualRate()).isEqualTo(y("0.026"));
    // Cap 6,000.00 over 144 months at 2.6 %: 741,521.35 (M 6,000.00; a fen more 6,000.01).
    assertThat(c.limit(REPAYMENT_CAPACITY)).isEqualTo(y("741521.35"));
  }

  @Test
  void termsUpToFiveYearsTakeTheShortRate() {
    assertThat(Ceilings.compute(single(null, party("1000.00", "5000.00", 24), 30, 60), POLICY).annualRate())
        .isEqualTo(y("0.021"));
    assertThat(Ceilings.compute(single(null, party("1000.00", "5000.00", 24), 30, 61), POLICY).annualRate())
        .isEqualTo(y("0.026"));
    assertThat(POLICY.rate(36, 2)).isEqualTo(y("0.02525"));
  }

  @Test
  void ineligibleBorrowersGetNothingWithEveryReasonNamed() {
    CeilingInputs.Party shortDeposits = party("50000.00", "10000.00", 5);
    CeilingResult c = Ceilings.compute(new CeilingInputs(null, 1, false, shortDeposits, null, 70, 1, null,
        RepaymentMethod.EQUAL_INSTALLMENT), POLICY);
    assertThat(c.eligible()).isFalse();
    assertThat(c.ineligible()).containsExactly(DEPOSIT_MONTHS_TOO_SHORT, OUTSTANDING_LOAN, AGE_LIMIT_REACHED);
    assertThat(c.amount()).isEqualTo(y("0.00"));
    assertThat(c.limit(CENTER_CEILING)).isEqualTo(y("600000.00"));
    CeilingResult third = Ceilings.compute(new CeilingInputs(null, 3, false, new CeilingInputs.Party(y("1.00"),
        y("3000.00"), null, 24, false), null, 30, 0, null, RepaymentMethod.EQUAL_INSTALLMENT), POLICY);
    assertThat(third.ineligible()).containsExactly(HOME_ORDINAL_NOT_ELIGIBLE, ACCOUNT_NOT_NORMAL);
    assertThat(third.amount()).isEqualTo(y("0.00"));
  }

  /** Over random caps, rates, terms and methods: the capacity fits the cap and a fen more would not. */
  @Test
  void theCapacityIsTheLargestFittingPrincipal() {
    Random random = new Random(77L);
    for (int c = 0; c < 400; c++) {
      BigDecimal cap = BigDecimal.valueOf(1 + random.nextInt(3_000_000), 2);
      BigDecimal rate = random.nextInt(8) == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(random.nextInt(6_001), 5);
      int months = 1 + random.nextInt(360);
      RepaymentMethod method = RepaymentMethod.values()[random.nextInt(2)];
      BigDecimal p = RepaymentCapacity.largest(cap, rate, months, method);
      String label = cap + " " + rate + " " + months + " " + method;
      if (p.signum() > 0) {
        assertThat(Schedules.firstPayment(p, rate, months, method)).as(label).isLessThanOrEqualTo(cap);
      }
      assertThat(Schedules.firstPayment(p.add(y("0.01")), rate, months, method)).as(label).isGreaterThan(cap);
    }
  }
}
