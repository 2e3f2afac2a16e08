package hpf.kit;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * The center's business calendar: dates and months are those of {@code Asia/Shanghai}, whatever the host's zone,
 * read from the clock the composition root injects: its {@link BusinessClock} (whose business date the sandbox can
 * move ahead), or any other clock (a fixed one in a test) by its calendar date.
 */
public final class BusinessTime {

  /** The one business time zone: business dates, months, day boundaries and the times shown to people. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private BusinessTime() {
  }

  /** Today's business date on this clock. */
  public static LocalDate today(Clock clock) {
    return clock instanceof BusinessClock business ? business.businessDate() : LocalDate.now(clock.withZone(ZONE));
  }

  /** The current business month on this clock. */
  public static YearMonth month(Clock clock) {
    return YearMonth.from(today(clock));
  }
}
