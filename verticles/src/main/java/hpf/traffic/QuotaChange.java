package hpf.traffic;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;

/**
 * One change of a channel's quota counts, run atomically by the member that owns the entry (and copied to its
 * backup before the caller hears the answer), so no two members can both take the last unit. The caller's calendar
 * (day, month) and the limits travel with the change: the owner's clock and policy are never used.
 */
final class QuotaChange implements EntryProcessor<String, QuotaBook, QuotaChange.Result> {

  private static final long serialVersionUID = 1L;

  enum Kind { CHARGE, REFUND, ADD, RESTORE }

  /** accepted; overDay/overMonth: the weight did not fit that limit (refused if enforced, else let through). */
  record Result(boolean accepted, boolean overDay, boolean overMonth, QuotaUsage usage) implements Serializable {}

  private final Kind kind;
  private final String day;
  private final String month;
  private final long weight;
  private final long dailyLimit;
  private final long monthlyLimit;
  private final boolean enforceDay;
  private final boolean enforceMonth;
  private final QuotaUsage restored;

  private QuotaChange(Kind kind, String day, String month, long weight, long dailyLimit, long monthlyLimit,
                      boolean enforceDay, boolean enforceMonth, QuotaUsage restored) {
    this.kind = kind;
    this.day = day;
    this.month = month;
    this.weight = weight;
    this.dailyLimit = dailyLimit;
    this.monthlyLimit = monthlyLimit;
    this.enforceDay = enforceDay;
    this.enforceMonth = enforceMonth;
    this.restored = restored;
  }

  /** Take {@code weight} if it fits both enforced limits; nothing at all otherwise (day and month together). */
  static QuotaChange charge(String day, String month, long weight, long dailyLimit, long monthlyLimit,
                            boolean enforceDay, boolean enforceMonth) {
    return new QuotaChange(Kind.CHARGE, day, month, weight, dailyLimit, monthlyLimit, enforceDay, enforceMonth, null);
  }

  /** Give back a charge of this period (the request was refused by another limit, or its write failed). */
  static QuotaChange refund(String day, String month, long weight) {
    return new QuotaChange(Kind.REFUND, day, month, weight, 0, 0, false, false, null);
  }

  /** Add what a member let through on its local share while the map was out of reach. */
  static QuotaChange add(String day, String month, long weight) {
    return new QuotaChange(Kind.ADD, day, month, weight, 0, 0, false, false, null);
  }

  /** After a full restart: the stored counts, unless the map already holds as much or a newer period. */
  static QuotaChange restore(QuotaUsage stored) {
    return new QuotaChange(Kind.RESTORE, stored.day(), stored.month(), 0, 0, 0, false, false, stored);
  }

  @Override
  public Result process(Map.Entry<String, QuotaBook> entry) {
    QuotaBook before = entry.getValue() == null ? QuotaBook.empty(day, month) : entry.getValue();
    // Units leased to members count as taken: a charge never spends what a member may still spend on its own.
    Result result = apply(before.used(), before.leased());
    if (result.accepted() && (entry.getValue() == null || !result.usage().equals(before.used()))) {
      entry.setValue(before.withUsed(result.usage()));
    }
    return result;
  }

  /** The rule itself, a pure function of the current counts. */
  Result apply(QuotaUsage before) {
    return apply(before, 0);
  }

  /** The rule with {@code leased} units reserved by members' leases on top of the counts. */
  Result apply(QuotaUsage before, long leased) {
    QuotaUsage u = before.rolledTo(day, month);
    return switch (kind) {
      case CHARGE -> {
        boolean overDay = u.dayUsed() + leased + weight > dailyLimit;
        boolean overMonth = u.monthUsed() + leased + weight > monthlyLimit;
        if ((overDay && enforceDay) || (overMonth && enforceMonth)) {
          yield new Result(false, overDay, overMonth, u);
        }
        yield new Result(true, overDay, overMonth,
            new QuotaUsage(u.day(), u.dayUsed() + weight, u.month(), u.monthUsed() + weight));
      }
      case REFUND -> new Result(true, false, false, new QuotaUsage(u.day(),
          u.day().equals(day) ? Math.max(0, u.dayUsed() - weight) : u.dayUsed(), u.month(),
          u.month().equals(month) ? Math.max(0, u.monthUsed() - weight) : u.monthUsed()));
      case ADD -> new Result(true, false, false, new QuotaUsage(u.day(),
          u.day().equals(day) ? u.dayUsed() + weight : u.dayUsed(), u.month(),
          u.month().equals(month) ? u.monthUsed() + weight : u.monthUsed()));
      case RESTORE -> new Result(true, false, false, new QuotaUsage(u.day(),
          u.day().equals(restored.day()) ? Math.max(u.dayUsed(), restored.dayUsed()) : u.dayUsed(), u.month(),
          u.month().equals(restored.month()) ? Math.max(u.monthUsed(), restored.monthUsed()) : u.monthUsed()));
    };
  }
}
