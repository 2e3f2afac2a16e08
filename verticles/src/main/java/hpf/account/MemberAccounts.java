package hpf.account;

import hpf.kit.BusinessTime;
import hpf.kit.Money;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import hpf.ledger.LedgerQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * The {@code member_account} table: accounts opened by an employer (增员) or for a flexible employment depositor
 * (灵活就业, depositor type FLEXIBLE, no employer), and their state. Owns its SQL.
 */
final class MemberAccounts {

  private final Ledger ledger;
  private final Clock clock;

  MemberAccounts(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * Opens a normal account for the person at the employer (null: a flexible depositor's own account), with its
   * ledger account, in the caller's transaction. A person has at most one normal account (a unique index decides
   * under concurrency).
   */
  Future<JsonObject> open(SqlConnection conn, String personId, String employerId, ContributionRules.Monthly monthly,
                          LocalDate openedOn) {
    return conn.query("SELECT 'A' || lpad(nextval('member_account_number')::text, 9, '0') AS no").execute()
        .compose(next -> {
          String accountNo = next.iterator().next().getString("no");
          String ledgerAccount = "MBR:" + accountNo;
          return ledger.openAccount(conn, ledgerAccount, "MEMBER", Ledger.Side.CREDIT, false, "个人账户 " + accountNo)
              .compose(v -> conn.preparedQuery("""
                      INSERT INTO member_account (account_no, person_id, employer_id, base, monthly_employer,
                                                  monthly_member, opened_on, ledger_account, depositor_type)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *""")
                  .execute(Tuple.from(new Object[] {accountNo, personId, employerId, monthly.base().toYuan(),
                      monthly.employerShare().toYuan(), monthly.memberShare().toYuan(), openedOn, ledgerAccount,
                      depositorType(employerId)})))
              .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                  ? Future.failedFuture(new ProblemException(AccountProblems.MEMBER_ALREADY_ACTIVE))
                  : Future.failedFuture(e))
              .map(rows -> toJson(rows.iterator().next(), Money.ZERO));
        });
  }

  /** What adding a person to an employer did: a new account, or the person's sealed account unsealed (启封). */
  record Added(JsonObject account, boolean unsealed) {}

