package hpf.account;

import hpf.ledger.Ledger;
import hpf.ledger.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;

/**
 * Closing a member account (销户: by withdrawal, or by transfer-out to another center): interest accrues by the daily-balance method from the start of the interest year
 * (7/1) to the day before the closing date and is credited with the closing (business type 09, ref
 * {@code closing-interest:<account>}); the account takes status 05 (提取销户). The annual settlement skips an account
 * with such an unreversed credit in its year, so the same days never earn twice. A closing undone before payment
 * reverses the credit and reopens the account.
 */
public final class AccountClosing {

  /** Status 05 提取销户 (JGJ/T 320 A.6). */
  public static final String WITHDRAWN_CLOSED = "05";
  private static final String NORMAL = "01";

  private final Ledger ledger = new Ledger();

  /** The interest a closing on {@code closingDate} credits, posted now; zero when nothing accrued. */
  public Future<Accrued> accrueInterest(SqlConnection conn, String accountNo, String ledgerAccount,
                                        LocalDate closingDate, String closingRef) {
    LocalDate through = closingDate.minusDays(1);
    LocalDate yearStart = LocalDate.of(closingDate.getMonthValue() >= 7 ? closingDate.getYear() : closingDate.getYear() - 1, 7, 1);
    if (through.isBefore(yearStart)) {
      return Future.succeededFuture(new Accrued(Money.ZERO, null));
    }
    return new Policies(conn).asOf(closingDate)
        .compose(policy -> InterestSettlement.interestOf(conn, ledgerAccount, yearStart, through,
            policy.decimal("interest.rate.annual"), Integer.parseInt(policy.text("interest.day_basis"))))
        .compose(interest -> !interest.isPositive() ? Future.succeededFuture(new Accrued(Money.ZERO, null))
            : ledger.post(conn, new Ledger.Posting("09", "closing-interest:" + accountNo, "closing-interest:" + closingRef,
                    closingDate, "销户结息 " + yearStart + " 至 " + through, List.of(
                        new Ledger.Entry(InterestSettlement.INTEREST_EXPENSE, Ledger.Side.DEBIT, interest),
                        new Ledger.Entry(ledgerAccount, Ledger.Side.CREDIT, interest))))
                .map(posted -> new Accrued(interest, posted.txnId())));
  }

  /** Interest credited on closing and its transaction (null when nothing accrued). */
  public record Accrued(Money interest, java.util.UUID txnId) {}

  /** Marks a normal account closed by withdrawal; false when it was not normal any more. */
  public Future<Boolean> close(SqlConnection conn, String accountNo) {
    return change(conn, accountNo, NORMAL, WITHDRAWN_CLOSED);
  }

  /** Undoes {@link #close} for a closing cancelled before payment. */
  public Future<Boolean> reopen(SqlConnection conn, String accountNo) {
    return change(conn, accountNo, WITHDRAWN_CLOSED, NORMAL);
  }

  /** Moves the account from one status to another; false when it was not in the first any more. */
  Future<Boolean> change(SqlConnection conn, String accountNo, String from, String to) {
    return conn.preparedQuery("UPDATE member_account SET status = $2 WHERE account_no = $1 AND status = $3")
        .execute(Tuple.of(accountNo, to, from)).map(rows -> rows.rowCount() == 1);
  }

  static Future<Boolean> closedWithInterestBetween(SqlConnection conn, String accountNo, LocalDate from, LocalDate to) {
    return conn.preparedQuery("""
            SELECT 1 FROM ledger_transaction t
             WHERE t.business_ref = $1 AND t.business_date BETWEEN $2 AND $3
               AND NOT EXISTS (SELECT 1 FROM ledger_transaction r WHERE r.reverses = t.txn_id)""")
        .execute(Tuple.of("closing-interest:" + accountNo, from, to)).map(rows -> rows.size() > 0);
  }
}
