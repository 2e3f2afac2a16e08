package hpf.ledger;

import hpf.kit.Money;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The kept balance of an account: the sum of its rows in ledger_balance, one per bucket. An ordinary account has one
 * bucket; a hot one (a center account every member's posting touches, {@code ledger_account.buckets} > 1) has several,
 * so postings on different connections change different rows and do not wait for each other's row lock.
 *
 * <p>The non-negative guard of a guarded account holds on every bucket, so it holds on their sum. A posting changes the
 * bucket of its database connection ({@code pg_backend_pid() % buckets}: every posting of one transaction takes the
 * same bucket, and concurrent transactions spread over the buckets), with the guard in the same statement as for an
 * ordinary account. When that bucket alone cannot take a debit, the posting locks the account's other buckets, checks
 * the guard on their sum and gathers the result into its bucket (the others it locked become 0): first those no other
 * transaction holds, then, if that is not enough, all of them in bucket order. A debit is refused only when the
 * account as a whole cannot take it.
 */
final class Balances {

  /** What a posting needs to know of an account: its normal side, whether it may go negative, how many buckets. */
  record Account(Ledger.Side normalSide, boolean allowNegative, int buckets) {}

  private static final String CHANGE_OWN_BUCKET = """
      UPDATE ledger_balance SET balance = balance + $2, updated_at = now()
       WHERE account_id = $1 AND bucket = pg_backend_pid() % $3 AND ($4 OR balance + $2 >= 0)""";

  /*
   * Gathers the account's buckets into this connection's bucket and applies the delta there, guarded on their sum.
   * FOR UPDATE returns each bucket's newest committed value, so the sum is exact for the rows locked; the UPDATE follows
   * those rows to the same versions and changes only them (every bucket stays non-negative). Nothing changes unless
   * the connection's own bucket is among them (the sum is never written nowhere). Taken twice: first the buckets no other
   * transaction holds (SKIP LOCKED: a payout does not wait for the withdrawals in flight, and cannot deadlock), then,
   * if those are not enough, all of them in bucket order (as postings take accounts in account order).
   */
  private static final String GATHER = """
      WITH locked AS (SELECT bucket, balance FROM ledger_balance WHERE account_id = $1 ORDER BY bucket FOR UPDATE {wait}),
           total AS (SELECT sum(balance) + $2 AS balance, bool_or(bucket = pg_backend_pid() % $3) AS has_own,
                            array_agg(bucket) AS buckets FROM locked)
      UPDATE ledger_balance b
         SET balance = CASE WHEN b.bucket = pg_backend_pid() % $3 THEN t.balance ELSE 0 END, updated_at = now()
        FROM total t
       WHERE b.account_id = $1 AND b.bucket = ANY (t.buckets) AND t.has_own AND ($4 OR t.balance >= 0)""";
  private static final String GATHER_FREE = GATHER.replace("{wait}", "SKIP LOCKED");
  private static final String GATHER_ALL = GATHER.replace(" {wait}", "");

  private Balances() {}

  /** The account's balance: the sum of its buckets (zero for an account without balance rows). */
  static Future<Money> of(SqlClient sql, String accountId) {
    return sql.preparedQuery("SELECT coalesce(sum(balance), 0) AS balance FROM ledger_balance WHERE account_id = $1")
        .execute(Tuple.of(accountId)).map(rows -> Money.of(rows.iterator().next().getBigDecimal("balance")));
  }

  /** Adds to the balance unless that would take a guarded account below zero (INSUFFICIENT_BALANCE). */
  static Future<Void> add(SqlConnection conn, String accountId, Account account, Money delta) {
    Tuple args = Tuple.of(accountId, delta.toYuan(), account.buckets(), account.allowNegative());
    return conn.preparedQuery(CHANGE_OWN_BUCKET).execute(args)
        .compose(rows -> {
          if (rows.rowCount() == 1) {
            return Future.succeededFuture();
          }
          if (account.buckets() == 1) {
            return Future.failedFuture(new ProblemException(Ledger.INSUFFICIENT_BALANCE));
          }
          return conn.preparedQuery(GATHER_FREE).execute(args)
              .compose(free -> free.rowCount() > 0 ? Future.succeededFuture(free)
                  : conn.preparedQuery(GATHER_ALL).execute(args))
              .compose(gathered -> gathered.rowCount() > 0 ? Future.<Void>succeededFuture()
                  : Future.failedFuture(new ProblemException(Ledger.INSUFFICIENT_BALANCE)));
        });
  }
}
