package hpf.account;

import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.YearMonth;
import java.util.UUID;

/**
 * Direct debit of remittances (委托收款): the employer's authorisation names one bank account (a settlement payee,
 * encrypted and masked); collecting a due list enqueues a COLLECT instruction for its total and marks the list
 * COLLECTING in the same transaction; when the bank reports the collection done (the settlement room calls
 * {@link #collected}), every member is credited exactly as a received payment does. A collection still pending
 * at the bank can be called off, and the list is due again.
 */
final class DirectDebits {

  /** BusType 01 remittance (bank settlement interface). */
  private static final String BUS_TYPE_REMITTANCE = "01";

  static final Problem NOT_AUTHORIZED = new Problem(422, "DIRECT_DEBIT_NOT_AUTHORIZED", "未签订委托收款协议",
      "该单位没有有效的委托收款协议，请先签订协议或以转账方式汇缴。");
  static final Problem AUTHORIZATION_NOT_FOUND = new Problem(404, "DIRECT_DEBIT_NOT_FOUND", "委托收款协议不存在",
      "该单位没有有效的委托收款协议。");
  static final Problem BEING_COLLECTED = new Problem(409, "REMITTANCE_BEING_COLLECTED", "清册正在委托收款",
      "该月汇缴正在通过委托收款向银行扣款，扣款结果返回前不能以其他方式入账；如需改为转账，请先撤销委托收款。");
  static final Problem NOT_COLLECTING = new Problem(409, "REMITTANCE_NOT_COLLECTING", "清册不在委托收款中",
      "该月汇缴清册没有待银行处理的委托收款。");

  private final PayeeAccounts payees;
  private final SettlementOutbox outbox = new SettlementOutbox();
  private final Remittances remittances;

  DirectDebits(PayeeAccounts payees, Clock clock) {
    this.payees = payees;
    this.remittances = new Remittances(new Ledger(), clock);
  }

  /** Signs (or replaces) the employer's authorisation for the given account. */
  Future<JsonObject> authorize(SqlConnection conn, String employerId, String bankCode, String accountName,
                               String accountNumber, String actor) {
    return conn.preparedQuery("SELECT 1 FROM employer WHERE employer_id = $1 FOR UPDATE").execute(Tuple.of(employerId))
        .compose(locked -> revokeCurrent(conn, employerId, actor))
        .compose(v -> payees.register(conn, bankCode, accountName, accountNumber))
        .compose(payee -> conn.preparedQuery("""
                INSERT INTO direct_debit_authorization (employer_id, payee_id, signed_by) VALUES ($1, $2, $3)""")
            .execute(Tuple.of(employerId, payee.payeeId(), actor)))
        .compose(v -> current(conn, employerId));
  }

  /** Revokes the current authorisation; refused when there is none. */
  Future<JsonObject> revoke(SqlConnection conn, String employerId, String actor) {
    return current(conn, employerId)
        .compose(found -> revokeCurrent(conn, employerId, actor).map(found.put("active", false)));
  }

  private static Future<Void> revokeCurrent(SqlConnection conn, String employerId, String actor) {
    return conn.preparedQuery("""
            UPDATE direct_debit_authorization SET revoked_by = $2, revoked_at = now()
             WHERE employer_id = $1 AND revoked_at IS NULL""")
        .execute(Tuple.of(employerId, actor)).mapEmpty();
  }

  /** The current authorisation with the account masked; refused when there is none. */
  Future<JsonObject> current(SqlClient sql, String employerId) {
    return sql.preparedQuery("""
            SELECT employer_id, signed_by, signed_at, payee_id FROM direct_debit_authorization
             WHERE employer_id = $1 AND revoked_at IS NULL""")
        .execute(Tuple.of(employerId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(AUTHORIZATION_NOT_FOUND))
            : PayeeAccounts.find(sql, rows.iterator().next().getLong("payee_id"))
                .map(payee -> toJson(rows.iterator().next(), payee)));
  }

