package hpf.account;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.ledger.LedgerQueries;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Annual interest settlement (年终结息) on 6/30: for every member account, interest on the daily balances of the
 * interest year (7/1 – 6/30) from the ledger's entries by business date, credited as business type 09 (debit
 * interest expense). Each account settles in its own transaction with the key {@code interest:<account>:<date>},
 * so running the job again for the same date changes nothing.
 */
final class InterestSettlement {

  static final String INTEREST_EXPENSE = "INTEREST:expense";
  private static final int BATCH = 500;

  /** What a run did. */
  record Report(long accounts, long credited, Money total) {
    JsonObject toJson(LocalDate date) {
      return new JsonObject().put("settlementDate", date.toString()).put("accounts", accounts)
          .put("credited", credited).put("totalInterest", total.toString());
    }
  }

  private final Pool pool;
  private final Ledger ledger = new Ledger();

  InterestSettlement(Pool pool) {
    this.pool = pool;
  }

  Future<Report> run(LocalDate settlementDate, BigDecimal annualRate, int dayBasis) {
    Promise<Report> done = Promise.promise();
    pool.withTransaction(conn -> ledger.openAccount(conn, INTEREST_EXPENSE, "INTEREST_EXPENSE", Ledger.Side.DEBIT,
            false, "利息支出"))
        .onFailure(done::fail)
        .onSuccess(v -> batch("", settlementDate, annualRate, dayBasis, new Report(0, 0, Money.ZERO), done));
    return done.future();
  }

  private void batch(String after, LocalDate date, BigDecimal rate, int basis, Report soFar, Promise<Report> done) {
    pool.preparedQuery("SELECT account_no, ledger_account FROM member_account WHERE account_no > $1 "
            + "ORDER BY account_no LIMIT $2")
        .execute(Tuple.of(after, BATCH))
        .onFailure(done::fail)
        .onSuccess(rows -> {
          List<String[]> accounts = new ArrayList<>();
          rows.forEach(r -> accounts.add(new String[] {r.getString("account_no"), r.getString("ledger_account")}));
          Future<Report> chain = Future.succeededFuture(soFar);
          for (String[] account : accounts) {
            chain = chain.compose(report -> pool.withTransaction(conn -> settle(conn, account[0], account[1], date, rate, basis))
                .map(interest -> new Report(report.accounts() + 1, report.credited() + (interest.isPositive() ? 1 : 0),
                    report.total().plus(interest))));
          }
          chain.onFailure(done::fail).onSuccess(report -> {
            if (accounts.size() < BATCH) {
              done.complete(report);
            } else {
              batch(accounts.get(accounts.size() - 1)[0], date, rate, basis, report, done);
            }
          });
        });
  }

  /** Interest of one account for the year ending on {@code date}, posted when positive; answers the amount. */
  private Future<Money> settle(SqlConnection conn, String accountNo, String ledgerAccount, LocalDate date,
                               BigDecimal rate, int basis) {
    LocalDate yearStart = date.minusYears(1).plusDays(1);
    // An account closed during the year was paid its interest to the closing date then (AccountClosing).
    return AccountClosing.closedWithInterestSince(conn, accountNo, yearStart)
        .compose(closed -> closed ? Future.succeededFuture(Money.ZERO)
            : interestOf(conn, ledgerAccount, yearStart, date, rate, basis))
        .compose(interest -> {
          if (!interest.isPositive()) {
            return Future.succeededFuture(Money.ZERO);
          }
          // Business type 09 年终结息 (JGJ/T 320 A.5).
          return ledger.post(conn, new Ledger.Posting("09", "interest:" + accountNo, "interest:" + accountNo + ":" + date,
                  date, "年终结息 " + date, List.of(
                      new Ledger.Entry(INTEREST_EXPENSE, Ledger.Side.DEBIT, interest),
                      new Ledger.Entry(ledgerAccount, Ledger.Side.CREDIT, interest))))
              .map(posted -> interest);
        });
  }

  /**
   * Daily-balance interest of a ledger account from {@code yearStart} through {@code through} (both inclusive):
   * the balance before the year, then each day's movements. An interest credit (business type 09) dated
   * {@code through} is left out, so a re-run computes the same.
   */
  static Future<Money> interestOf(SqlConnection conn, String ledgerAccount, LocalDate yearStart, LocalDate through,
                                  BigDecimal rate, int basis) {
    return LedgerQueries.dailyMovements(conn, ledgerAccount, through, "09")
        .map(rows -> {
          Money opening = Money.ZERO;
          List<InterestCalculator.Segment> segments = new ArrayList<>();
          Money running = Money.ZERO;
          for (LedgerQueries.DayMovement row : rows) {
            LocalDate day = row.day();
            running = running.plus(row.movement());
            if (day.isBefore(yearStart)) {
              opening = running;
            } else {
              segments.add(new InterestCalculator.Segment(day, running));
            }
          }
          if (segments.isEmpty() || segments.get(0).from().isAfter(yearStart)) {
            segments.add(0, new InterestCalculator.Segment(yearStart, opening));
          }
          return InterestCalculator.interest(segments, through, rate, basis).interest();
        });
  }
}
