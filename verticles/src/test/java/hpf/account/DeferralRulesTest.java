package hpf.account;

import hpf.policy.Policies;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The period a deferral may cover, by hand: start, order, the policy's maximum and the fund year's end. */
class DeferralRulesTest {

  private static final Policies.AsOf THREE_MONTHS = new Policies.AsOf(LocalDate.of(2026, 11, 22),
      Map.of("deferral.max_months", "3"));

  @Test
  void aPeriodStartsAtTheFirstDeferrableMonthAndEndsWithinThePolicyAndTheFundYear() {
    YearMonth nov = YearMonth.of(2026, 11);
    assertThat(DeferralRules.check(nov, YearMonth.of(2027, 1), nov, THREE_MONTHS)).isNull();
    assertThat(DeferralRules.check(nov, YearMonth.of(2027, 2), nov, THREE_MONTHS))
        .isEqualTo(LifecycleProblems.DEFERRAL_PERIOD_TOO_LONG);
    assertThat(DeferralRules.check(YearMonth.of(2026, 10), nov, nov, THREE_MONTHS))
        .isEqualTo(LifecycleProblems.DEFERRAL_PERIOD_INVALID);
    assertThat(DeferralRules.check(nov, YearMonth.of(2026, 10), YearMonth.of(2026, 10), THREE_MONTHS))
        .isEqualTo(LifecycleProblems.DEFERRAL_PERIOD_INVALID);
    // The fund year ends in June: May–July crosses it even within the maximum.
    YearMonth may = YearMonth.of(2027, 5);
    assertThat(DeferralRules.check(may, YearMonth.of(2027, 6), nov, THREE_MONTHS)).isNull();
    assertThat(DeferralRules.check(may, YearMonth.of(2027, 7), nov, THREE_MONTHS))
        .isEqualTo(LifecycleProblems.DEFERRAL_PERIOD_TOO_LONG);
  }

  @Test
  void theFirstDeferrableMonthFollowsTheLastListedOrPaidMonth() {
    YearMonth nov = YearMonth.of(2026, 11);
    assertThat(DeferralRules.firstDeferrable(nov, YearMonth.of(2026, 3), null, null)).isEqualTo(nov);
    assertThat(DeferralRules.firstDeferrable(nov, YearMonth.of(2026, 3), "2026-10", "2026-11")).isEqualTo(YearMonth.of(2026, 12));
    assertThat(DeferralRules.firstDeferrable(nov, YearMonth.of(2026, 3), "2026-12", "2026-12")).isEqualTo(YearMonth.of(2027, 1));
    assertThat(DeferralRules.firstDeferrable(nov, YearMonth.of(2027, 1), null, null)).isEqualTo(YearMonth.of(2027, 1));
  }
}
