package hpf.account;

import hpf.kit.BusinessTime;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly remittance lists (汇缴清册) and their payment: a list covers every normal member account of the
 * employer for the next unpaid month; paying it credits every member in one ledger transaction (debit the
 * center's bank account, or the employers' suspense when a suspense item is claimed) and moves the employer's
 * paid-through month. Owns the remittance SQL.
 */
final class Remittances {

  /** The center's bank account (专户), opened by migration V23; the name {@link Funds} uses too. */
  static final String CENTER_BANK = Funds.CENTER_BANK;
  static final Problem MONTH_NOT_NEXT = new Problem(422, "REMITTANCE_MONTH_NOT_NEXT", "汇缴月份不连续",
      "汇缴须按月份顺序逐月办理，不能跳月；请先办理应缴的下一个月份。");
  static final Problem NO_MEMBERS = new Problem(422, "REMITTANCE_NO_MEMBERS", "单位无正常缴存职工",
      "该单位没有正常状态的个人账户，无需汇缴。");
  static final Problem NOT_FOUND = new Problem(404, "REMITTANCE_NOT_FOUND", "汇缴清册不存在", "未找到该月份的汇缴清册。");
  static final Problem ALREADY_PAID = new Problem(409, "REMITTANCE_ALREADY_PAID", "该月已汇缴", "该月份的汇缴清册已入账。");
  static final Problem AMOUNT_MISMATCH = new Problem(422, "REMITTANCE_AMOUNT_MISMATCH", "到账金额与清册不符",
      "到账金额须与清册合计一致；不符的款项请登记为暂收款，核实后认领到相应清册或退回付款人。");

  private final Ledger ledger;
  private final Clock clock;

