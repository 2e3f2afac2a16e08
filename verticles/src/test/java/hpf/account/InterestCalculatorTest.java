package hpf.account;

import hpf.kit.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Daily-balance interest for the year 2025-07-01 – 2026-06-30 (365 days), 1.50 %, basis 360, by hand. */
class InterestCalculatorTest {

  private static final BigDecimal RATE = new BigDecimal("0.015");
  private static final LocalDate YEAR_START = LocalDate.of(2025, 7, 1);
  private static final LocalDate SETTLEMENT = LocalDate.of(2026, 6, 30);

  @Test
  void aBalanceHeldAllYear() {
    // 10000.00 × 365 = 3,650,000 balance-days; × 0.015 / 360 = 152.0833… → 152.08
    InterestCalculator.Result r = InterestCalculator.interest(
        List.of(new InterestCalculator.Segment(YEAR_START, Money.parse("10000.00"))), SETTLEMENT, RATE, 360);
    assertThat(r.balanceDays()).isEqualByComparingTo("3650000");
    assertThat(r.interest()).isEqualTo(Money.parse("152.08"));
  }

  @Test
  void aBalanceThatChangedAtNewYear() {
    // 10000.00 × 184 days (Jul–Dec) + 12000.00 × 181 days (Jan–Jun) = 4,012,000; × 0.015 / 360 = 167.1666… → 167.17
    InterestCalculator.Result r = InterestCalculator.interest(List.of(
        new InterestCalculator.Segment(YEAR_START, Money.parse("10000.00")),
        new InterestCalculator.Segment(LocalDate.of(2026, 1, 1), Money.parse("12000.00"))), SETTLEMENT, RATE, 360);
    assertThat(r.balanceDays()).isEqualByComparingTo("4012000");
    assertThat(r.interest()).isEqualTo(Money.parse("167.17"));
  }

  @Test
  void anAccountClosedMidYearAccruesToItsClosingDate() {
    // 5000.00 × 77 days (Jul 31 + Aug 31 + Sep 1–15) = 385,000; × 0.015 / 360 = 16.0416… → 16.04
    InterestCalculator.Result r = InterestCalculator.interest(
        List.of(new InterestCalculator.Segment(YEAR_START, Money.parse("5000.00"))), LocalDate.of(2025, 9, 15), RATE, 360);
    assertThat(r.interest()).isEqualTo(Money.parse("16.04"));
  }

  @Test
  void aDayBasisOf365IsAParameter() {
    // 3,650,000 × 0.015 / 365 = 150.00 exactly
    assertThat(InterestCalculator.interest(List.of(new InterestCalculator.Segment(YEAR_START, Money.parse("10000.00"))),
        SETTLEMENT, RATE, 365).interest()).isEqualTo(Money.parse("150.00"));
  }
}
