package hpf.account;

import hpf.kit.Money;
import hpf.kit.ProblemException;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Changes of contribution terms, each in the caller's transaction with its history: a ratio change (比例调整)
 * recomputes every normal member's monthly shares on the bases in force; a base adjustment (基数调整, business type
 * 10) sets new bases (clamped by the policy) for listed members once per fund year. Owns {@code ratio_change} and
 * {@code base_adjustment}.
 */
final class ContributionChanges {

  /** A member's declared average monthly wage of the previous year, for the base adjustment. */
  record Declared(String accountNo, Money wage) {}

  /** Sets the employer's ratios and recomputes its normal members' shares; the caller checked the ratios. */
  Future<JsonObject> changeRatios(SqlConnection conn, Employers.Employer employer, BigDecimal employerRatio,
                                  BigDecimal memberRatio, String reason, Policies.AsOf policy, Actor actor) {
    YearMonth from = YearMonth.from(policy.date());
    String id = employer.employerId();
    return conn.preparedQuery("SELECT * FROM member_account WHERE employer_id = $1 AND status = '01' ORDER BY account_no FOR UPDATE")
        .execute(Tuple.of(id))
        .compose(members -> conn.preparedQuery("""
                INSERT INTO ratio_change (employer_id, old_employer_ratio, old_member_ratio, employer_ratio, member_ratio,
                                          from_month, through_month, reason, member_count, actor, actor_kind)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *""")
            .execute(Tuple.from(new Object[] {id, employer.employerRatio(), employer.memberRatio(), employerRatio,
                memberRatio, from.toString(), FundYear.containing(from).lastMonth().toString(), reason, members.size(),
                actor.id(), actor.kind()}))
            .compose(inserted -> {
              Row change = inserted.iterator().next();
              List<MemberAccountEvents.Event> events = new ArrayList<>();
              for (Row m : members) {
                ContributionRules.Monthly before = MemberAccountEvents.terms(m);
                ContributionRules.Monthly after = ContributionRules.forBase(before.base(), employerRatio, memberRatio, policy);
                events.add(new MemberAccountEvents.Event(m.getString("account_no"), "RATIO_CHANGED", "99", id, null, "01",
                    before, after, null, null, change.getLong("change_id"), null));
              }
              return conn.preparedQuery("UPDATE employer SET employer_ratio = $2, member_ratio = $3 WHERE employer_id = $1")
                  .execute(Tuple.of(id, employerRatio, memberRatio))
                  .compose(v -> updateTerms(conn, events))
                  .compose(v -> MemberAccountEvents.append(conn, events, actor))
                  .map(v -> ratioJson(change).put("monthlyTotal", total(events).toString()));
            }));
  }

