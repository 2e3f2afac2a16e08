package hpf.traffic;

import hpf.traffic.ChannelPolicy.MemberLimit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * What a member may let through on its own while the shared counters do not answer (policy
 * {@code storeUnavailable: localShare}): its share, 1 / members, of what was left of the day and the month when it
 * last saw the shared counts. What it lets through is added to the shared counts once they answer again. Overshoot
 * is bounded by what the other members let through after this member last saw the counts (see docs/traffic-control.md).
 */
final class LocalShare {

  /** Let through locally, not yet in the shared map. */
  record Pending(String day, String month, long weight) {}

  private static final class Share {
    final String day;
    final String month;
    final long dayAllowance;
    final long monthAllowance;
    long dayUsed;
    long monthUsed;
    long pending;

    Share(String day, String month, long dayAllowance, long monthAllowance) {
      this.day = day;
      this.month = month;
      this.dayAllowance = dayAllowance;
      this.monthAllowance = monthAllowance;
    }
  }

  private final TrafficCalendar calendar;
  private final IntSupplier clusterSize;
  private final Map<String, Share> shares = new ConcurrentHashMap<>();
  private final Map<String, Long> memberWindows = new ConcurrentHashMap<>();
  /** Settlements the map refused, kept for the next time it answers. */
  private final Map<String, Pending> unsettled = new ConcurrentHashMap<>();

  LocalShare(TrafficCalendar calendar, IntSupplier clusterSize) {
    this.calendar = calendar;
    this.clusterSize = clusterSize;
  }

  QuotaChange.Result charge(String app, long weight, ChannelPolicy p, boolean released, QuotaUsage lastSeen) {
    String day = calendar.day();
    String month = calendar.month();
    Share share = shares.compute(app, (k, s) -> s != null && s.day.equals(day) ? s : start(day, month, p, lastSeen));
    synchronized (share) {
      boolean overDay = share.dayUsed + weight > share.dayAllowance;
      boolean overMonth = share.monthUsed + weight > share.monthAllowance;
      boolean refuse = !released && ((overDay && p.enforces(ChannelPolicy.Rule.DAILY_QUOTA))
          || (overMonth && p.enforces(ChannelPolicy.Rule.MONTHLY_QUOTA)));
      if (!refuse) {
        share.dayUsed += weight;
        share.monthUsed += weight;
        share.pending += weight;
      }
      long baseDay = lastSeen == null ? 0 : lastSeen.usedOnDay(day);
      long baseMonth = lastSeen == null ? 0 : lastSeen.usedInMonth(month);
      return new QuotaChange.Result(!refuse, overDay, overMonth,
          new QuotaUsage(day, baseDay + share.dayUsed, month, baseMonth + share.monthUsed));
    }
  }

  void refund(String app, long weight) {
    Share share = shares.get(app);
    if (share != null) {
      synchronized (share) {
        share.dayUsed = Math.max(0, share.dayUsed - weight);
        share.monthUsed = Math.max(0, share.monthUsed - weight);
        share.pending = Math.max(0, share.pending - weight);
      }
    }
  }

  /** Per-member limits on the local share: the limit divided among the members, at least 1. */
  WindowCount.Result chargeMember(String windowKey, MemberLimit limit, boolean enforce) {
    long share = Math.max(1, limit.limit() / Math.max(1, clusterSize.getAsInt()));
    long[] result = new long[2];
    memberWindows.compute(windowKey, (k, used) -> {
      long now = used == null ? 0 : used;
      boolean over = now + 1 > share;
      result[0] = over ? 1 : 0;
      result[1] = over && enforce ? now : now + 1;
      return result[1];
    });
    if (memberWindows.size() > 100_000) {
      memberWindows.clear(); // bounded memory during a long outage; limits restart, they do not grow stricter
    }
    boolean over = result[0] == 1;
    return new WindowCount.Result(!(over && enforce), over, result[1]);
  }

  /** What was let through locally, taken to be added to the shared counts; null when nothing. */
  Pending takePending(String app) {
    Pending earlier = unsettled.remove(app);
    Share share = shares.remove(app);
    Pending now = null;
    if (share != null) {
      synchronized (share) {
        now = share.pending == 0 ? null : new Pending(share.day, share.month, share.pending);
        share.pending = 0;
      }
    }
    if (earlier != null && now != null && !earlier.day().equals(now.day())) {
      unsettled.put(app, earlier); // another day's: settled on the next call
      return now;
    }
    return earlier == null ? now : now == null ? earlier
        : new Pending(now.day(), now.month(), now.weight() + earlier.weight());
  }

  /** The map refused the settlement: keep it for the next time. */
  void putBack(String app, Pending pending) {
    unsettled.merge(app, pending, (a, b) -> a.day().equals(b.day())
        ? new Pending(a.day(), a.month(), a.weight() + b.weight()) : b);
  }

  private Share start(String day, String month, ChannelPolicy p, QuotaUsage lastSeen) {
    int n = Math.max(1, clusterSize.getAsInt());
    long usedDay = lastSeen == null ? 0 : lastSeen.usedOnDay(day);
    long usedMonth = lastSeen == null ? 0 : lastSeen.usedInMonth(month);
    return new Share(day, month, share(p.dailyQuota(), usedDay, n), share(p.monthlyQuota(), usedMonth, n));
  }

  private static long share(long limit, long used, int members) {
    return limit == ChannelPolicy.UNLIMITED ? ChannelPolicy.UNLIMITED : Math.max(0, limit - used) / members;
  }
}
