package hpf.dataset;

import hpf.account.ContributionRules;
import hpf.kit.Money;
import hpf.policy.Policies;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The rules a data set is generated under: the center's policy parameters in force on the first day of its last
 * month. Every account's base and monthly amounts are those of that policy (as the remittance lists of the
 * platform carry the account's monthly amounts), ratios are among those the policy allows, wages spread around the
 * average wage the policy implies, and rent withdrawals stay within the monthly cap.
 */
record Terms(Policies.AsOf policy, List<BigDecimal> ratios, double[] ratioWeights, Money averageWage, Money rentCap) {

  /** The ratios employers commonly choose, and how often: many at the floor, many at the ceiling. */
  private static final String[] COMMON_RATIOS = {"0.05", "0.06", "0.07", "0.08", "0.10", "0.12"};
  private static final double[] COMMON_WEIGHTS = {30, 8, 8, 10, 12, 32};

  static Terms from(Policies.AsOf policy) {
    List<BigDecimal> ratios = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (int i = 0; i < COMMON_RATIOS.length; i++) {
      BigDecimal ratio = new BigDecimal(COMMON_RATIOS[i]);
      if (ContributionRules.checkRatios(ratio, ratio, policy) == null) {
        ratios.add(ratio);
        weights.add(COMMON_WEIGHTS[i]);
      }
    }
    if (ratios.isEmpty()) {
      // A policy outside the common values: its own floor then.
      ratios.add(policy.decimal("contribution.ratio.min"));
      weights.add(1.0);
    }
    // The base ceiling is 3 × the local average monthly wage of the previous year (rules: contribution base).
    BigDecimal average = policy.decimal("contribution.base.max").divide(BigDecimal.valueOf(3), 2, RoundingMode.HALF_UP);
    return new Terms(policy, List.copyOf(ratios), Draws.cumulative(weights.stream().mapToDouble(Double::doubleValue).toArray()),
        Money.of(average), Money.parse(policy.text("withdrawal.rent.monthly_cap")));
  }

  BigDecimal ratio(SplittableRandom random) {
    return ratios.get(Draws.weighted(random, ratioWeights));
  }

  /** A monthly wage in whole yuan, log-normally spread around the average (median a little below it). */
  Money wage(SplittableRandom random) {
    double factor = Math.exp(-0.15 + 0.5 * Draws.gaussian(random));
    long yuan = Math.max(1, Math.round(averageWage.fen() / 100.0 * factor));
    return Money.ofFen(yuan * 100);
  }

  /** The base (clamped) and both shares, as the platform computes them for a new member. */
  ContributionRules.Monthly monthly(Money wage, BigDecimal ratio) {
    return ContributionRules.monthly(wage, ratio, ratio, policy);
  }
}
