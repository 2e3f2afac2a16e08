package hpf.account;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.ledger.LedgerQueries;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;

/**
 * Closing a member account (销户: by withdrawal, or by transfer-out to another center): interest accrues by the
 * daily-balance method from the day after the last annual credit (or the account's first day) to the day before
 * the closing date and is credited with the closing (business type 09, ref {@code closing-interest:<account>}); the
 * account takes status 05 (提取销户) or 04 (转出). The annual settlement skips an account with such an unreversed
 * credit dated in or after its year, so the same days never earn twice. A closing undone before payment
 * reverses the credit and reopens the account.
 */
public final class AccountClosing {

  /** Status 05 提取销户 (JGJ/T 320 A.6). */
  public static final String WITHDRAWN_CLOSED = "05";

  private final Ledger ledger = new Ledger();

  /**
   * The interest a closing on {@code closingDate} credits, posted now; zero when nothing accrued. It runs from the day
   * after the account's last annual interest credit (or from its opening), so a closing in early July before the
   * year's settlement ran still earns the whole of the previous year.
   */
  public Future<Accrued> accrueInterest(SqlConnection conn, String accountNo, String ledgerAccount,
                                        LocalDate closingDate, String closingRef) {
    LocalDate through = closingDate.minusDays(1);
    return accruesFrom(conn, accountNo, ledgerAccount)
        .compose(from -> {
          if (from == null || through.isBefore(from)) {
            return Future.succeededFuture(new Accrued(Money.ZERO, null));
          }
          return new Policies(conn).asOf(closingDate)
              .compose(policy -> InterestSettlement.interestOf(conn, ledgerAccount, from, through,
                  policy.decimal("interest.rate.annual"), Integer.parseInt(policy.text("interest.day_basis"))))
              .compose(interest -> !interest.isPositive() ? Future.succeededFuture(new Accrued(Money.ZERO, null))
                  : ledger.post(conn, new Ledger.Posting("09", "closing-interest:" + accountNo,
                          "closing-interest:" + closingRef, closingDate, "销户结息 " + from + " 至 " + through, List.of(
                              new Ledger.Entry(InterestSettlement.INTEREST_EXPENSE, Ledger.Side.DEBIT, interest),
                              new Ledger.Entry(ledgerAccount, Ledger.Side.CREDIT, interest))))
                      .map(posted -> new Accrued(interest, posted.txnId())));
        });
  }

  /**
   * The day after the last unreversed annual interest credit; without one, the earlier of the opening day and the
   * first movement. Null when there is no such account.
   */
  private static Future<LocalDate> accruesFrom(SqlConnection conn, String accountNo, String ledgerAccount) {
    return LedgerQueries.lastUnreversedDate(conn, "interest:" + accountNo).compose(last -> last != null
        ? Future.succeededFuture(last.plusDays(1))
        : conn.preparedQuery("SELECT opened_on FROM member_account WHERE account_no = $1").execute(Tuple.of(accountNo))
            .compose(rows -> rows.size() == 0 ? Future.succeededFuture((LocalDate) null)
                : LedgerQueries.firstMovementDate(conn, ledgerAccount).map(first -> {
                  LocalDate opened = rows.iterator().next().getLocalDate("opened_on");
                  return opened == null || first != null && first.isBefore(opened) ? first : opened;
                })));
  }

  /** Interest credited on closing and its transaction (null when nothing accrued). */
  public record Accrued(Money interest, java.util.UUID txnId) {}

  /** Marks a normal or sealed account closed by withdrawal; false when it was neither any more. */
  public Future<Boolean> close(SqlConnection conn, String accountNo, String fromStatus) {
    return change(conn, accountNo, fromStatus, WITHDRAWN_CLOSED);
  }

  /** Undoes {@link #close} for a closing cancelled before payment: the account takes its former status again. */
  public Future<Boolean> reopen(SqlConnection conn, String accountNo, String formerStatus) {
    return change(conn, accountNo, WITHDRAWN_CLOSED, formerStatus);
  }

  /** Moves the account from one status to another; false when it was not in the first any more. */
  Future<Boolean> change(SqlConnection conn, String accountNo, String from, String to) {
    return conn.preparedQuery("UPDATE member_account SET status = $2 WHERE account_no = $1 AND status = $3")
        .execute(Tuple.of(accountNo, to, from)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * Whether money is still owed into the account: a line on a remittance list not yet paid (due or being collected)
   * or on a due supplementary list. Closing such an account would leave that money with nowhere to go.
   */
  public Future<Boolean> creditsPending(SqlConnection conn, String accountNo) {
    return conn.preparedQuery("""
            SELECT 1 FROM remittance_line l JOIN remittance r USING (employer_id, month)
             WHERE l.account_no = $1 AND r.status <> 'PAID'
            UNION ALL
            SELECT 1 FROM supplement_line l JOIN supplement s USING (supplement_id)
             WHERE l.account_no = $1 AND l.active AND s.status = 'DUE'
            LIMIT 1""")
        .execute(Tuple.of(accountNo)).map(rows -> rows.size() > 0);
  }

  /**
   * Whether the account was closed with interest accrued on or after {@code from} (an unreversed closing credit, not
   * a reversal itself): the closing paid the days the annual settlement would count again.
   */
  static Future<Boolean> closedWithInterestSince(SqlConnection conn, String accountNo, LocalDate from) {
    return LedgerQueries.hasUnreversedSince(conn, "closing-interest:" + accountNo, from);
  }
}
