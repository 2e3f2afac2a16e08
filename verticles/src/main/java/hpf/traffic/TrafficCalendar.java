package hpf.traffic;

import hpf.kit.BusinessTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The quota calendar: days and months of {@code Asia/Shanghai}, whatever the host's zone. A day resets at local
 * midnight, a month on the 1st. Periods are named by ISO text ({@code 2026-11-22}, {@code 2026-11}), which sorts
 * in time order, so a counter can tell an older period from a newer one.
 */
public final class TrafficCalendar {

  private final Clock clock;

  public TrafficCalendar(Clock clock) {
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant();
  }

  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), BusinessTime.ZONE);
  }

  /** The current day, e.g. {@code 2026-11-22}. */
  public String day() {
    return today().toString();
  }

  /** The current month, e.g. {@code 2026-11}. */
  public String month() {
    return today().toString().substring(0, 7);
  }

  /** The next local midnight: when today's quota resets. */
  public Instant dayEnd() {
    return today().plusDays(1).atStartOfDay(BusinessTime.ZONE).toInstant();
  }

  /** The 1st of next month, local midnight: when this month's quota resets. */
  public Instant monthEnd() {
    return today().withDayOfMonth(1).plusMonths(1).atStartOfDay(BusinessTime.ZONE).toInstant();
  }

  /** Start of the fixed window of {@code length} (minute, hour or day, local time) that holds now. */
  public Instant windowStart(ChronoUnit length) {
    ZonedDateTime local = ZonedDateTime.ofInstant(clock.instant(), BusinessTime.ZONE);
    return local.truncatedTo(length).toInstant();
  }

  /** Whole seconds from now until {@code at}, at least 1 (for Retry-After and RateLimit-Reset). */
  public long secondsUntil(Instant at) {
    long millis = Duration.between(clock.instant(), at).toMillis();
    return Math.max(1, (millis + 999) / 1000);
  }

  /** The first day of a month named {@code yyyy-MM}. */
  static LocalDate monthStart(String month) {
    return LocalDate.parse(month + "-01");
  }
}
