package hpf.account;

import hpf.kit.Problem;
import hpf.policy.Policies;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/**
 * The period a deferral (缓缴) may cover: it starts no earlier than the first month the employer can still defer
 * (this month, after its last remittance list and paid months), ends no earlier than it starts, lasts at most the
 * policy's {@code deferral.max_months}, and ends with the fund year (June) at the latest.
 */
final class DeferralRules {

  private DeferralRules() {}

  /** Null when the period may be granted, else the refusal. */
  static Problem check(YearMonth from, YearMonth to, YearMonth firstDeferrable, Policies.AsOf policy) {
    if (to.isBefore(from) || from.isBefore(firstDeferrable)) {
      return LifecycleProblems.DEFERRAL_PERIOD_INVALID;
    }
    long months = ChronoUnit.MONTHS.between(from, to) + 1;
    if (months > policy.decimal("deferral.max_months").longValueExact()
        || to.isAfter(FundYear.containing(from).lastMonth())) {
      return LifecycleProblems.DEFERRAL_PERIOD_TOO_LONG;
    }
    return null;
  }

  /** The first month not yet listed or paid and not in the past. */
  static YearMonth firstDeferrable(YearMonth current, YearMonth openedMonth, String paidThrough, String lastListed) {
    YearMonth first = current.isBefore(openedMonth) ? openedMonth : current;
    for (String month : new String[] {paidThrough, lastListed}) {
      if (month != null && !YearMonth.parse(month).isBefore(first)) {
        first = YearMonth.parse(month).plusMonths(1);
      }
    }
    return first;
  }
}
