package hpf.traffic;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * A channel's entry in the shared quota map: what was spent in the day and month ({@code used}: spent, never
 * leased), the blocks leased to members and not reported spent yet, and leases that ended without their holder.
 * The invariant that keeps overshoot at 0: {@code used + leased() <= limit} for every enforced limit, where every
 * unit a holder may still spend on its own is inside {@code leased()} until it reports it spent or returns it.
 */
public record QuotaBook(QuotaUsage used, Map<String, Lease> leases, Map<String, Ended> ended) implements Serializable {

  /** Ended leases are kept this long for their holder to say what it spent, then forgotten (counted in full). */
  static final long ENDED_KEPT_MILLIS = 36L * 3600 * 1000;

  /**
   * A block leased to one member (by member id). {@code granted} and {@code reported} are cumulative over the
   * lease, so a report that is repeated (its answer was lost) counts once; {@code granted - reported} is reserved.
   */
  public record Lease(long epoch, long granted, long reported, long expiresAt) implements Serializable {
    long outstanding() {
      return Math.max(0, granted - reported);
    }
  }

  /**
   * A lease that expired (its holder stopped renewing it: crashed, cut off): its outstanding units were counted as
   * spent in full ({@code presumed}), since the holder may have spent them; when the holder comes back and says how
   * much it really spent, the difference is given back.
   */
  public record Ended(long epoch, long reported, long presumed, String day, String month, long endedAt)
      implements Serializable {}

  /** Travels as a {@link QuotaBookForm}: no JDK collection crosses the cluster's deserialization filter. */
  private Object writeReplace() {
    return new QuotaBookForm(this);
  }

  public static QuotaBook empty(String day, String month) {
    return new QuotaBook(QuotaUsage.empty(day, month), Map.of(), Map.of());
  }

  /** Units leased and not reported spent, over every member. */
  public long leased() {
    long sum = 0;
    for (Lease l : leases.values()) {
      sum += l.outstanding();
    }
    return sum;
  }

  /**
   * The book in the period holding {@code day}. Leases carry over a roll-over: a holder whose clock lags may still
   * spend its block, and what it reports counts into the entry's newer period (time never goes back).
   */
  QuotaBook rolledTo(String day, String month) {
    QuotaUsage u = used.rolledTo(day, month);
    return u.equals(used) ? this : new QuotaBook(u, leases, ended);
  }

  /** Leases past their expiry at {@code now} end, counted as spent in full; ended leases long past are forgotten. */
  QuotaBook expired(long now) {
    Map<String, Lease> live = null;
    Map<String, Ended> gone = null;
    long presumed = 0;
    for (Map.Entry<String, Lease> e : leases.entrySet()) {
      if (e.getValue().expiresAt() < now) {
        live = live == null ? new HashMap<>(leases) : live;
        gone = gone == null ? new HashMap<>(ended) : gone;
        live.remove(e.getKey());
        Lease l = e.getValue();
        presumed += l.outstanding();
        gone.put(e.getKey(), new Ended(l.epoch(), l.reported(), l.outstanding(), used.day(), used.month(), now));
      }
    }
    for (Map.Entry<String, Ended> e : ended.entrySet()) {
      if (e.getValue().endedAt() + ENDED_KEPT_MILLIS < now) {
        gone = gone == null ? new HashMap<>(ended) : gone;
        gone.remove(e.getKey());
      }
    }
    if (live == null && gone == null) {
      return this;
    }
    return new QuotaBook(add(used, presumed), live == null ? leases : live, gone == null ? ended : gone);
  }

  /** How many units an enforced limit still lets anyone lease or spend. */
  long free(long dailyLimit, long monthlyLimit, boolean enforceDay, boolean enforceMonth) {
    long leased = leased();
    long day = enforceDay && dailyLimit != ChannelPolicy.UNLIMITED ? dailyLimit - used.dayUsed() - leased : Long.MAX_VALUE;
    long month = enforceMonth && monthlyLimit != ChannelPolicy.UNLIMITED
        ? monthlyLimit - used.monthUsed() - leased : Long.MAX_VALUE;
    return Math.max(0, Math.min(day, month));
  }

  QuotaBook withUsed(QuotaUsage u) {
    return new QuotaBook(u, leases, ended);
  }

  QuotaBook withLease(String holder, Lease lease) {
    Map<String, Lease> next = new HashMap<>(leases);
    if (lease == null) {
      next.remove(holder);
    } else {
      next.put(holder, lease);
    }
    return new QuotaBook(used, next, ended);
  }

  QuotaBook withoutEnded(String holder) {
    Map<String, Ended> next = new HashMap<>(ended);
    next.remove(holder);
    return new QuotaBook(used, leases, next);
  }

  /** {@code weight} more spent in the entry's day and month (less when negative, never below 0). */
  static QuotaUsage add(QuotaUsage u, long weight) {
    return new QuotaUsage(u.day(), Math.max(0, u.dayUsed() + weight), u.month(), Math.max(0, u.monthUsed() + weight));
  }
}
