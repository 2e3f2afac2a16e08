package hpf.account;

import hpf.identity.People;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The one lock order of a member's money and cards: the person (hpf.identity), then the member account(s), then the
 * ledger (the postings lock its balances). Every writer of a member takes its locks through here, in this order, so
 * two writers of one member wait for each other instead of deadlocking. Runs in the caller's transaction.
 */
public final class MemberLocks {

  /** A member account locked for the rest of the transaction, with its holder's name. */
  public record Locked(String accountNo, String ledgerAccount, String status, String name) {}

  private MemberLocks() {}

  /** Locks the person (the first lock of the order); false when there is no such person. */
  public static Future<Boolean> person(SqlConnection conn, String personId) {
    return People.lock(conn, personId);
  }

  /** Locks the person, then every account of the person in account-number order. */
  public static Future<Void> personAndAccounts(SqlConnection conn, String personId) {
    return person(conn, personId)
        .compose(v -> conn.preparedQuery("SELECT 1 FROM member_account WHERE person_id = $1 ORDER BY account_no FOR UPDATE")
            .execute(Tuple.of(personId)))
        .mapEmpty();
  }

  /**
   * Locks the person, then the person's current account: the normal one, else the sealed one, else the newest. Null
   * when the person has no account (or is unknown).
   */
  public static Future<Locked> personAndCurrentAccount(SqlConnection conn, String personId) {
    return person(conn, personId)
        .compose(v -> conn.preparedQuery("""
            SELECT account_no, ledger_account, status FROM member_account
             WHERE person_id = $1 ORDER BY (status = '01') DESC, (status = '02') DESC, opened_on DESC, account_no DESC
             LIMIT 1 FOR UPDATE""")
            .execute(Tuple.of(personId)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          Row row = rows.iterator().next();
          return People.name(conn, personId).map(name -> new Locked(row.getString("account_no"),
              row.getString("ledger_account"), row.getString("status"), name));
        });
  }

  /** Locks one account by its number, for a change that does not start from the person (a bank's answer). */
  public static Future<Void> account(SqlConnection conn, String accountNo) {
    return conn.preparedQuery("SELECT 1 FROM member_account WHERE account_no = $1 FOR UPDATE")
        .execute(Tuple.of(accountNo)).mapEmpty();
  }
}
