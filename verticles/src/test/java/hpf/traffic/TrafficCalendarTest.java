package hpf.traffic;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quota periods follow Asia/Shanghai whatever the host's zone: 23:59:59 → 00:00:00 starts a new day, the 1st a
 * new month (leap day included), and the shared counts roll over with them, atomically for day and month.
 */
class TrafficCalendarTest {

  private static TrafficCalendar at(String shanghaiLocal) {
    Instant instant = ZonedDateTime.parse(shanghaiLocal + "+08:00[Asia/Shanghai]").toInstant();
    return new TrafficCalendar(Clock.fixed(instant, ZoneOffset.UTC));
  }

  /** A charge of 1 against limits, as the entry's owner would run it, at a local time. */
  private static QuotaChange.Result charge(QuotaUsage before, String local, long daily, long monthly) {
    TrafficCalendar c = at(local);
    return QuotaChange.charge(c.day(), c.month(), 1, daily, monthly, true, true).apply(before);
  }

  @Test
  void theDayEndsAtLocalMidnightNotAtUtcMidnight() {
    TrafficCalendar last = at("2026-11-22T23:59:59");
    assertThat(last.day()).isEqualTo("2026-11-22");
    assertThat(last.dayEnd()).isEqualTo(Instant.parse("2026-11-22T16:00:00Z"));
    assertThat(last.secondsUntil(last.dayEnd())).isEqualTo(1);
    TrafficCalendar first = at("2026-11-23T00:00:00");
    assertThat(first.day()).isEqualTo("2026-11-23");
    assertThat(first.month()).isEqualTo("2026-11");
    // 08:00 local is still 00:00 UTC of the same day: no reset there.
    assertThat(at("2026-11-23T08:00:00").day()).isEqualTo("2026-11-23");
  }

  @Test
  void aFullDayIsRefusedUntilMidnightAndTheMonthCarriesOn() {
    QuotaUsage u = QuotaUsage.empty("2026-11-22", "2026-11");
    for (int i = 0; i < 2; i++) {
      QuotaChange.Result r = charge(u, "2026-11-22T23:59:59", 2, 100);
      assertThat(r.accepted()).isTrue();
      u = r.usage();
    }
    QuotaChange.Result refused = charge(u, "2026-11-22T23:59:59", 2, 100);
    assertThat(refused.accepted()).isFalse();
    assertThat(refused.overDay()).isTrue();
    assertThat(refused.usage()).isEqualTo(u);
    QuotaChange.Result next = charge(u, "2026-11-23T00:00:00", 2, 100);
    assertThat(next.accepted()).isTrue();
    assertThat(next.usage()).isEqualTo(new QuotaUsage("2026-11-23", 1, "2026-11", 3));
    // A member whose clock still says yesterday counts in the entry's newer day: time never goes back.
    QuotaChange.Result lagging = charge(next.usage(), "2026-11-22T23:59:58", 2, 100);
    assertThat(lagging.usage()).isEqualTo(new QuotaUsage("2026-11-23", 2, "2026-11", 4));
  }

  @Test
  void theMonthEndsOnTheFirstAndTheLeapDayBelongsToFebruary() {
    QuotaUsage full = new QuotaUsage("2026-11-30", 5, "2026-11", 10);
    assertThat(charge(full, "2026-11-30T23:59:59", 100, 10).accepted()).isFalse();
    QuotaChange.Result december = charge(full, "2026-12-01T00:00:00", 100, 10);
    assertThat(december.usage()).isEqualTo(new QuotaUsage("2026-12-01", 1, "2026-12", 1));
    assertThat(at("2026-11-30T23:59:59").monthEnd()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));

    TrafficCalendar leap = at("2028-02-29T12:00:00");
    assertThat(leap.day()).isEqualTo("2028-02-29");
    assertThat(leap.month()).isEqualTo("2028-02");
    assertThat(leap.monthEnd()).isEqualTo(Instant.parse("2028-02-29T16:00:00Z"));
    QuotaUsage feb = new QuotaUsage("2028-02-28", 3, "2028-02", 9);
    assertThat(charge(feb, "2028-02-29T00:00:00", 100, 100).usage()).isEqualTo(new QuotaUsage("2028-02-29", 1, "2028-02", 10));
    assertThat(charge(feb, "2028-03-01T00:00:00", 100, 100).usage()).isEqualTo(new QuotaUsage("2028-03-01", 1, "2028-03", 1));
  }

  @Test
  void dayAndMonthAreTakenTogetherOrNotAtAllAndRestoresOnlyRaise() {
    QuotaUsage u = new QuotaUsage("2026-11-22", 1, "2026-11", 10);
    QuotaChange.Result overMonth = charge(u, "2026-11-22T10:00:00", 100, 10);
    assertThat(overMonth.accepted()).isFalse();
    assertThat(overMonth.usage().dayUsed()).isEqualTo(1);
    QuotaChange.Result restored = QuotaChange.restore(new QuotaUsage("2026-11-22", 7, "2026-11", 8)).apply(u);
    assertThat(restored.usage()).isEqualTo(new QuotaUsage("2026-11-22", 7, "2026-11", 10));
    QuotaChange.Result refunded = QuotaChange.refund("2026-11-22", "2026-11", 1).apply(restored.usage());
    assertThat(refunded.usage()).isEqualTo(new QuotaUsage("2026-11-22", 6, "2026-11", 9));
  }

  @Test
  void aBucketRefillsAtItsShareOfTheClusterRate() {
    long[] now = {0};
    RateLimiter limiter = new RateLimiter(() -> 2, () -> now[0]);
    RateLimiter.Bucket b = limiter.bucket("app", new ChannelPolicy.Rate(10, 4));
    assertThat(b.tryTake(now[0])).isTrue();
    assertThat(b.tryTake(now[0])).isTrue();
    assertThat(b.tryTake(now[0])).isFalse(); // burst 4 over 2 members
    now[0] += 200_000_000L; // 0.2 s at 5/s per member
    assertThat(b.tryTake(now[0])).isTrue();
    assertThat(b.tryTake(now[0])).isFalse();
    b.giveBack();
    assertThat(b.tryTake(now[0])).isTrue();
  }
}
