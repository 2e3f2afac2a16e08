package hpf.loan.terms;

import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rate table and limits of V55 as LoanPolicies reads them for business dates since 2015. */
class LoanPoliciesTest {

  private static LoanPolicy on(String date) throws Exception {
    return LoanPolicies.inForce(TestPlatform.app().pool(), LocalDate.parse(date)).await(20, TimeUnit.SECONDS);
  }

  private static void rates(LoanPolicy p, String firstShort, String firstLong, String secondShort, String secondLong) {
    assertThat(p.rate(60, 1)).as(p.date() + " first ≤ 5 y").isEqualByComparingTo(firstShort);
    assertThat(p.rate(61, 1)).as(p.date() + " first > 5 y").isEqualByComparingTo(firstLong);
    assertThat(p.rate(12, 2)).as(p.date() + " second ≤ 5 y").isEqualByComparingTo(secondShort);
    assertThat(p.rate(360, 2)).as(p.date() + " second > 5 y").isEqualByComparingTo(secondLong);
  }

  @Test
  void eachDateTakesTheRatesInForceThatDay() throws Exception {
    rates(on("2015-01-01"), "0.0375", "0.0425", "0.04125", "0.04675");
    rates(on("2015-03-01"), "0.035", "0.04", "0.0385", "0.044");
    rates(on("2015-05-10"), "0.035", "0.04", "0.0385", "0.044");
    rates(on("2015-05-11"), "0.0325", "0.0375", "0.03575", "0.04125");
    rates(on("2015-07-01"), "0.03", "0.035", "0.033", "0.0385");
    rates(on("2019-06-30"), "0.0275", "0.0325", "0.03025", "0.03575");
    // 2022-10-01 lowered first homes only.
    rates(on("2023-01-01"), "0.026", "0.031", "0.03025", "0.03575");
    rates(on("2024-05-18"), "0.0235", "0.0285", "0.02775", "0.03325");
    rates(on("2025-05-07"), "0.0235", "0.0285", "0.02775", "0.03325");
    rates(on("2025-05-08"), "0.021", "0.026", "0.02525", "0.03075");
    rates(on("2026-12-07"), "0.021", "0.026", "0.02525", "0.03075");
  }

  @Test
  void theLimitsAreTheCentersDefaults() throws Exception {
    LoanPolicy p = on("2026-12-07");
    assertThat(p.ceiling().person()).isEqualByComparingTo("600000.00");
    assertThat(p.ceiling().family()).isEqualByComparingTo("1200000.00");
    assertThat(p.ceiling().sharedOwnershipFloat()).isTrue();
    assertThat(p.ceiling().sharedFloat()).isEqualByComparingTo("200000.00");
    assertThat(p.ceiling().sharedCap()).isEqualByComparingTo("1400000.00");
    assertThat(p.loanToValue(1)).isEqualByComparingTo("0.80");
    assertThat(p.loanToValue(2)).isEqualByComparingTo("0.70");
    assertThat(p.balanceMultiple()).isEqualByComparingTo(BigDecimal.valueOf(15));
    assertThat(p.incomeShare()).isEqualByComparingTo("0.50");
    assertThat(p.incomeBaseFactor()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(p.maxTermMonths()).isEqualTo(360);
    assertThat(p.maxAgeAtTermEnd()).isEqualTo(70);
    assertThat(p.minDepositMonths()).isEqualTo(6);
    assertThat(p.maxOutstandingLoans()).isEqualTo(1);
    assertThat(p.shortBandMonths()).isEqualTo(60);
    // The test copy of the defaults the pure tests use is the migration's.
    assertThat(p.ceiling()).isEqualTo(CeilingsTest.POLICY.ceiling());
  }
}
