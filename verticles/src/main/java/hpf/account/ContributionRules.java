package hpf.account;

import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.policy.Policies;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Monthly contributions (月缴存额): base clamped to [base.min, base.max], times the employer's and the member's
 * ratio (each within [ratio.min, ratio.max]), rounded as the center's policy says. All values come from
 * {@link Policies}; the arithmetic is exact (BigDecimal) and the result is money to the fen.
 */
public final class ContributionRules {

  /** One member's monthly contribution, split into the two shares. */
  public record Monthly(Money base, Money employerShare, Money memberShare) {
    public Money total() {
      return employerShare.plus(memberShare);
    }
  }

  static final Problem RATIO_OUT_OF_RANGE = new Problem(422, "CONTRIBUTION_RATIO_OUT_OF_RANGE", "缴存比例超出范围",
      "单位和职工缴存比例须在政策规定的上下限之间。");

  private ContributionRules() {}

  /** The base in force: the declared wage clamped to the policy's floor and ceiling. */
  public static Money clampBase(Money declaredWage, Policies.AsOf policy) {
    Money floor = Money.of(policy.decimal("contribution.base.min"));
    Money ceiling = Money.of(policy.decimal("contribution.base.max"));
    return declaredWage.compareTo(floor) < 0 ? floor : declaredWage.compareTo(ceiling) > 0 ? ceiling : declaredWage;
  }

  /** Null when both ratios are allowed on the policy's date, else the problem to answer. */
  public static Problem checkRatios(BigDecimal employerRatio, BigDecimal memberRatio, Policies.AsOf policy) {
    BigDecimal min = policy.decimal("contribution.ratio.min");
    BigDecimal max = policy.decimal("contribution.ratio.max");
    for (BigDecimal ratio : new BigDecimal[] {employerRatio, memberRatio}) {
      if (ratio.compareTo(min) < 0 || ratio.compareTo(max) > 0) {
        return RATIO_OUT_OF_RANGE;
      }
    }
    return null;
  }

  public static Monthly monthly(Money declaredWage, BigDecimal employerRatio, BigDecimal memberRatio,
                                Policies.AsOf policy) {
    return forBase(clampBase(declaredWage, policy), employerRatio, memberRatio, policy);
  }

  /** The shares of a base already in force (e.g. new ratios during the fund year): the base is not clamped again. */
  public static Monthly forBase(Money base, BigDecimal employerRatio, BigDecimal memberRatio, Policies.AsOf policy) {
    String rounding = policy.text("contribution.rounding");
    return new Monthly(base, share(base, employerRatio, rounding), share(base, memberRatio, rounding));
  }

  private static Money share(Money base, BigDecimal ratio, String rounding) {
    BigDecimal exact = base.toYuan().multiply(ratio);
    BigDecimal rounded = switch (rounding) {
      case "YUAN_HALF_UP" -> exact.setScale(0, RoundingMode.HALF_UP).setScale(2, RoundingMode.UNNECESSARY);
      case "FEN_HALF_UP" -> exact.setScale(2, RoundingMode.HALF_UP);
      case "YUAN_UP" -> exact.setScale(0, RoundingMode.UP).setScale(2, RoundingMode.UNNECESSARY);
      default -> throw new IllegalStateException("unknown contribution.rounding " + rounding);
    };
    return Money.of(rounded);
  }
}
