package hpf.policy;

import hpf.kit.Money;
import java.math.BigDecimal;
import java.util.Set;

/**
 * What a value of each kind of policy parameter must look like, so a typo cannot schedule a value that every
 * later calculation would fail on: ratios and rates are decimals between 0 and 1, amounts are yuan with at most
 * two decimals, ages, day, month counts and counts are whole numbers (a maximum at least 1), factors are decimals up to
 * 10, switches are true or false, the rounding and the day bases come from fixed sets.
 */
public final class PolicyValues {

  private static final Set<String> ROUNDINGS = Set.of("YUAN_HALF_UP", "FEN_HALF_UP", "YUAN_UP");

  private PolicyValues() {}

  static boolean valid(String name, String value) {
    try {
      if (name.endsWith(".ratio.min") || name.endsWith(".ratio.max") || name.startsWith("interest.rate")
          || name.startsWith("loan.rate.")) {
        // The shape first: an operator's text never reaches BigDecimal with an exponent or a thousand digits.
        if (value.length() > 12 || !value.matches("[0-9.]+")) {
          return false;
        }
        BigDecimal d = new BigDecimal(value);
        return d.signum() >= 0 && d.compareTo(BigDecimal.ONE) <= 0 && d.scale() <= 6;
      }
      if (name.equals("contribution.rounding")) {
        return ROUNDINGS.contains(value);
      }
      if (name.endsWith(".max_months")) {
        return value.matches("[1-9][0-9]{0,2}");
      }
      if (name.endsWith("_age") || name.endsWith("_months")) {
        return value.matches("[0-9]{1,3}");
      }
      if (name.endsWith(".enabled")) {
        return value.equals("true") || value.equals("false");
      }
      if (name.endsWith("_count")) {
        return value.matches("[0-9]{1,3}");
      }
      if (name.endsWith("_days")) {
        return value.matches("[0-9]{1,3}");
      }
      if (name.endsWith("_factor")) {
        if (value.length() > 8 || !value.matches("[0-9]+(\\.[0-9]{1,4})?")) {
          return false;
        }
        return new BigDecimal(value).compareTo(BigDecimal.TEN) <= 0;
      }
      if (name.endsWith("day_basis")) {
        return value.equals("360") || value.equals("365");
      }
      // Everything else of the center's parameters is an amount of money.
      return !Money.parse(value).isNegative();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
