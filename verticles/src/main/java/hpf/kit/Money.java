package hpf.kit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * An amount of renminbi, exact to the fen: a whole number of fen in a {@code long}. JSON and text carry it as a
 * decimal string in yuan ({@code "1234.56"}); PostgreSQL as {@code NUMERIC(18,2)}. Never a floating point number.
 */
public record Money(long fen) implements Comparable<Money> {

  public static final Money ZERO = new Money(0);
  private static final Pattern YUAN = Pattern.compile("-?(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?");

  /** Parses {@code "1234.56"}, {@code "0.5"}, {@code "-3"}; refuses exponents, more than two decimals, spaces. */
  public static Money parse(String yuan) {
    if (yuan == null || !YUAN.matcher(yuan).matches()) {
      throw new IllegalArgumentException("not an amount in yuan with at most two decimals: " + yuan);
    }
    return of(new BigDecimal(yuan));
  }

  /** From a decimal with at most two decimals (as PostgreSQL NUMERIC(18,2) returns it). */
  public static Money of(BigDecimal yuan) {
    if (yuan.scale() > 2 && yuan.stripTrailingZeros().scale() > 2) {
      throw new IllegalArgumentException("more than two decimals: " + yuan);
    }
    return new Money(yuan.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
  }

  public static Money ofFen(long fen) {
    return new Money(fen);
  }

  public BigDecimal toYuan() {
    return BigDecimal.valueOf(fen, 2);
  }

  public Money plus(Money other) {
    return new Money(Math.addExact(fen, other.fen));
  }

  public Money minus(Money other) {
    return new Money(Math.subtractExact(fen, other.fen));
  }

  public Money negate() {
    return new Money(Math.negateExact(fen));
  }

  public boolean isPositive() {
    return fen > 0;
  }

  public boolean isNegative() {
    return fen < 0;
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(fen, other.fen);
  }

  /** The yuan string with exactly two decimals, e.g. {@code "1234.50"}. */
  @Override
  public String toString() {
    return toYuan().toPlainString();
  }
}
