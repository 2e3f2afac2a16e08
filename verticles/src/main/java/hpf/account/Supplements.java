package hpf.account;

import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Supplementary lists (补缴清册): chosen members of an employer for months before its next monthly list, each
 * month's amount from the member's base and the policy in force on the first day of that month. A person's month
 * is paid once: a month already remitted or supplemented is refused, and a unique index on the lines decides when
 * two lists race. Paying a list credits every member in one ledger transaction (business type 02). Owns the SQL.
 */
final class Supplements {

  /** The members and months asked for. */
  record Wanted(String accountNo, List<YearMonth> months) {}

  private final Ledger ledger;

  Supplements(Ledger ledger) {
    this.ledger = ledger;
  }

  Future<JsonObject> create(SqlConnection conn, Employers.Employer employer, String reason, List<Wanted> wanted) {
    // Months from the employer's next monthly list on are remitted by that list, in order; 补缴 is for the past.
    YearMonth next = employer.paidThrough() == null ? YearMonth.from(employer.openedOn())
        : YearMonth.parse(employer.paidThrough()).plusMonths(1);
    TreeSet<YearMonth> months = new TreeSet<>();
    wanted.forEach(w -> months.addAll(w.months()));
    if (!months.last().isBefore(next)) {
      return refuse(ContributionProblems.SUPPLEMENT_MONTH_NOT_PAST);
    }
    List<String> accountNos = wanted.stream().map(Wanted::accountNo).toList();
    return conn.preparedQuery("""
            SELECT account_no, person_id, base, status FROM member_account m
             WHERE account_no = ANY ($2)
               -- Its member now, or once (the account moved to another employer since: 启封 keeps the account).
               AND (employer_id = $1 OR EXISTS (SELECT 1 FROM remittance_line l
                                                 WHERE l.account_no = m.account_no AND l.employer_id = $1))
             FOR SHARE""")
        .execute(Tuple.from(new Object[] {employer.employerId(), accountNos.toArray(new String[0])}))
        .compose(accounts -> {
          if (accounts.size() != accountNos.size()) {
            return refuse(AccountProblems.ACCOUNT_NOT_FOUND);
          }
          Map<String, Row> byNo = new TreeMap<>();
          for (Row a : accounts) {
            // Normal or sealed (removed since): a month worked is owed even after the member left.
            if (!"01".equals(a.getString("status")) && !"02".equals(a.getString("status"))) {
              return refuse(AccountProblems.MEMBER_NOT_NORMAL);
            }
            byNo.put(a.getString("account_no"), a);
          }
          return policies(conn, months).compose(policies -> lines(employer, wanted, byNo, policies))
              .compose(lines -> checkNotPaid(conn, lines).map(v -> lines));
        })
        .compose(lines -> insert(conn, employer.employerId(), reason, lines));
  }

  /** Pays a due list from the funds given; a list is paid once (row lock, and its id is the ledger key). */
  Future<JsonObject> pay(SqlConnection conn, String employerId, String supplementId, Funds funds, LocalDate today) {
    return lockDue(conn, employerId, supplementId)
        .compose(list -> !Money.of(list.getBigDecimal("total")).equals(funds.amount()) ? refuse(funds.mismatch())
            : conn.preparedQuery("""
                    SELECT l.employer_share + l.member_share AS amount, m.ledger_account
                      FROM supplement_line l JOIN member_account m ON m.account_no = l.account_no
                     WHERE l.supplement_id = $1 ORDER BY l.account_no, l.month""")
                .execute(Tuple.of(supplementId))
                // Business type 02 补缴 (JGJ/T 320 A.5).
                .compose(lines -> ledger.post(conn, new Ledger.Posting("02", "supplement:" + supplementId,
                    "supplement:" + supplementId, today, "补缴 " + supplementId, funds.entries(lines))))
                .compose(posted -> conn.preparedQuery("""
                        UPDATE supplement SET status = 'PAID', paid_at = now(), updated_at = now(), ledger_txn = $2
                         WHERE supplement_id = $1""").execute(Tuple.of(supplementId, posted.txnId())))
                .compose(v -> read(conn, employerId, supplementId)));
  }

