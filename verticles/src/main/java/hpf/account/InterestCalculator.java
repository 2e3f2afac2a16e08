package hpf.account;

import hpf.kit.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Interest by the daily-balance method (积数计息): interest = Σ(balance × days it was held) × annual rate /
 * day basis, computed exactly and rounded half-up to the fen once, at the end. The balance of a day is the
 * balance at its close; a segment runs from its start date (inclusive) to the next segment's start, and the last
 * one to the settlement date (inclusive), the interest year's 6/30.
 */
public final class InterestCalculator {

  /** From {@code from} on (inclusive), the account held {@code balance}. */
  public record Segment(LocalDate from, Money balance) {}

  /** The accumulated balance-days (积数) and the interest on them. */
  public record Result(BigDecimal balanceDays, Money interest) {}

  private InterestCalculator() {}

  public static Result interest(List<Segment> segments, LocalDate through, BigDecimal annualRate, int dayBasis) {
    BigDecimal balanceDays = BigDecimal.ZERO;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      LocalDate end = i + 1 < segments.size() ? segments.get(i + 1).from() : through.plusDays(1);
      if (!end.isAfter(s.from()) && i + 1 < segments.size()) {
        throw new IllegalArgumentException("segments must start on increasing dates");
      }
      long days = ChronoUnit.DAYS.between(s.from(), end);
      if (days < 0) {
        throw new IllegalArgumentException("a segment starts after the settlement date " + through);
      }
      balanceDays = balanceDays.add(s.balance().toYuan().multiply(BigDecimal.valueOf(days)));
    }
    BigDecimal interest = balanceDays.multiply(annualRate)
        .divide(BigDecimal.valueOf(dayBasis), 2, RoundingMode.HALF_UP);
    return new Result(balanceDays, Money.of(interest));
  }
}
