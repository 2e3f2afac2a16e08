package hpf.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The loan parameters an operator may schedule are checked by kind like every other policy value. */
class LoanPolicyValuesTest {

  @Test
  void loanRatesAreFractionsOfOne() {
    assertThat(PolicyValues.valid("loan.rate.second.within_5y", "0.02525")).isTrue();
    assertThat(PolicyValues.valid("loan.rate.first.over_5y", "0.026")).isTrue();
    assertThat(PolicyValues.valid("loan.rate.first.over_5y", "2.6")).isFalse();
    assertThat(PolicyValues.valid("loan.rate.first.over_5y", "0.0000001")).isFalse();
    assertThat(PolicyValues.valid("loan.ltv.first.ratio.max", "0.8")).isTrue();
    assertThat(PolicyValues.valid("loan.repayment.income_share.ratio.max", "1.5")).isFalse();
  }

  @Test
  void switchesCountsMonthsAgesAndAmounts() {
    assertThat(PolicyValues.valid("loan.shared_ownership.enabled", "false")).isTrue();
    assertThat(PolicyValues.valid("loan.shared_ownership.enabled", "yes")).isFalse();
    assertThat(PolicyValues.valid("loan.employer_view.enabled", "false")).isTrue();
    assertThat(PolicyValues.valid("loan.employer_view.enabled", "0")).isFalse();
    assertThat(PolicyValues.valid("loan.outstanding.max_count", "2")).isTrue();
    assertThat(PolicyValues.valid("loan.outstanding.max_count", "1.5")).isFalse();
    assertThat(PolicyValues.valid("loan.term.max_months", "360")).isTrue();
    assertThat(PolicyValues.valid("loan.term.max_months", "0")).isFalse();
    assertThat(PolicyValues.valid("loan.age_plus_term.max_age", "65")).isTrue();
    assertThat(PolicyValues.valid("loan.ceiling.person", "800000.00")).isTrue();
    assertThat(PolicyValues.valid("loan.ceiling.person", "-1")).isFalse();
    assertThat(PolicyValues.valid("loan.balance.multiple", "20")).isTrue();
  }

  @Test
  void theOverdueRulesAreWholeDaysAFactorAndADayBasis() {
    assertThat(PolicyValues.valid("loan.overdue.grace_days", "5")).isTrue();
    assertThat(PolicyValues.valid("loan.overdue.grace_start_days", "2.5")).isFalse();
    assertThat(PolicyValues.valid("loan.overdue.penalty_factor", "1.5")).isTrue();
    assertThat(PolicyValues.valid("loan.overdue.penalty_factor", "1e3")).isFalse();
    assertThat(PolicyValues.valid("loan.overdue.penalty_factor", "11")).isFalse();
    assertThat(PolicyValues.valid("loan.overdue.day_basis", "365")).isTrue();
    assertThat(PolicyValues.valid("loan.overdue.day_basis", "300")).isFalse();
    assertThat(PolicyValues.valid("loan.income.base_factor", "1")).isTrue();
  }
}
