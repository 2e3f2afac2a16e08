package hpf.withdrawal;

import hpf.account.MemberLocks;
import hpf.kit.Money;
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

/**
 * Agreed periodic withdrawals (约定提取): a monthly rent withdrawal agreed for a year from today, renewable for a
 * further year, terminable at any time. Signing checks what can be checked once (reason, bound card, the amount
 * within the rent cap); every monthly run is an ordinary application with all its other checks.
 */
final class Agreements {

  private static final String COLUMNS = """
      SELECT agreement_id, person_id, reason, monthly_amount, starts_on, ends_on, status FROM withdrawal_agreement""";

  Future<JsonObject> sign(SqlConnection conn, String personId, String reason, Money monthly, String appId,
                          LocalDate today) {
    if (!Withdrawals.RENT.equals(reason)) {
      return Withdrawals.refuse(WithdrawalProblems.REASON_UNSUPPORTED);
    }
    return MemberLocks.person(conn, personId)
        .compose(locked -> Withdrawals.payoutCard(conn, personId))
        .compose(card -> new Policies(conn).asOf(today))
        .compose(policy -> monthly.compareTo(Money.parse(policy.text("withdrawal.rent.monthly_cap"))) > 0
            ? Withdrawals.refuse(WithdrawalProblems.LIMIT_EXCEEDED)
            : conn.query("SELECT 'A' || nextval('withdrawal_agreement_number') AS id").execute())
        .compose(next -> {
          String agreementId = next.iterator().next().getString("id");
          return conn.preparedQuery("""
                  INSERT INTO withdrawal_agreement (agreement_id, person_id, reason, monthly_amount, starts_on, ends_on,
                                                    status, app_id)
                  VALUES ($1, $2, $3, $4, $5, $6, 'ACTIVE', $7)""")
              .execute(Tuple.from(new Object[] {agreementId, personId, reason, monthly.toYuan(), today,
                  today.plusYears(1).minusDays(1), appId}))
              .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                  ? Withdrawals.refuse(WithdrawalProblems.AGREEMENT_EXISTS) : Future.failedFuture(e))
              .compose(v -> one(conn, personId, agreementId));
        });
  }

  /** A further year from the later of today and the current end. */
  Future<JsonObject> renew(SqlConnection conn, String personId, String agreementId, LocalDate today) {
    return conn.preparedQuery("""
            UPDATE withdrawal_agreement SET ends_on = (greatest(ends_on, $3::date) + interval '1 year')::date,
                   updated_at = now()
             WHERE agreement_id = $1 AND person_id = $2 AND status = 'ACTIVE' RETURNING agreement_id""")
        .execute(Tuple.of(agreementId, personId, today))
        .compose(rows -> rows.size() == 0 ? Withdrawals.<JsonObject>refuse(WithdrawalProblems.AGREEMENT_NOT_FOUND)
            : one(conn, personId, agreementId));
  }

  Future<JsonObject> terminate(SqlConnection conn, String personId, String agreementId) {
    return conn.preparedQuery("""
            UPDATE withdrawal_agreement SET status = 'TERMINATED', updated_at = now()
             WHERE agreement_id = $1 AND person_id = $2 AND status = 'ACTIVE' RETURNING agreement_id""")
        .execute(Tuple.of(agreementId, personId))
        .compose(rows -> rows.size() == 0 ? Withdrawals.<JsonObject>refuse(WithdrawalProblems.AGREEMENT_NOT_FOUND)
            : one(conn, personId, agreementId));
  }

  Future<JsonArray> list(SqlClient sql, String personId) {
    return sql.preparedQuery(COLUMNS + " WHERE person_id = $1 ORDER BY created_at DESC, agreement_id DESC LIMIT 100")
        .execute(Tuple.of(personId))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(row -> list.add(toJson(row)));
          return list;
        });
  }

  private Future<JsonObject> one(SqlClient sql, String personId, String agreementId) {
    return sql.preparedQuery(COLUMNS + " WHERE agreement_id = $1 AND person_id = $2")
        .execute(Tuple.of(agreementId, personId))
        .compose(rows -> rows.size() == 0 ? Withdrawals.<JsonObject>refuse(WithdrawalProblems.AGREEMENT_NOT_FOUND)
            : Future.succeededFuture(toJson(rows.iterator().next())));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("agreementId", row.getString("agreement_id"))
        .put("personId", row.getString("person_id"))
        .put("reason", row.getString("reason"))
        .put("monthlyAmount", Money.of(row.getBigDecimal("monthly_amount")).toString())
        .put("startsOn", row.getLocalDate("starts_on").toString())
        .put("endsOn", row.getLocalDate("ends_on").toString())
        .put("status", row.getString("status"));
  }
}