  /** Cancels a due list; its months may then be listed again. */
  Future<JsonObject> cancel(SqlConnection conn, String employerId, String supplementId) {
    return lockDue(conn, employerId, supplementId)
        .compose(list -> conn.preparedQuery("""
                UPDATE supplement SET status = 'CANCELLED', updated_at = now() WHERE supplement_id = $1""")
            .execute(Tuple.of(supplementId)))
        .compose(v -> conn.preparedQuery("UPDATE supplement_line SET active = false WHERE supplement_id = $1")
            .execute(Tuple.of(supplementId)))
        .compose(v -> read(conn, employerId, supplementId));
  }

  Future<JsonObject> read(SqlClient sql, String employerId, String supplementId) {
    return sql.preparedQuery("""
            SELECT s.status, s.reason, s.total, s.line_count, s.created_at, s.paid_at, l.account_no, l.person_id,
                   l.month, l.base, l.employer_share, l.member_share
              FROM supplement s JOIN supplement_line l ON l.supplement_id = s.supplement_id
             WHERE s.supplement_id = $1 AND s.employer_id = $2 ORDER BY l.account_no, l.month""")
        .execute(Tuple.of(supplementId, employerId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return refuse(ContributionProblems.SUPPLEMENT_NOT_FOUND);
          }
          JsonArray lines = new JsonArray();
          rows.forEach(r -> lines.add(new JsonObject().put("accountNo", r.getString("account_no"))
              .put("personId", r.getString("person_id")).put("month", r.getString("month"))
              .put("base", Money.of(r.getBigDecimal("base")).toString())
              .put("employerShare", Money.of(r.getBigDecimal("employer_share")).toString())
              .put("memberShare", Money.of(r.getBigDecimal("member_share")).toString())));
          Row first = rows.iterator().next();
          return Future.succeededFuture(new JsonObject().put("supplementId", supplementId).put("employerId", employerId)
              .put("status", first.getString("status")).put("reason", first.getString("reason"))
              .put("total", Money.of(first.getBigDecimal("total")).toString())
              .put("lineCount", first.getInteger("line_count"))
              .put("createdAt", first.getOffsetDateTime("created_at").toInstant().toString())
              .put("paidAt", first.getOffsetDateTime("paid_at") == null ? null
                  : first.getOffsetDateTime("paid_at").toInstant().toString())
              .put("lines", lines));
        });
  }

  /** The list, locked for the rest of the transaction; it must still be due. */
  private Future<Row> lockDue(SqlConnection conn, String employerId, String supplementId) {
    return conn.preparedQuery("SELECT status, total FROM supplement WHERE supplement_id = $1 AND employer_id = $2 FOR UPDATE")
        .execute(Tuple.of(supplementId, employerId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return refuse(ContributionProblems.SUPPLEMENT_NOT_FOUND);
          }
          Row list = rows.iterator().next();
          return switch (list.getString("status")) {
            case "PAID" -> refuse(ContributionProblems.SUPPLEMENT_ALREADY_PAID);
            case "CANCELLED" -> refuse(ContributionProblems.SUPPLEMENT_CANCELLED);
            default -> Future.succeededFuture(list);
          };
        });
  }

  /** The rule values in force on the first day of each month. */
  private static Future<Map<YearMonth, Policies.AsOf>> policies(SqlConnection conn, TreeSet<YearMonth> months) {
    Policies policies = new Policies(conn);
    Map<YearMonth, Policies.AsOf> out = new TreeMap<>();
    Future<Void> chain = Future.succeededFuture();
    for (YearMonth month : months) {
      chain = chain.compose(v -> policies.asOf(month.atDay(1)).map(policy -> {
        out.put(month, policy);
        return null;
      }));
    }
    return chain.map(v -> out);
  }

  private record Line(String accountNo, String personId, YearMonth month, ContributionRules.Monthly monthly) {}

  private static Future<List<Line>> lines(Employers.Employer employer, List<Wanted> wanted, Map<String, Row> accounts,
                                          Map<YearMonth, Policies.AsOf> policies) {
    List<Line> lines = new ArrayList<>();
    for (Wanted w : wanted) {
      Row account = accounts.get(w.accountNo());
      for (YearMonth month : w.months()) {
        Policies.AsOf policy = policies.get(month);
        if (!policy.values().keySet().containsAll(List.of("contribution.base.min", "contribution.base.max",
            "contribution.rounding", "contribution.ratio.min", "contribution.ratio.max"))) {
          return refuse(ContributionProblems.SUPPLEMENT_MONTH_NO_POLICY);
        }
        Problem ratios = ContributionRules.checkRatios(employer.employerRatio(), employer.memberRatio(), policy);
        if (ratios != null) {
          return refuse(ratios);
        }
        lines.add(new Line(w.accountNo(), account.getString("person_id"), month, ContributionRules.monthly(
            Money.of(account.getBigDecimal("base")), employer.employerRatio(), employer.memberRatio(), policy)));
      }
    }
    return Future.succeededFuture(lines);
  }

  /** No person's month may already be remitted (any list) or on a supplementary list that was not cancelled. */
  private static Future<Void> checkNotPaid(SqlConnection conn, List<Line> lines) {
    String[] people = lines.stream().map(Line::personId).toArray(String[]::new);
    String[] months = lines.stream().map(l -> l.month().toString()).toArray(String[]::new);
    return conn.preparedQuery("""
            WITH wanted (person_id, month) AS (SELECT * FROM unnest($1::text[], $2::text[]))
            SELECT EXISTS (SELECT 1 FROM remittance_line l JOIN member_account m ON m.account_no = l.account_no
                             JOIN wanted w ON w.person_id = m.person_id AND w.month = l.month)
                OR EXISTS (SELECT 1 FROM supplement_line l
                             JOIN wanted w ON w.person_id = l.person_id AND w.month = l.month WHERE l.active) AS paid""")
        .execute(Tuple.from(new Object[] {people, months}))
        .compose(rows -> rows.iterator().next().getBoolean("paid")
            ? refuse(ContributionProblems.SUPPLEMENT_MONTH_PAID) : Future.succeededFuture());
  }

  private Future<JsonObject> insert(SqlConnection conn, String employerId, String reason, List<Line> lines) {
    Money total = Money.ZERO;
    for (Line l : lines) {
      total = total.plus(l.monthly().total());
    }
    Money sum = total;
    return conn.query("SELECT 'S' || nextval('supplement_number') AS id").execute().compose(next -> {
      String id = next.iterator().next().getString("id");
      List<Tuple> rows = lines.stream().map(l -> Tuple.from(new Object[] {id, l.accountNo(), l.personId(),
          l.month().toString(), l.monthly().base().toYuan(), l.monthly().employerShare().toYuan(),
          l.monthly().memberShare().toYuan()})).toList();
      return conn.preparedQuery("""
              INSERT INTO supplement (supplement_id, employer_id, status, reason, total, line_count)
              VALUES ($1, $2, 'DUE', $3, $4, $5)""")
          .execute(Tuple.of(id, employerId, reason, sum.toYuan(), lines.size()))
          .compose(v -> conn.preparedQuery("""
                  INSERT INTO supplement_line (supplement_id, account_no, person_id, month, base, employer_share,
                                               member_share) VALUES ($1, $2, $3, $4, $5, $6, $7)""").executeBatch(rows))
          // A list for the same person and month committed meanwhile: the unique index has the last word.
          .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
              ? refuse(ContributionProblems.SUPPLEMENT_MONTH_PAID) : Future.failedFuture(e))
          .compose(v -> read(conn, employerId, id));
    });
  }

  static <T> Future<T> refuse(Problem problem) {
    return Future.failedFuture(new ProblemException(problem));
  }
}
