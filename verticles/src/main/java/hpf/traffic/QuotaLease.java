package hpf.traffic;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;

/**
 * One member's visit to a channel's quota entry, atomic on the entry's owner (with a synchronous backup): reports
 * what the member spent from its lease (a cumulative figure, so a repeated visit counts once), decides the charges
 * that waited for this visit one by one against the limits (as direct charges), then leases the member a further
 * block, or takes its lease back. Units leased count as taken for everyone else, so the limits are never exceeded.
 * The caller's calendar, clock, limits and member count travel with the visit: the owner's are never used.
 */
final class QuotaLease implements EntryProcessor<String, QuotaBook, QuotaLease.Result> {

  private static final long serialVersionUID = 1L;

  /**
   * {@code served}: one character per waiting charge, '1' when it was charged (text: no array crosses the
   * cluster's deserialization filter); {@code granted}/{@code reported}: the lease's cumulative figures
   * (0 when the member holds none now); {@code ended}: the lease had expired (counted as spent in full) before
   * this visit; {@code dayFree}/{@code monthFree}: what the enforced limits still allow after the visit;
   * {@code expired}: leases of any member this visit found expired.
   */
  record Result(String served, long granted, long reported, boolean ended, long dayFree, long monthFree,
                QuotaUsage usage, long leased, int expired) implements Serializable {}

  private final String holder;
  private final long epoch;
  private final String day;
  private final String month;
  private final long spent;
  private transient long[] weights;
  private final long extra;
  private final boolean giveBack;
  private final Limits limits;

  /** The policy's limits and the cluster's state as the caller sees them. */
  record Limits(long daily, long monthly, boolean enforceDay, boolean enforceMonth, int members, long now, long ttlMillis)
      implements Serializable {}

  /**
   * @param spent    what the holder spent on lease {@code epoch} so far (all of it, not since the last visit)
   * @param weights  charges to decide now, in order
   * @param extra    units wanted on the lease for later (0: none)
   * @param giveBack the holder stopped spending lease {@code epoch}: its last report, and the lease ends
   */
  QuotaLease(String holder, long epoch, String day, String month, long spent, long[] weights, long extra,
             boolean giveBack, Limits limits) {
    this.holder = holder;
    this.epoch = epoch;
    this.day = day;
    this.month = month;
    this.spent = spent;
    this.weights = weights;
    this.extra = extra;
    this.giveBack = giveBack;
    this.limits = limits;
  }

  @Override
  public Result process(Map.Entry<String, QuotaBook> entry) {
    QuotaBook start = (entry.getValue() == null ? QuotaBook.empty(day, month) : entry.getValue()).rolledTo(day, month);
    QuotaBook book = start.expired(limits.now());
    int expired = start.leases().size() - book.leases().size();
    QuotaBook.Lease lease = book.leases().get(holder);
    boolean ended = false;
    if (lease != null && lease.epoch() != epoch) {
      // A lease of this member the member no longer knows of: it may have been spent, so it counts in full.
      book = book.withUsed(QuotaBook.add(book.used(), lease.outstanding())).withLease(holder, null);
      lease = null;
    }
    if (lease != null) {
      // Cumulative report: the difference to the last one is what was spent since (less after a local refund).
      book = book.withUsed(QuotaBook.add(book.used(), spent - lease.reported()));
      lease = giveBack ? null
          : new QuotaBook.Lease(epoch, lease.granted(), spent, limits.now() + limits.ttlMillis());
      book = book.withLease(holder, lease);
    } else if (book.ended().get(holder) != null && book.ended().get(holder).epoch() == epoch) {
      QuotaBook.Ended e = book.ended().get(holder);
      ended = true;
      if (giveBack) {
        // The holder stopped spending: give back what was counted for it but not spent, in that period only.
        long unspent = Math.max(0, Math.min(e.presumed(), e.presumed() - (spent - e.reported())));
        QuotaUsage u = book.used();
        book = book.withUsed(new QuotaUsage(u.day(), u.day().equals(e.day()) ? Math.max(0, u.dayUsed() - unspent)
            : u.dayUsed(), u.month(), u.month().equals(e.month()) ? Math.max(0, u.monthUsed() - unspent)
            : u.monthUsed())).withoutEnded(holder);
      }
    } else if (epoch != 0 && spent > 0) {
      ended = true; // expired and forgotten long ago, or never granted: nothing to settle
    }
    StringBuilder served = new StringBuilder(weights.length);
    for (long weight : weights) {
      boolean fits = free(book) >= weight;
      served.append(fits ? '1' : '0');
      if (fits) {
        book = book.withUsed(QuotaBook.add(book.used(), weight));
      }
    }
    if (!giveBack && !ended && extra > 0) {
      // A fair part of what is left, so near the limit blocks shrink to nothing and the last units are charged
      // one by one rather than stranded on one member.
      long grant = Math.min(extra, free(book) / (2L * Math.max(1, limits.members())));
      if (grant > 0) {
        long granted = lease == null ? grant : lease.granted() + grant;
        long reported = lease == null ? spent : lease.reported();
        lease = new QuotaBook.Lease(epoch, granted, reported, limits.now() + limits.ttlMillis());
        book = book.withLease(holder, lease);
      }
    }
    entry.setValue(book);
    long leased = book.leased();
    return new Result(served.toString(), lease == null ? 0 : lease.granted(), lease == null ? 0 : lease.reported(), ended,
        dayFree(book, leased), monthFree(book, leased), book.used(), leased, expired);
  }

  /** The weights as numbers, not an array (the cluster's deserialization filter admits no arrays). */
  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    out.defaultWriteObject();
    out.writeInt(weights.length);
    for (long w : weights) {
      out.writeLong(w);
    }
  }

  private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
    in.defaultReadObject();
    weights = new long[in.readInt()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = in.readLong();
    }
  }

  private long free(QuotaBook book) {
    return book.free(limits.daily(), limits.monthly(), limits.enforceDay(), limits.enforceMonth());
  }

  private long dayFree(QuotaBook book, long leased) {
    return limits.daily() == ChannelPolicy.UNLIMITED ? Long.MAX_VALUE
        : Math.max(0, limits.daily() - book.used().dayUsed() - leased);
  }

  private long monthFree(QuotaBook book, long leased) {
    return limits.monthly() == ChannelPolicy.UNLIMITED ? Long.MAX_VALUE
        : Math.max(0, limits.monthly() - book.used().monthUsed() - leased);
  }
}
