package hpf.account;

import hpf.boot.TestPlatform;
import hpf.kit.Money;
import hpf.policy.Policies;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Monthly contributions against hand-computed examples, with the policy values read from the database. */
class ContributionRulesTest {

  private static final BigDecimal TWELVE = new BigDecimal("0.12");

  private static Policies.AsOf policy(LocalDate date) throws Exception {
    return new Policies(TestPlatform.app().pool()).asOf(date).await(10, TimeUnit.SECONDS);
  }

  private static Policies.AsOf with(Policies.AsOf base, String name, String value) {
    Map<String, String> values = new HashMap<>(base.values());
    values.put(name, value);
    return new Policies.AsOf(base.date(), values);
  }

  @Test
  void theSeededPolicyIsInForce() throws Exception {
    Policies.AsOf now = policy(LocalDate.of(2026, 11, 22));
    assertThat(now.decimal("contribution.base.min")).isEqualByComparingTo("2030.00");
    assertThat(now.decimal("interest.rate.annual")).isEqualByComparingTo("0.015");
    // Before the 2026-07-01 base values took effect there is no base floor at all in this seed.
    assertThatThrownBy(() -> policy(LocalDate.of(2026, 6, 30)).decimal("contribution.base.min"))
        .hasMessageContaining("no policy parameter contribution.base.min in force on 2026-06-30");
  }

  @Test
  void eightThousandAtTwelvePercentEach() throws Exception {
    ContributionRules.Monthly m = ContributionRules.monthly(Money.parse("8000.00"), TWELVE, TWELVE,
        policy(LocalDate.of(2026, 11, 22)));
    assertThat(m.employerShare()).isEqualTo(Money.parse("960.00"));
    assertThat(m.memberShare()).isEqualTo(Money.parse("960.00"));
    assertThat(m.total()).isEqualTo(Money.parse("1920.00"));
  }

  @Test
  void roundingFollowsThePolicy() throws Exception {
    Policies.AsOf yuan = policy(LocalDate.of(2026, 11, 22));
    // 8765.43 × 7% = 613.5801
    assertThat(ContributionRules.monthly(Money.parse("8765.43"), new BigDecimal("0.07"), new BigDecimal("0.07"), yuan)
        .memberShare()).isEqualTo(Money.parse("614.00"));
    Policies.AsOf fen = with(yuan, "contribution.rounding", "FEN_HALF_UP");
    assertThat(ContributionRules.monthly(Money.parse("8765.43"), new BigDecimal("0.07"), new BigDecimal("0.07"), fen)
        .memberShare()).isEqualTo(Money.parse("613.58"));
  }

  @Test
  void theBaseIsClampedToTheFloorAndTheCeiling() throws Exception {
    Policies.AsOf now = policy(LocalDate.of(2026, 11, 22));
    // Below the floor: 2030.00 × 5% = 101.50, half up to the yuan = 102.00.
    ContributionRules.Monthly low = ContributionRules.monthly(Money.parse("1500.00"), new BigDecimal("0.05"),
        new BigDecimal("0.05"), now);
    assertThat(low.base()).isEqualTo(Money.parse("2030.00"));
    assertThat(low.memberShare()).isEqualTo(Money.parse("102.00"));
    // Above the ceiling: 29301.00 × 12% = 3516.12 → 3516.00.
    ContributionRules.Monthly high = ContributionRules.monthly(Money.parse("50000.00"), TWELVE, TWELVE, now);
    assertThat(high.base()).isEqualTo(Money.parse("29301.00"));
    assertThat(high.employerShare()).isEqualTo(Money.parse("3516.00"));
  }

  @Test
  void ratiosOutsideTheRangeAreRefused() throws Exception {
    Policies.AsOf now = policy(LocalDate.of(2026, 11, 22));
    assertThat(ContributionRules.checkRatios(new BigDecimal("0.13"), TWELVE, now).code())
        .isEqualTo("CONTRIBUTION_RATIO_OUT_OF_RANGE");
    assertThat(ContributionRules.checkRatios(TWELVE, new BigDecimal("0.04"), now)).isNotNull();
    assertThat(ContributionRules.checkRatios(new BigDecimal("0.05"), TWELVE, now)).isNull();
  }
}
