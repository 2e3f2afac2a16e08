package hpf.account;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The history of member accounts ({@code member_account_event}, append-only): sealing, unsealing into an employer,
 * and the contribution terms recomputed by a ratio change or a base adjustment, each with the terms before and
 * after. Owns that table's SQL.
 */
final class MemberAccountEvents {

  /** One change of one account; {@code declaredWage}, {@code fundYear} and the references only where they apply. */
  record Event(String accountNo, String event, String businessType, String employerId, String previousEmployerId,
               String status, ContributionRules.Monthly before, ContributionRules.Monthly after, Money declaredWage,
               Integer fundYear, Long ratioChangeId, Long baseAdjustmentId) {

    static Event of(String accountNo, String event, String businessType, String employerId, String status,
                    ContributionRules.Monthly before, ContributionRules.Monthly after) {
      return new Event(accountNo, event, businessType, employerId, null, status, before, after, null, null, null, null);
    }
  }

  private MemberAccountEvents() {}

  /** The terms a {@code member_account} row holds now. */
  static ContributionRules.Monthly terms(Row account) {
    return new ContributionRules.Monthly(Money.of(account.getBigDecimal("base")),
        Money.of(account.getBigDecimal("monthly_employer")), Money.of(account.getBigDecimal("monthly_member")));
  }

  static Future<Void> append(SqlConnection conn, List<Event> events, Actor actor) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = events.stream().map(e -> Tuple.from(new Object[] {e.accountNo(), e.event(), e.businessType(),
        e.employerId(), e.previousEmployerId(), e.status(), e.before().base().toYuan(), e.after().base().toYuan(),
        e.before().employerShare().toYuan(), e.after().employerShare().toYuan(), e.before().memberShare().toYuan(),
        e.after().memberShare().toYuan(), e.declaredWage() == null ? null : e.declaredWage().toYuan(), e.fundYear(),
        e.ratioChangeId(), e.baseAdjustmentId(), actor.id(), actor.kind()})).toList();
    return conn.preparedQuery("""
            INSERT INTO member_account_event (account_no, event, business_type, employer_id, previous_employer_id,
                status, old_base, base, old_monthly_employer, monthly_employer, old_monthly_member, monthly_member,
                declared_wage, fund_year, ratio_change_id, base_adjustment_id, actor, actor_kind)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)""")
        .executeBatch(rows).mapEmpty();
  }

  /** The latest 200 events of every account the person has had, newest first. */
  static Future<JsonObject> ofPerson(SqlClient sql, String personId) {
    return sql.preparedQuery("""
            SELECT v.* FROM member_account_event v JOIN member_account m ON m.account_no = v.account_no
             WHERE m.person_id = $1 ORDER BY v.event_id DESC LIMIT 200""")
        .execute(Tuple.of(personId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(toJson(row)));
          return new JsonObject().put("personId", personId).put("items", items);
        });
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("eventId", row.getLong("event_id")).put("accountNo", row.getString("account_no"))
        .put("event", row.getString("event")).put("businessType", row.getString("business_type"))
        .put("employerId", row.getString("employer_id")).put("previousEmployerId", row.getString("previous_employer_id"))
        .put("status", row.getString("status"))
        .put("oldBase", Money.of(row.getBigDecimal("old_base")).toString())
        .put("base", Money.of(row.getBigDecimal("base")).toString())
        .put("oldMonthlyEmployer", Money.of(row.getBigDecimal("old_monthly_employer")).toString())
        .put("monthlyEmployer", Money.of(row.getBigDecimal("monthly_employer")).toString())
        .put("oldMonthlyMember", Money.of(row.getBigDecimal("old_monthly_member")).toString())
        .put("monthlyMember", Money.of(row.getBigDecimal("monthly_member")).toString())
        .put("fundYear", row.getInteger("fund_year"))
        .put("at", row.getOffsetDateTime("at").toInstant().toString());
  }
}
