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
 * ordinary account. When that bucket alone cannot take a debit, the posting locks all the account's buckets in bucket
 * order, checks the guard on their sum and gathers the result into its bucket (the other buckets become 0): a debit is
 * refused only when the account as a whole cannot take it.
 */
final class Balances {

  /** What a posting needs to know of an account: its normal side, whether it may go negative, how many buckets. */
  record Account(Ledger.Side normalSide, boolean allowNegative, int buckets) {}

  private static final String CHANGE_OWN_BUCKET = """
      UPDATE ledger_balance SET balance = balance + $2, updated_at = now()
       WHERE account_id = $1 AND bucket = pg_backend_pid() % $3 AND ($4 OR balance + $2 >= 0)""";

  /*
   * Locks every bucket in bucket order (as any posting locks accounts in account order: no deadlock between postings),
   * then writes the guarded sum into this connection's bucket. FOR UPDATE returns each bucket's newest committed value,
   * so the sum is exact while the locks are held; the UPDATE follows those rows to the same versions. Nothing changes
   * unless the connection's own bucket exists (the sum is never written nowhere).
   */
  private static final String GATHER_BUCKETS = """
      WITH locked AS (SELECT bucket, balance FROM ledger_balance WHERE account_id = $1 ORDER BY bucket FOR UPDATE),
           total AS (SELECT sum(balance) + $2 AS balance, bool_or(bucket = pg_backend_pid() % $3) AS has_own FROM locked)
      UPDATE ledger_balance b
         SET balance = CASE WHEN b.bucket = pg_backend_pid() % $3 THEN t.balance ELSE 0 END, updated_at = now()
        FROM total t
       WHERE b.account_id = $1 AND t.has_own AND ($4 OR t.balance >= 0)""";

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
          return conn.preparedQuery(GATHER_BUCKETS).execute(args)
              .compose(gathered -> gathered.rowCount() > 0 ? Future.<Void>succeededFuture()
                  : Future.failedFuture(new ProblemException(Ledger.INSUFFICIENT_BALANCE)));
        });
  }
}
