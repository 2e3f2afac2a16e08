package hpf.traffic;

import java.io.Serializable;

/**
 * A channel's counts in the shared map: business transactions (by weight) in one Asia/Shanghai day and month.
 * Periods are ISO text (2026-11-22, 2026-11), so comparing text compares time.
 */
public record QuotaUsage(String day, long dayUsed, String month, long monthUsed) implements Serializable {

  public static QuotaUsage empty(String day, String month) {
    return new QuotaUsage(day, 0, month, 0);
  }

  /**
   * These counts moved on to the period holding {@code day}: a newer day starts at 0 (a newer month too). A
   * request from a member whose clock lags (an older day) counts in the entry's newer period: time never goes back.
   */
  public QuotaUsage rolledTo(String newDay, String newMonth) {
    boolean newerMonth = newMonth.compareTo(month) > 0;
    boolean newerDay = newDay.compareTo(day) > 0;
    return new QuotaUsage(newerDay ? newDay : day, newerDay ? 0 : dayUsed, newerMonth ? newMonth : month,
        newerMonth ? 0 : monthUsed);
  }

  /** The used count this usage shows for {@code day} / {@code month} (0 when it holds an older period). */
  public long usedOnDay(String on) {
    return on.equals(day) ? dayUsed : 0;
  }

  public long usedInMonth(String in) {
    return in.equals(month) ? monthUsed : 0;
  }
}
