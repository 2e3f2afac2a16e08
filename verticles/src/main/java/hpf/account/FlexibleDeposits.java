package hpf.account;

import hpf.kit.Money;
import hpf.kit.Problem;
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
import java.util.List;

/**
 * Voluntary deposits of flexible depositors (自愿缴存, {@code flexible_deposit}): counter staff record the money received
 * for a month (the stand-in for the bank collection of the settlement issue). One per account and month, within the
 * bounds of the policy in force that month, from the signing month to the current one, never while the agreement is
 * paused or exited. The money moves in one ledger transaction from the flexible deposits' bank account to the member
 * account (business type 01), in the transaction that records the deposit. Owns that table's SQL.
 */
final class FlexibleDeposits {

  /** The center's bank account for flexible depositors' money (灵活就业缴存专户), opened by migration V27. */
  static final String BANK = "BANK:flexible";

  private final Ledger ledger = new Ledger();

  /** Records the deposit against the person's agreement, locked by the caller ({@link FlexibleAgreements#lockOpen}). */
  Future<JsonObject> record(SqlConnection conn, Row agreement, YearMonth month, Money amount, LocalDate today,
                            Actor actor) {
    if (FlexibleAgreements.PAUSED.equals(agreement.getString("status"))) {
      return FlexibleAgreements.refuse(FlexibleProblems.AGREEMENT_PAUSED);
    }
    if (month.isBefore(YearMonth.from(agreement.getLocalDate("signed_on"))) || month.isAfter(YearMonth.from(today))) {
      return FlexibleAgreements.refuse(FlexibleProblems.MONTH_INVALID);
    }
    String accountNo = agreement.getString("account_no");
    // The bounds in force on the 1st of the month, as for supplementary payments.
    return new Policies(conn).asOf(month.atDay(1))
        .compose(policy -> {
          Problem refused = FlexibleProblems.checkAmount(amount, policy);
          return refused != null ? FlexibleAgreements.<Row>refuse(refused)
              : conn.preparedQuery("SELECT status, ledger_account FROM member_account WHERE account_no = $1 FOR UPDATE")
                  .execute(Tuple.of(accountNo)).map(rows -> rows.iterator().next());
        })
        .compose(account -> !"01".equals(account.getString("status"))
            ? FlexibleAgreements.<Row>refuse(AccountProblems.MEMBER_NOT_NORMAL)
            : checkNotPaid(conn, agreement.getString("person_id"), accountNo, month).map(account))
        .compose(account -> conn.query("SELECT 'D' || nextval('flexible_deposit_number') AS id").execute()
            .compose(next -> {
              String depositId = next.iterator().next().getString("id");
              String ref = "flexible-deposit:" + depositId;
              return ledger.post(conn, new Ledger.Posting("01", ref, ref, today, "灵活就业自愿缴存 " + month, List.of(
                      new Ledger.Entry(BANK, Ledger.Side.DEBIT, amount),
                      new Ledger.Entry(account.getString("ledger_account"), Ledger.Side.CREDIT, amount))))
                  .compose(posted -> conn.preparedQuery("""
                          INSERT INTO flexible_deposit (deposit_id, agreement_id, account_no, person_id, month, amount,
                                                        ledger_txn, recorded_by, request_id)
                          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *""")
                      .execute(Tuple.from(new Object[] {depositId, agreement.getString("agreement_id"), accountNo,
                          agreement.getString("person_id"), month.toString(), amount.toYuan(), posted.txnId(),
                          actor.id(), actor.requestId()})))
                  // Another deposit of the month committed meanwhile: the unique key has the last word.
                  .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                      ? FlexibleAgreements.refuse(FlexibleProblems.MONTH_PAID) : Future.failedFuture(e))
                  .map(rows -> toJson(rows.iterator().next()));
            }));
  }

  /**
   * A month is deposited once: by this account's own deposit, or for the person by an employer's list (an account
   * reused from employment may have its signing month on the former employer's list) or a supplementary list.
   */
  private static Future<Void> checkNotPaid(SqlConnection conn, String personId, String accountNo, YearMonth month) {
    return conn.preparedQuery("""
            SELECT EXISTS (SELECT 1 FROM flexible_deposit WHERE account_no = $2 AND month = $3)
                OR EXISTS (SELECT 1 FROM remittance_line l JOIN member_account m ON m.account_no = l.account_no
                            WHERE m.person_id = $1 AND l.month = $3)
                OR EXISTS (SELECT 1 FROM supplement_line WHERE person_id = $1 AND month = $3 AND active) AS paid""")
        .execute(Tuple.of(personId, accountNo, month.toString()))
        .compose(rows -> rows.iterator().next().getBoolean("paid")
            ? FlexibleAgreements.refuse(FlexibleProblems.MONTH_PAID) : Future.succeededFuture());
  }

  /** A page of the person's deposits, newest month first; the total counts them all. */
  Future<JsonObject> list(SqlClient sql, String personId, int page, int size) {
    Future<JsonArray> items = sql.preparedQuery("""
            SELECT * FROM flexible_deposit WHERE person_id = $1 ORDER BY month DESC, deposit_id DESC
             LIMIT $2 OFFSET $3""")
        .execute(Tuple.of(personId, size, (long) (page - 1) * size))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(row -> list.add(toJson(row)));
          return list;
        });
    Future<Long> total = sql.preparedQuery("SELECT count(*) FROM flexible_deposit WHERE person_id = $1")
        .execute(Tuple.of(personId)).map(rows -> rows.iterator().next().getLong(0));
    return Future.all(items, total).map(done -> new JsonObject().put("personId", personId).put("items", items.result())
        .put("page", page).put("size", size).put("total", total.result()));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("depositId", row.getString("deposit_id"))
        .put("agreementId", row.getString("agreement_id")).put("accountNo", row.getString("account_no"))
        .put("personId", row.getString("person_id")).put("month", row.getString("month"))
        .put("amount", Money.of(row.getBigDecimal("amount")).toString())
        .put("recordedBy", row.getString("recorded_by"))
        .put("recordedAt", row.getOffsetDateTime("recorded_at").toInstant().toString());
  }
}
