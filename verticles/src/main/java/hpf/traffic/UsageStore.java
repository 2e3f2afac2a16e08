package hpf.traffic;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The traffic_quota_usage table: each channel's count per day and per month, copied from the shared map about once
 * a second, so a restart of the whole cluster does not reset the day. Counts only grow here (GREATEST): members
 * write what they saw, in any order. Not a financial record: a counter row is updated in place.
 */
final class UsageStore {

  private final Pool pool;

  UsageStore(Pool pool) {
    this.pool = pool;
  }

  /** Keeps the counts unless the row already holds more. */
  Future<Void> save(Map<String, QuotaUsage> usages) {
    if (usages.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    usages.forEach((app, u) -> {
      rows.add(Tuple.of(app, "DAY", LocalDate.parse(u.day()), u.dayUsed()));
      rows.add(Tuple.of(app, "MONTH", TrafficCalendar.monthStart(u.month()), u.monthUsed()));
    });
    return pool.preparedQuery("""
            INSERT INTO traffic_quota_usage (app_id, period, period_start, used) VALUES ($1, $2, $3, $4)
            ON CONFLICT (app_id, period, period_start) DO UPDATE SET used = EXCLUDED.used, updated_at = now()
              WHERE traffic_quota_usage.used < EXCLUDED.used""")
        .executeBatch(rows).mapEmpty();
  }

  /** Every channel's stored counts of this day and month. */
  Future<Map<String, QuotaUsage>> load(String day, String month) {
    return pool.preparedQuery("""
            SELECT app_id, period, used FROM traffic_quota_usage
             WHERE (period = 'DAY' AND period_start = $1) OR (period = 'MONTH' AND period_start = $2)""")
        .execute(Tuple.of(LocalDate.parse(day), TrafficCalendar.monthStart(month)))
        .map(rows -> {
          Map<String, QuotaUsage> out = new HashMap<>();
          for (Row r : rows) {
            QuotaUsage u = out.getOrDefault(r.getString("app_id"), QuotaUsage.empty(day, month));
            long used = r.getLong("used");
            out.put(r.getString("app_id"), "DAY".equals(r.getString("period"))
                ? new QuotaUsage(day, used, month, u.monthUsed()) : new QuotaUsage(day, u.dayUsed(), month, used));
          }
          return out;
        });
  }
}