  Remittances(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  /** Creates the list for {@code month}, which must be the employer's next month to pay. */
  Future<JsonObject> create(SqlConnection conn, Employers.Employer employer, YearMonth month) {
    YearMonth next = employer.paidThrough() == null ? YearMonth.from(employer.openedOn())
        : YearMonth.parse(employer.paidThrough()).plusMonths(1);
    if (!month.equals(next)) {
      return Future.failedFuture(new ProblemException(MONTH_NOT_NEXT));
    }
    return conn.preparedQuery("""
            SELECT m.account_no, m.monthly_employer, m.monthly_member FROM member_account m
             WHERE m.employer_id = $1 AND m.status = '01'
               -- A month is owed once per person: not again when another employer's list, a supplement or a flexible
               -- deposit has it.
               AND NOT EXISTS (SELECT 1 FROM remittance_line l WHERE l.account_no = m.account_no AND l.month = $2)
               AND NOT EXISTS (SELECT 1 FROM supplement_line s WHERE s.person_id = m.person_id AND s.month = $2
                                  AND s.active)
               AND NOT EXISTS (SELECT 1 FROM flexible_deposit f WHERE f.person_id = m.person_id AND f.month = $2)
             ORDER BY m.account_no
             -- Shared locks: an account being closed right now is waited for, then seen closed and left out.
             FOR SHARE OF m""")
        .execute(Tuple.of(employer.employerId(), month.toString()))
        .compose(members -> {
          if (members.size() == 0) {
            return Future.failedFuture(new ProblemException(NO_MEMBERS));
          }
          List<Tuple> lines = new ArrayList<>();
          Money total = Money.ZERO;
          for (Row m : members) {
            lines.add(Tuple.of(employer.employerId(), month.toString(), m.getString("account_no"),
                m.getBigDecimal("monthly_employer"), m.getBigDecimal("monthly_member")));
            total = total.plus(Money.of(m.getBigDecimal("monthly_employer"))).plus(Money.of(m.getBigDecimal("monthly_member")));
          }
          Money sum = total;
          return conn.preparedQuery("""
                  INSERT INTO remittance (employer_id, month, status, total, member_count) VALUES ($1, $2, 'DUE', $3, $4)
                  ON CONFLICT DO NOTHING""")
              .execute(Tuple.of(employer.employerId(), month.toString(), sum.toYuan(), members.size()))
              .compose(inserted -> inserted.rowCount() == 0 ? Future.succeededFuture()
                  : conn.preparedQuery("""
                        INSERT INTO remittance_line (employer_id, month, account_no, employer_share, member_share)
                        VALUES ($1, $2, $3, $4, $5)""").executeBatch(lines).mapEmpty())
              .compose(v -> read(conn, employer.employerId(), month));
        });
  }

  /**
   * Records the payment of a list: a payment received (the staff stand-in for the bank's notification) or a claimed
   * suspense item. Every member is credited in one ledger transaction, the list is marked paid and the employer's
   * paid-through month moves. The list row is locked, so concurrent payments find it paid.
   */
  Future<JsonObject> pay(SqlConnection conn, String employerId, YearMonth month, Funds funds) {
    return conn.preparedQuery("SELECT status, total FROM remittance WHERE employer_id = $1 AND month = $2 FOR UPDATE")
        .execute(Tuple.of(employerId, month.toString()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(NOT_FOUND));
          }
          Row list = rows.iterator().next();
          if ("PAID".equals(list.getString("status"))) {
            return Future.failedFuture(new ProblemException(ALREADY_PAID));
          }
          // A list being collected by direct debit takes that money only: a transfer too would pay it twice.
          if ("COLLECTING".equals(list.getString("status")) != funds.collected()) {
            return Future.failedFuture(new ProblemException(funds.collected() ? DirectDebits.NOT_COLLECTING
                : DirectDebits.BEING_COLLECTED));
          }
          if (!Money.of(list.getBigDecimal("total")).equals(funds.amount())) {
            return Future.failedFuture(new ProblemException(funds.mismatch()));
          }
          return conn.preparedQuery("""
                  SELECT l.employer_share + l.member_share AS amount, m.ledger_account
                    FROM remittance_line l JOIN member_account m ON m.account_no = l.account_no
                   WHERE l.employer_id = $1 AND l.month = $2 ORDER BY l.account_no""")
              .execute(Tuple.of(employerId, month.toString()))
              // Business type 01 汇缴 (JGJ/T 320 A.5); one list is paid once, whatever the funds: its id is the key.
              .compose(lines -> ledger.post(conn, new Ledger.Posting("01", "remittance:" + employerId + ":" + month,
                  "remittance:" + employerId + ":" + month, BusinessTime.today(clock),
                  "汇缴 " + month, funds.entries(lines))))
              .compose(posted -> conn.preparedQuery("""
                      UPDATE remittance SET status = 'PAID', paid_at = now(), ledger_txn = $3
                       WHERE employer_id = $1 AND month = $2""")
                  .execute(Tuple.of(employerId, month.toString(), posted.txnId())))
              .compose(v -> conn.preparedQuery("UPDATE employer SET paid_through = $2 WHERE employer_id = $1")
                  .execute(Tuple.of(employerId, month.toString())))
              .compose(v -> read(conn, employerId, month));
        });
  }

  Future<JsonObject> read(SqlConnection conn, String employerId, YearMonth month) {
    return conn.preparedQuery("""
            SELECT r.status, r.total, r.member_count, l.account_no, l.employer_share, l.member_share
              FROM remittance r JOIN remittance_line l ON l.employer_id = r.employer_id AND l.month = r.month
             WHERE r.employer_id = $1 AND r.month = $2 ORDER BY l.account_no""")
        .execute(Tuple.of(employerId, month.toString()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(NOT_FOUND));
          }
          JsonArray lines = new JsonArray();
          Row first = rows.iterator().next();
          rows.forEach(r -> lines.add(new JsonObject().put("accountNo", r.getString("account_no"))
              .put("employerShare", Money.of(r.getBigDecimal("employer_share")).toString())
              .put("memberShare", Money.of(r.getBigDecimal("member_share")).toString())));
          return Future.succeededFuture(new JsonObject().put("employerId", employerId).put("month", month.toString())
              .put("status", first.getString("status")).put("total", Money.of(first.getBigDecimal("total")).toString())
              .put("memberCount", first.getInteger("member_count")).put("lines", lines));
        });
  }
}