  /** Collects a due list from the authorised account: instruction and COLLECTING in one transaction. */
  Future<JsonObject> collect(SqlConnection conn, String employerId, YearMonth month) {
    return lockList(conn, employerId, month).compose(list -> {
      if (!"DUE".equals(list.getString("status"))) {
        return Future.failedFuture(new ProblemException("PAID".equals(list.getString("status"))
            ? Remittances.ALREADY_PAID : BEING_COLLECTED));
      }
      return conn.preparedQuery("SELECT payee_id FROM direct_debit_authorization WHERE employer_id = $1 AND revoked_at IS NULL")
          .execute(Tuple.of(employerId))
          .compose(found -> found.size() == 0 ? Future.<PayeeAccounts.Payee>failedFuture(new ProblemException(NOT_AUTHORIZED))
              : PayeeAccounts.find(conn, found.iterator().next().getLong("payee_id")))
          .compose(payee -> outbox.enqueueCollection(conn, new SettlementOutbox.ToAccount(BUS_TYPE_REMITTANCE, payee,
              Money.of(list.getBigDecimal("total")), "remittance:" + employerId + ":" + month)))
          .compose(instruction -> conn.preparedQuery("""
                  UPDATE remittance SET status = 'COLLECTING', collection_instruction = $3
                   WHERE employer_id = $1 AND month = $2""")
              .execute(Tuple.of(employerId, month.toString(), instruction)))
          .compose(v -> remittances.read(conn, employerId, month));
    });
  }

  /** Calls off a collection the bank has not been sent yet; the list is due again. */
  Future<JsonObject> cancel(SqlConnection conn, String employerId, YearMonth month) {
    return lockList(conn, employerId, month).compose(list -> {
      if (!"COLLECTING".equals(list.getString("status"))) {
        return Future.failedFuture(new ProblemException(NOT_COLLECTING));
      }
      return outbox.cancel(conn, list.getUUID("collection_instruction"))
          .compose(cancelled -> !cancelled ? Future.<Void>failedFuture(new ProblemException(BEING_COLLECTED))
              : conn.preparedQuery("""
                      UPDATE remittance SET status = 'DUE', collection_instruction = NULL
                       WHERE employer_id = $1 AND month = $2""")
                  .execute(Tuple.of(employerId, month.toString())).mapEmpty())
          .compose(v -> remittances.read(conn, employerId, month));
    });
  }

  /**
   * The bank collected the list of this instruction (the settlement room's dispatcher calls this with the
   * confirmed result, in its own transaction): every member is credited from the center's bank account.
   */
  Future<JsonObject> collected(SqlConnection conn, UUID instructionId) {
    return conn.preparedQuery("SELECT employer_id, month, total FROM remittance WHERE collection_instruction = $1")
        .execute(Tuple.of(instructionId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(NOT_COLLECTING));
          }
          Row list = rows.iterator().next();
          return remittances.pay(conn, list.getString("employer_id"), YearMonth.parse(list.getString("month")),
              Funds.collectedByDebit(Money.of(list.getBigDecimal("total"))));
        });
  }

  private static Future<Row> lockList(SqlConnection conn, String employerId, YearMonth month) {
    return conn.preparedQuery("""
            SELECT status, total, collection_instruction FROM remittance
             WHERE employer_id = $1 AND month = $2 FOR UPDATE""")
        .execute(Tuple.of(employerId, month.toString()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(Remittances.NOT_FOUND))
            : Future.succeededFuture(rows.iterator().next()));
  }

  private static JsonObject toJson(Row row, PayeeAccounts.Payee payee) {
    return new JsonObject().put("employerId", row.getString("employer_id")).put("active", true)
        .put("bankCode", payee.bankCode()).put("accountName", payee.accountName())
        .put("accountNumber", payee.maskedNumber()).put("signedBy", row.getString("signed_by"))
        .put("signedAt", row.getOffsetDateTime("signed_at").toInstant().toString());
  }
}