  /**
   * Adds the person to the employer (增员), in the caller's transaction: a person with a normal account is refused;
   * a person with a sealed account at this center gets that account back, moved to this employer and normal again
   * with the new terms (its balance and ledger account stay); anyone else gets a new account. The person's accounts
   * are locked first, so concurrent additions of one person do one of these once. A null employer registers the
   * person as a flexible depositor (灵活就业) the same way: a sealed account is reused, without an employer.
   */
  Future<Added> openOrUnseal(SqlConnection conn, String personId, String employerId, ContributionRules.Monthly monthly,
                             LocalDate openedOn, Actor actor) {
    return conn.preparedQuery("""
            SELECT * FROM member_account WHERE person_id = $1 AND status IN ('01', '02')
             ORDER BY (status = '01') DESC, opened_on DESC, account_no DESC LIMIT 1 FOR UPDATE""")
        .execute(Tuple.of(personId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return open(conn, personId, employerId, monthly, openedOn).map(account -> new Added(account, false));
          }
          Row current = rows.iterator().next();
          return "01".equals(current.getString("status"))
              ? Future.failedFuture(new ProblemException(AccountProblems.MEMBER_ALREADY_ACTIVE))
              : unseal(conn, current, employerId, monthly, actor).map(account -> new Added(account, true));
        });
  }

  private Future<JsonObject> unseal(SqlConnection conn, Row sealed, String employerId, ContributionRules.Monthly monthly,
                                    Actor actor) {
    String accountNo = sealed.getString("account_no");
    return conn.preparedQuery("""
            UPDATE member_account SET employer_id = $2, status = '01', base = $3, monthly_employer = $4,
                   monthly_member = $5, depositor_type = $6
             WHERE account_no = $1 AND status = '02' RETURNING *""")
        .execute(Tuple.of(accountNo, employerId, monthly.base().toYuan(), monthly.employerShare().toYuan(),
            monthly.memberShare().toYuan(), depositorType(employerId)))
        .compose(updated -> {
          var event = new MemberAccountEvents.Event(accountNo, "UNSEALED", "04", employerId,
              sealed.getString("employer_id"), "01", MemberAccountEvents.terms(sealed), monthly, null, null, null, null);
          Row row = updated.iterator().next();
          return MemberAccountEvents.append(conn, List.of(event), actor)
              .compose(v -> ledger.balance(conn, row.getString("ledger_account")))
              .map(balance -> toJson(row, balance));
        });
  }

  private static String depositorType(String employerId) {
    return employerId == null ? "FLEXIBLE" : "EMPLOYEE";
  }

  /**
   * Seals an employer's normal account (减员 → 封存, status 02); the balance stays and keeps earning interest, and
   * the person may be added by another employer. A 404 problem when the employer has no such account, 422 when
   * it is not normal. The sealing is kept in the account's history.
   */
  Future<JsonObject> seal(SqlConnection conn, String employerId, String accountNo, Actor actor) {
    return conn.preparedQuery("SELECT * FROM member_account WHERE account_no = $1 AND employer_id = $2 FOR UPDATE")
        .execute(Tuple.of(accountNo, employerId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(AccountProblems.ACCOUNT_NOT_FOUND));
          }
          Row current = rows.iterator().next();
          if (!"01".equals(current.getString("status"))) {
            return Future.failedFuture(new ProblemException(AccountProblems.MEMBER_NOT_NORMAL));
          }
          ContributionRules.Monthly terms = MemberAccountEvents.terms(current);
          return conn.preparedQuery("UPDATE member_account SET status = '02' WHERE account_no = $1 RETURNING *")
              .execute(Tuple.of(accountNo))
              .compose(updated -> MemberAccountEvents.append(conn, List.of(MemberAccountEvents.Event.of(accountNo,
                      "SEALED", "05", employerId, "02", terms, terms)), actor)
                  .compose(v -> ledger.balance(conn, updated.iterator().next().getString("ledger_account")))
                  .map(balance -> toJson(updated.iterator().next(), balance)));
        });
  }

  /** The person's normal account (else the newest), with its ledger balance; a 404 problem when none. */
  Future<JsonObject> ofPerson(SqlClient sql, String personId) {
    // Brought forward (上年结转): the balance at the close of the last settled interest year (its 6/30, interest
    // included); the rest is this year's (当年归集). Paid through: the last month a paid remittance list or a flexible
    // deposit (灵活就业自愿缴存) credited it.
    LocalDate broughtForwardOn = lastYearEnd(BusinessTime.today(clock));
    return sql.preparedQuery("""
            SELECT m.*,
                   greatest((SELECT max(l.month) FROM remittance_line l JOIN remittance r USING (employer_id, month)
                              WHERE l.account_no = m.account_no AND r.status = 'PAID'),
                            (SELECT max(d.month) FROM flexible_deposit d WHERE d.account_no = m.account_no)) AS paid_through
              FROM member_account m
             WHERE m.person_id = $1 ORDER BY (m.status = '01') DESC, m.opened_on DESC, m.account_no DESC LIMIT 1""")
        .execute(Tuple.of(personId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(AccountProblems.ACCOUNT_NOT_FOUND));
          }
          Row row = rows.iterator().next();
          String ledgerAccount = row.getString("ledger_account");
          Future<Money> balance = ledger.balance(sql, ledgerAccount);
          Future<Money> broughtForward = LedgerQueries.netThrough(sql, ledgerAccount, broughtForwardOn);
          return Future.all(balance, broughtForward)
              .map(done -> toJson(row, balance.result(), broughtForward.result()));
        });
  }

  /**
   * A page of the account's movements (缴存明细), newest first: business date, business type (JGJ/T 320 A.5),
   * direction and amount, as the ledger records them; the total counts every movement.
   */
  Future<JsonObject> entries(SqlClient sql, String personId, int page, int size) {
    return ofPerson(sql, personId).compose(account -> {
      String ledgerAccount = "MBR:" + account.getString("accountNo");
      Future<io.vertx.core.json.JsonArray> items = LedgerQueries.movements(sql, ledgerAccount, size, (long) (page - 1) * size)
          .map(rows -> {
            io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
            rows.forEach(r -> list.add(new JsonObject()
                .put("businessDate", r.businessDate().toString())
                .put("businessType", r.businessType())
                .put("direction", r.side() == Ledger.Side.CREDIT ? "IN" : "OUT")
                .put("amount", r.amount().toString())
                .put("memo", r.memo())));
            return list;
          });
      Future<Long> total = LedgerQueries.movementCount(sql, ledgerAccount);
      return Future.all(items, total).map(done -> new JsonObject().put("accountNo", account.getString("accountNo"))
          .put("items", items.result()).put("page", page).put("size", size).put("total", total.result()));
    });
  }

  /** The last 6/30 that closed an interest year before {@code today} (on 6/30 itself the year still runs). */
  static LocalDate lastYearEnd(LocalDate today) {
    return LocalDate.of(today.getMonthValue() >= 7 ? today.getYear() : today.getYear() - 1, 6, 30);
  }

  private static JsonObject toJson(Row row, Money balance) {
    return basics(row, balance);
  }

  private static JsonObject toJson(Row row, Money balance, Money broughtForward) {
    JsonObject json = basics(row, balance);
    json.put("broughtForward", broughtForward.toString()).put("currentYear", balance.minus(broughtForward).toString());
    if (row.getString("paid_through") != null) {
      json.put("paidThrough", row.getString("paid_through"));
    }
    return json;
  }

  private static JsonObject basics(Row row, Money balance) {
    return new JsonObject()
        .put("accountNo", row.getString("account_no"))
        .put("personId", row.getString("person_id"))
        .put("employerId", row.getString("employer_id"))
        .put("depositorType", row.getString("depositor_type"))
        .put("status", row.getString("status"))
        .put("base", Money.of(row.getBigDecimal("base")).toString())
        .put("monthlyEmployer", Money.of(row.getBigDecimal("monthly_employer")).toString())
        .put("monthlyMember", Money.of(row.getBigDecimal("monthly_member")).toString())
        .put("openedOn", row.getLocalDate("opened_on").toString())
        .put("balance", balance.toString());
  }

  /**
   * The annual statement (年度对账单) of the interest year ending 6/30 of {@code year}: balance brought forward,
   * money in and out by business type (JGJ/T 320 A.5) from the ledger by business date, and the closing balance.
   */
  Future<JsonObject> annualStatement(SqlClient sql, String personId, int year) {
    LocalDate from = LocalDate.of(year - 1, 7, 1);
    LocalDate to = LocalDate.of(year, 6, 30);
    return ofPerson(sql, personId).compose(account -> LedgerQueries.byTypeBetween(sql, "MBR:" + account.getString("accountNo"),
            from, to)
        .map(rows -> {
          Money opening = Money.ZERO;
          Money in = Money.ZERO;
          Money out = Money.ZERO;
          io.vertx.core.json.JsonArray lines = new io.vertx.core.json.JsonArray();
          for (var row : rows) {
            Money typeIn = row.in();
            Money typeOut = row.out();
            opening = opening.plus(row.before());
            in = in.plus(typeIn);
            out = out.plus(typeOut);
            if (typeIn.isPositive() || typeOut.isPositive()) {
              lines.add(new JsonObject().put("businessType", row.businessType())
                  .put("in", typeIn.toString()).put("out", typeOut.toString()));
            }
          }
          return new JsonObject().put("accountNo", account.getString("accountNo")).put("year", year)
              .put("from", from.toString()).put("to", to.toString()).put("opening", opening.toString())
              .put("in", in.toString()).put("out", out.toString()).put("closing", opening.plus(in).minus(out).toString())
              .put("lines", lines);
        }));
  }
}