  /**
   * Sets the listed members' bases for the fund year from their declared wages (clamped by the policy) and
   * recomputes their shares with the employer's ratios. Each member must be a normal account of this employer, not
   * yet adjusted for that year (a unique index decides under concurrency).
   */
  Future<JsonObject> adjustBases(SqlConnection conn, Employers.Employer employer, FundYear year, List<Declared> declared,
                                 Policies.AsOf policy, Actor actor) {
    String id = employer.employerId();
    String[] accountNos = declared.stream().map(Declared::accountNo).toArray(String[]::new);
    return conn.preparedQuery("SELECT * FROM member_account WHERE account_no = ANY($1) ORDER BY account_no FOR UPDATE")
        .execute(Tuple.of(accountNos))
        .compose(rows -> {
          Map<String, Row> accounts = new HashMap<>();
          rows.forEach(row -> accounts.put(row.getString("account_no"), row));
          for (Declared d : declared) {
            Row account = accounts.get(d.accountNo());
            if (account == null || !id.equals(account.getString("employer_id"))) {
              return Future.failedFuture(new ProblemException(AccountProblems.ACCOUNT_NOT_FOUND));
            }
            if (!"01".equals(account.getString("status"))) {
              return Future.failedFuture(new ProblemException(AccountProblems.MEMBER_NOT_NORMAL));
            }
          }
          return conn.preparedQuery("""
                  SELECT 1 FROM member_account_event WHERE event = 'BASE_ADJUSTED' AND fund_year = $2
                     AND account_no = ANY($1) LIMIT 1""").execute(Tuple.of(accountNos, year.startYear()))
              .compose(done -> done.size() > 0
                  ? Future.failedFuture(new ProblemException(LifecycleProblems.BASE_ALREADY_ADJUSTED))
                  : conn.preparedQuery("""
                          INSERT INTO base_adjustment (employer_id, fund_year, member_count, actor, actor_kind)
                          VALUES ($1, $2, $3, $4, $5) RETURNING *""")
                      .execute(Tuple.of(id, year.startYear(), declared.size(), actor.id(), actor.kind())))
              .compose(inserted -> {
                Row adjustment = inserted.iterator().next();
                List<MemberAccountEvents.Event> events = new ArrayList<>();
                for (Declared d : declared) {
                  Row account = accounts.get(d.accountNo());
                  ContributionRules.Monthly after = ContributionRules.monthly(d.wage(), employer.employerRatio(),
                      employer.memberRatio(), policy);
                  events.add(new MemberAccountEvents.Event(d.accountNo(), "BASE_ADJUSTED", "10", id, null, "01",
                      MemberAccountEvents.terms(account), after, d.wage(), year.startYear(), null,
                      adjustment.getLong("adjustment_id")));
                }
                return updateTerms(conn, events)
                    .compose(v -> MemberAccountEvents.append(conn, events, actor))
                    .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? Future.failedFuture(new ProblemException(LifecycleProblems.BASE_ALREADY_ADJUSTED))
                        : Future.failedFuture(e))
                    .map(v -> adjustmentJson(adjustment, events));
              });
        });
  }

  static Future<JsonObject> ratioHistory(SqlClient sql, String employerId) {
    return sql.preparedQuery("SELECT * FROM ratio_change WHERE employer_id = $1 ORDER BY change_id DESC LIMIT 100")
        .execute(Tuple.of(employerId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(ratioJson(row)));
          return new JsonObject().put("employerId", employerId).put("items", items);
        });
  }

  /** A page of the fund year's adjusted bases of the employer's members, by account. */
  static Future<JsonObject> baseHistory(SqlClient sql, String employerId, int fundYear, int page, int size) {
    return sql.preparedQuery("""
            SELECT *, count(*) OVER () AS total FROM member_account_event
             WHERE employer_id = $1 AND event = 'BASE_ADJUSTED' AND fund_year = $2
             ORDER BY account_no LIMIT $3 OFFSET $4""")
        .execute(Tuple.of(employerId, fundYear, size, (long) (page - 1) * size))
        .map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row row : rows) {
            total = row.getLong("total");
            items.add(lineJson(row.getString("account_no"), Money.of(row.getBigDecimal("declared_wage")),
                Money.of(row.getBigDecimal("old_base")), MemberAccountEvents.terms(row))
                .put("adjustmentId", row.getLong("base_adjustment_id"))
                .put("adjustedAt", row.getOffsetDateTime("at").toInstant().toString()));
          }
          return new JsonObject().put("employerId", employerId).put("fundYear", fundYear).put("items", items)
              .put("page", page).put("size", size).put("total", total);
        });
  }

  private static Future<Void> updateTerms(SqlConnection conn, List<MemberAccountEvents.Event> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("""
            UPDATE member_account SET base = $2, monthly_employer = $3, monthly_member = $4 WHERE account_no = $1""")
        .executeBatch(events.stream().map(e -> Tuple.of(e.accountNo(), e.after().base().toYuan(),
            e.after().employerShare().toYuan(), e.after().memberShare().toYuan())).toList())
        .mapEmpty();
  }

  private static Money total(List<MemberAccountEvents.Event> events) {
    Money sum = Money.ZERO;
    for (MemberAccountEvents.Event e : events) {
      sum = sum.plus(e.after().total());
    }
    return sum;
  }

  private static JsonObject ratioJson(Row row) {
    return new JsonObject().put("changeId", row.getLong("change_id")).put("employerId", row.getString("employer_id"))
        .put("oldEmployerRatio", row.getBigDecimal("old_employer_ratio").toPlainString())
        .put("oldMemberRatio", row.getBigDecimal("old_member_ratio").toPlainString())
        .put("employerRatio", row.getBigDecimal("employer_ratio").toPlainString())
        .put("memberRatio", row.getBigDecimal("member_ratio").toPlainString())
        .put("fromMonth", row.getString("from_month")).put("throughMonth", row.getString("through_month"))
        .put("reason", row.getString("reason")).put("memberCount", row.getInteger("member_count"))
        .put("changedBy", row.getString("actor"))
        .put("changedAt", row.getOffsetDateTime("changed_at").toInstant().toString());
  }

  private static JsonObject adjustmentJson(Row adjustment, List<MemberAccountEvents.Event> events) {
    JsonArray lines = new JsonArray();
    events.forEach(e -> lines.add(lineJson(e.accountNo(), e.declaredWage(), e.before().base(), e.after())));
    return new JsonObject().put("adjustmentId", adjustment.getLong("adjustment_id"))
        .put("employerId", adjustment.getString("employer_id")).put("fundYear", adjustment.getInteger("fund_year"))
        .put("memberCount", events.size()).put("monthlyTotal", total(events).toString()).put("lines", lines);
  }

  private static JsonObject lineJson(String accountNo, Money declaredWage, Money oldBase, ContributionRules.Monthly after) {
    return new JsonObject().put("accountNo", accountNo).put("declaredWage", declaredWage.toString())
        .put("oldBase", oldBase.toString()).put("base", after.base().toString())
        .put("monthlyEmployer", after.employerShare().toString()).put("monthlyMember", after.memberShare().toString());
  }
}
