package hpf.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * Failed operator sign-ins per source address, counted in fixed windows across the cluster (table
 * {@code operator_login_source}): past the limit a source is refused before any password is checked, so spraying
 * many accounts from one address is bounded even where no single account reaches its lockout. A success does not
 * clear the count (one known account must not launder guesses at the others).
 */
public final class OperatorSources {

  private final Pool pool;
  private final OperatorPolicy policy;

  public OperatorSources(Pool pool, OperatorPolicy policy) {
    this.pool = pool;
    this.policy = policy;
  }

  /** Seconds until this source may try again; 0 when it may now. */
  public Future<Long> retryAfter(String source, Instant now) {
    return pool.preparedQuery("SELECT window_started_at, failures FROM operator_login_source WHERE source = $1")
        .execute(Tuple.of(source))
        .map(rows -> {
          if (rows.size() == 0) {
            return 0L;
          }
          var row = rows.iterator().next();
          Instant windowEnd = row.getOffsetDateTime("window_started_at").toInstant().plus(policy.sourceWindow());
          boolean over = row.getInteger("failures") >= policy.sourceMaxFailures() && windowEnd.isAfter(now);
          return over ? Math.max(1L, windowEnd.getEpochSecond() - now.getEpochSecond()) : 0L;
        });
  }

  /** Counts one failure of this source: a window older than the setting starts over. */
  public Future<Void> fail(String source, Instant now) {
    Instant windowStart = now.minus(policy.sourceWindow());
    return pool.preparedQuery("""
            INSERT INTO operator_login_source AS s (source, window_started_at, failures) VALUES ($1, $2, 1)
            ON CONFLICT (source) DO UPDATE SET
              failures = CASE WHEN s.window_started_at <= $3 THEN 1 ELSE s.failures + 1 END,
              window_started_at = CASE WHEN s.window_started_at <= $3 THEN $2 ELSE s.window_started_at END""")
        .execute(Tuple.of(source, Operators.utc(now), Operators.utc(windowStart)))
        // Old windows go, so the table holds only the sources that failed recently.
        .compose(v -> pool.preparedQuery("DELETE FROM operator_login_source WHERE window_started_at <= $1")
            .execute(Tuple.of(Operators.utc(windowStart))))
        .mapEmpty();
  }
}
