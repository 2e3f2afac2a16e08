package hpf.account;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A fund year (缴存年度) of the center: 7/1 of {@code startYear} to 6/30 of the next year, the period of the yearly
 * base adjustment, of ratio changes and deferrals, like the interest year. Named by the year it starts in.
 */
record FundYear(int startYear) {

  static FundYear containing(LocalDate date) {
    return new FundYear(date.getMonthValue() >= 7 ? date.getYear() : date.getYear() - 1);
  }

  static FundYear containing(YearMonth month) {
    return containing(month.atDay(1));
  }

  YearMonth firstMonth() {
    return YearMonth.of(startYear, 7);
  }

  /** June of the next calendar year: ratio changes and deferrals end with it at the latest. */
  YearMonth lastMonth() {
    return YearMonth.of(startYear + 1, 6);
  }
}
