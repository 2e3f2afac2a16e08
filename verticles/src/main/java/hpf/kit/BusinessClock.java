package hpf.kit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's clock: real instants (timestamps, signature windows, sessions and timers never move) and a business
 * date (营业日) that may stand a number of days ahead of the calendar date. Rooms read the business date through
 * {@link BusinessTime}; only the business calendar room moves it, so every room of an instance sees one date.
 */
public final class BusinessClock extends Clock {

  private final Clock base;
  /** Shared by the zone views of one clock ({@link #withZone}), so a move reaches every holder at once. */
  private final AtomicLong daysAhead;

  public BusinessClock(Clock base) {
    this(base, new AtomicLong());
  }

  private BusinessClock(Clock base, AtomicLong daysAhead) {
    this.base = base;
    this.daysAhead = daysAhead;
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return zone.equals(base.getZone()) ? this : new BusinessClock(base.withZone(zone), daysAhead);
  }

  @Override
  public Instant instant() {
    return base.instant();
  }

  @Override
  public long millis() {
    return base.millis();
  }

  /** Today in the center's zone by the wall clock. */
  public LocalDate calendarDate() {
    return LocalDate.now(base.withZone(BusinessTime.ZONE));
  }

  /** The date business is done for: the calendar date plus the days the business calendar stands ahead. */
  public LocalDate businessDate() {
    return calendarDate().plusDays(daysAhead.get());
  }

  public long daysAhead() {
    return daysAhead.get();
  }

  /** Called by the business calendar room only (on start, on a move, and when another instance moved it). */
  public void daysAhead(long days) {
    if (days < 0) {
      throw new IllegalArgumentException("the business date never stands behind the calendar date");
    }
    daysAhead.set(days);
  }
}
