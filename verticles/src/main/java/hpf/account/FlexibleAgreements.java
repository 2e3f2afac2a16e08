package hpf.account;

import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
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
import java.util.List;

/**
 * Flexible employment agreements (灵活就业缴存协议, {@code flexible_agreement}) and their append-only history
 * ({@code flexible_agreement_change}): signing, the monthly amount changed, paused, resumed, exited. The agreement's
 * account follows: a new amount becomes its terms, an exit seals it (status 02, balance kept), as the employer's
 * removal (减员) does for an employee. Owns those tables' SQL.
 */
final class FlexibleAgreements {

  static final String ACTIVE = "ACTIVE";
  static final String PAUSED = "PAUSED";
  static final String EXITED = "EXITED";

  /**
   * The person's latest agreement (null when none), locked with the person row before it: every change and deposit of
   * one person runs one at a time, in the order withdrawals and card binding lock (person, then account).
   */
  Future<Row> lockLatest(SqlConnection conn, String personId) {
    return MemberLocks.person(conn, personId)
        .compose(locked -> conn.preparedQuery("""
                SELECT * FROM flexible_agreement WHERE person_id = $1
                 ORDER BY created_at DESC, agreement_id DESC LIMIT 1 FOR UPDATE""")
            .execute(Tuple.of(personId)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** As {@link #lockLatest}, refused when there is none or it is exited. */
  Future<Row> lockOpen(SqlConnection conn, String personId) {
    return lockLatest(conn, personId).compose(agreement -> agreement == null ? refuse(FlexibleProblems.AGREEMENT_NOT_FOUND)
        : EXITED.equals(agreement.getString("status")) ? refuse(FlexibleProblems.AGREEMENT_EXITED)
        : Future.succeededFuture(agreement));
  }

  /** Signs an agreement for the person's account (opened or reused by the caller) from today. */
  Future<JsonObject> sign(SqlConnection conn, String personId, String accountNo, Money amount, LocalDate today,
                          Actor actor) {
    return conn.query("SELECT 'F' || nextval('flexible_agreement_number') AS id").execute().compose(next -> {
      String agreementId = next.iterator().next().getString("id");
      return conn.preparedQuery("""
              INSERT INTO flexible_agreement (agreement_id, person_id, account_no, status, monthly_amount, signed_on)
              VALUES ($1, $2, $3, 'ACTIVE', $4, $5)""")
          .execute(Tuple.of(agreementId, personId, accountNo, amount.toYuan(), today))
          // The person locked first makes this rare; the unique index has the last word.
          .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
              ? refuse(FlexibleProblems.ALREADY_SIGNED) : Future.failedFuture(e))
          .compose(v -> history(conn, agreementId, "SIGNED", null, ACTIVE, null, amount, "", actor))
          .compose(v -> read(conn, agreementId));
    });
  }

  /** A new monthly amount (checked against the policy by the caller); it becomes the account's terms too. */
  Future<JsonObject> changeAmount(SqlConnection conn, Row agreement, Money amount, Actor actor) {
    Money old = Money.of(agreement.getBigDecimal("monthly_amount"));
    if (old.equals(amount)) {
      return refuse(FlexibleProblems.AMOUNT_UNCHANGED);
    }
    String agreementId = agreement.getString("agreement_id");
    String status = agreement.getString("status");
    // A flexible depositor pays both shares itself: the chosen amount is the whole monthly deposit (and its base).
    return conn.preparedQuery("UPDATE flexible_agreement SET monthly_amount = $2, updated_at = now() WHERE agreement_id = $1")
        .execute(Tuple.of(agreementId, amount.toYuan()))
        .compose(v -> conn.preparedQuery("""
                UPDATE member_account SET base = $2, monthly_employer = 0, monthly_member = $2
                 WHERE account_no = $1 AND depositor_type = 'FLEXIBLE'""")
            .execute(Tuple.of(agreement.getString("account_no"), amount.toYuan())))
        .compose(v -> history(conn, agreementId, "AMOUNT_CHANGED", status, status, old, amount, "", actor))
        .compose(v -> read(conn, agreementId));
  }

  Future<JsonObject> pause(SqlConnection conn, Row agreement, String reason, Actor actor) {
    return PAUSED.equals(agreement.getString("status")) ? refuse(FlexibleProblems.AGREEMENT_PAUSED)
        : setStatus(conn, agreement, "PAUSED", PAUSED, null, reason, actor);
  }

  Future<JsonObject> resume(SqlConnection conn, Row agreement, String reason, Actor actor) {
    return !PAUSED.equals(agreement.getString("status")) ? refuse(FlexibleProblems.AGREEMENT_NOT_PAUSED)
        : setStatus(conn, agreement, "RESUMED", ACTIVE, null, reason, actor);
  }

  /**
   * 退出: the agreement ends and its normal account is sealed (封存, 02) with its balance, kept in the account's history;
   * withdrawals and transfers then follow their own rules. An account already closed otherwise stays as it is.
   */
  Future<JsonObject> exit(SqlConnection conn, Row agreement, String reason, LocalDate today, Actor actor) {
    String accountNo = agreement.getString("account_no");
    return conn.preparedQuery("UPDATE member_account SET status = '02' WHERE account_no = $1 AND status = '01' RETURNING *")
        .execute(Tuple.of(accountNo))
        .compose(sealed -> {
          if (sealed.size() == 0) {
            return Future.<Void>succeededFuture();
          }
          ContributionRules.Monthly terms = MemberAccountEvents.terms(sealed.iterator().next());
          return MemberAccountEvents.append(conn, List.of(MemberAccountEvents.Event.of(accountNo, "SEALED", "05", null,
              "02", terms, terms)), actor);
        })
        .compose(v -> setStatus(conn, agreement, "EXITED", EXITED, today, reason, actor));
  }

  private Future<JsonObject> setStatus(SqlConnection conn, Row agreement, String event, String status, LocalDate exitedOn,
                                       String reason, Actor actor) {
    String agreementId = agreement.getString("agreement_id");
    Money amount = Money.of(agreement.getBigDecimal("monthly_amount"));
    return conn.preparedQuery("""
            UPDATE flexible_agreement SET status = $2, exited_on = $3, updated_at = now() WHERE agreement_id = $1""")
        .execute(Tuple.of(agreementId, status, exitedOn))
        .compose(v -> history(conn, agreementId, event, agreement.getString("status"), status, amount, amount, reason,
            actor))
        .compose(v -> read(conn, agreementId));
  }

  private static Future<Void> history(SqlConnection conn, String agreementId, String event, String oldStatus,
                                      String status, Money oldAmount, Money amount, String reason, Actor actor) {
    return conn.preparedQuery("""
            INSERT INTO flexible_agreement_change (agreement_id, event, old_status, status, old_amount, monthly_amount,
                                                   reason, actor, actor_kind, channel, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""")
        .execute(Tuple.from(new Object[] {agreementId, event, oldStatus, status,
            oldAmount == null ? null : oldAmount.toYuan(), amount.toYuan(), reason, actor.id(), actor.kind(),
            actor.channel(), actor.requestId()}))
        .mapEmpty();
  }

  /** The person's latest agreement with its history (newest first); a 404 problem when there is none. */
  Future<JsonObject> latest(SqlClient sql, String personId) {
    return sql.preparedQuery("""
            SELECT agreement_id FROM flexible_agreement WHERE person_id = $1
             ORDER BY created_at DESC, agreement_id DESC LIMIT 1""")
        .execute(Tuple.of(personId))
        .compose(rows -> rows.size() == 0 ? refuse(FlexibleProblems.AGREEMENT_NOT_FOUND)
            : read(sql, rows.iterator().next().getString("agreement_id")));
  }

  private static Future<JsonObject> read(SqlClient sql, String agreementId) {
    Future<Row> agreement = sql.preparedQuery("SELECT * FROM flexible_agreement WHERE agreement_id = $1")
        .execute(Tuple.of(agreementId)).map(rows -> rows.iterator().next());
    Future<JsonArray> changes = sql.preparedQuery("""
            SELECT * FROM flexible_agreement_change WHERE agreement_id = $1 ORDER BY change_id DESC LIMIT 200""")
        .execute(Tuple.of(agreementId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(change(row)));
          return items;
        });
    return Future.all(agreement, changes).map(done -> toJson(agreement.result()).put("history", changes.result()));
  }

  static JsonObject toJson(Row row) {
    LocalDate signedOn = row.getLocalDate("signed_on");
    LocalDate exitedOn = row.getLocalDate("exited_on");
    return new JsonObject().put("agreementId", row.getString("agreement_id")).put("personId", row.getString("person_id"))
        .put("accountNo", row.getString("account_no")).put("status", row.getString("status"))
        .put("monthlyAmount", Money.of(row.getBigDecimal("monthly_amount")).toString())
        .put("signedOn", signedOn.toString()).put("firstMonth", YearMonth.from(signedOn).toString())
        .put("exitedOn", exitedOn == null ? null : exitedOn.toString());
  }

  private static JsonObject change(Row row) {
    return new JsonObject().put("changeId", row.getLong("change_id")).put("event", row.getString("event"))
        .put("oldStatus", row.getString("old_status")).put("status", row.getString("status"))
        .put("oldMonthlyAmount", row.getBigDecimal("old_amount") == null ? null
            : Money.of(row.getBigDecimal("old_amount")).toString())
        .put("monthlyAmount", Money.of(row.getBigDecimal("monthly_amount")).toString())
        .put("reason", row.getString("reason")).put("changedBy", row.getString("actor"))
        .put("changedByKind", row.getString("actor_kind")).put("channel", row.getString("channel"))
        .put("at", row.getOffsetDateTime("at").toInstant().toString());
  }

  static <T> Future<T> refuse(Problem problem) {
    return Future.failedFuture(new ProblemException(problem));
  }
}
