package hpf.account;

import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Transfer-out to another center (异地转移接续，转出): a sealed account is closed as 04 (外部转出销户) and its whole
 * balance, with the interest accrued to the day before the transfer date, goes to the receiving center's account:
 * interest credit, member → transfers payable (business type 07) and the instruction (BusType 17) in one
 * transaction. While the instruction is still pending it can be called off: reversing entries, the account sealed
 * again, the instruction void.
 */
final class TransfersOut {

  static final String PAYABLE = "PAYABLE:transfers";
  private static final String SEALED = "02";
  private static final String TRANSFERRED_OUT = "04";

  static final Problem NOT_SEALED = new Problem(422, "TRANSFER_ACCOUNT_NOT_SEALED", "账户未封存",
      "转出前个人账户须已封存（原单位已办理减员）。");
  static final Problem CREDITS_PENDING = new Problem(409, "TRANSFER_CREDITS_PENDING", "存在未入账的缴存",
      "该账户还有已生成但未入账的汇缴或补缴清册，入账或撤销后才能转出。");
  static final Problem NOTHING_TO_TRANSFER = new Problem(422, "NOTHING_TO_TRANSFER", "账户无可转出余额", "该账户没有可转出的余额。");
  static final Problem NOT_FOUND = new Problem(404, "TRANSFER_NOT_FOUND", "转出记录不存在", "未找到该转出记录。");
  static final Problem NOT_CANCELLABLE = new Problem(409, "TRANSFER_NOT_CANCELLABLE", "转出不能撤销",
      "该转出已撤销，或资金已交银行划转，不能撤销。");

  /** The receiving center and its account. */
  record Target(String centerCode, String centerName, String bankCode, String accountName, String accountNumber) {}

  private final Ledger ledger = new Ledger();
  private final SettlementOutbox outbox = new SettlementOutbox();
  private final AccountClosing closing = new AccountClosing();
  private final PayeeAccounts payees;

  TransfersOut(PayeeAccounts payees) {
    this.payees = payees;
  }

  Future<JsonObject> transfer(SqlConnection conn, String personId, Target target, String actor, LocalDate today) {
    return lockAccount(conn, personId)
        .compose(account -> closing.creditsPending(conn, account.getString("account_no"))
            .compose(pending -> pending ? Future.<Row>failedFuture(new ProblemException(CREDITS_PENDING))
                : Future.succeededFuture(account)))
        .compose(account -> conn.query("SELECT 'T' || nextval('transfer_number') AS id")
        .execute().map(rows -> rows.iterator().next().getString("id"))
        .compose(id -> {
          String accountNo = account.getString("account_no");
          String ledgerAccount = account.getString("ledger_account");
          String ref = "transfer-out:" + id;
          return closing.accrueInterest(conn, accountNo, ledgerAccount, today, id)
              .compose(accrued -> ledger.balance(conn, ledgerAccount).compose(balance -> !balance.isPositive()
                  ? Future.<JsonObject>failedFuture(new ProblemException(NOTHING_TO_TRANSFER))
                  // Business type 07 外部转出 (JGJ/T 320 A.5).
                  : ledger.post(conn, new Ledger.Posting("07", ref, ref, today, "转出至 " + target.centerName(), List.of(
                          new Ledger.Entry(ledgerAccount, Ledger.Side.DEBIT, balance),
                          new Ledger.Entry(PAYABLE, Ledger.Side.CREDIT, balance))))
                      .compose(posted -> closing.change(conn, accountNo, SEALED, TRANSFERRED_OUT)
                          .compose(v -> payees.register(conn, target.bankCode(), target.accountName(), target.accountNumber()))
                          // BusType 17 cross-region transfer-out (bank settlement interface).
                          .compose(payee -> outbox.enqueueHeld(conn, new SettlementOutbox.ToAccount("17", payee, balance, ref),
                              actor))
                          .compose(instruction -> conn.preparedQuery("""
                                  INSERT INTO transfer_out (transfer_id, person_id, account_no, target_center, target_name,
                                                            amount, interest, status, ledger_txn, interest_txn,
                                                            instruction_id, requested_by)
                                  VALUES ($1, $2, $3, $4, $5, $6, $7, 'APPROVED', $8, $9, $10, $11)""")
                              .execute(Tuple.from(new Object[] {id, personId, accountNo, target.centerCode(),
                                  target.centerName(), balance.toYuan(), accrued.interest().toYuan(), posted.txnId(),
                                  accrued.txnId(), instruction, actor}))))
                      .compose(v -> one(conn, personId, id))));
        }));
  }

  Future<JsonObject> cancel(SqlConnection conn, String personId, String transferId, LocalDate today) {
    return conn.preparedQuery("SELECT * FROM transfer_out WHERE transfer_id = $1 AND person_id = $2 FOR UPDATE")
        .execute(Tuple.of(transferId, personId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(NOT_FOUND));
          }
          Row row = rows.iterator().next();
          if (!"APPROVED".equals(row.getString("status"))) {
            return Future.failedFuture(new ProblemException(NOT_CANCELLABLE));
          }
          return outbox.cancel(conn, row.getUUID("instruction_id")).compose(cancelled -> {
            if (!cancelled) {
              return Future.<JsonObject>failedFuture(new ProblemException(NOT_CANCELLABLE));
            }
            return undo(conn, transferId, row, today, "transfer-cancel", "CANCELLED")
                .compose(v -> one(conn, personId, transferId));
          });
        });
  }

  /**
   * Undoes a transfer whose money did not leave (cancelled while pending, or refused by the bank): reversing
   * entries, the account sealed again, the transfer in {@code status}. {@code row} is the locked transfer.
   */
  static Future<Void> undo(SqlConnection conn, String transferId, Row row, LocalDate today, String keyPrefix,
                           String status) {
    Ledger ledger = new Ledger();
    Future<?> reversed = ledger.reverse(conn, row.getUUID("ledger_txn"), keyPrefix + ":" + transferId, today,
        "转出撤销");
    if (row.getUUID("interest_txn") != null) {
      reversed = reversed.compose(v -> ledger.reverse(conn, row.getUUID("interest_txn"),
          keyPrefix + "-interest:" + transferId, today, "转出结息撤销"));
    }
    return reversed.compose(v -> new AccountClosing().change(conn, row.getString("account_no"), TRANSFERRED_OUT, SEALED))
        .compose(v -> conn.preparedQuery("UPDATE transfer_out SET status = $2, updated_at = now() WHERE transfer_id = $1")
            .execute(Tuple.of(transferId, status)))
        .mapEmpty();
  }

  Future<JsonArray> list(SqlClient sql, String personId) {
    return sql.preparedQuery(SELECT + " WHERE t.person_id = $1 ORDER BY t.created_at DESC, t.transfer_id DESC LIMIT 50")
        .execute(Tuple.of(personId))
        .compose(rows -> withPaymentStatus(sql, rows));
  }

  private static final String SELECT = "SELECT t.* FROM transfer_out t";

  private Future<JsonObject> one(SqlClient sql, String personId, String transferId) {
    return sql.preparedQuery(SELECT + " WHERE t.transfer_id = $1 AND t.person_id = $2")
        .execute(Tuple.of(transferId, personId))
        .compose(rows -> withPaymentStatus(sql, rows))
        .map(items -> items.getJsonObject(0));
  }

  /** The transfers with the state of their instruction, as hpf.settlement tells it. */
  private Future<JsonArray> withPaymentStatus(SqlClient sql, Iterable<Row> rows) {
    List<Row> transfers = new ArrayList<>();
    rows.forEach(transfers::add);
    return outbox.statuses(sql, transfers.stream().map(row -> row.getUUID("instruction_id")).toList())
        .map(statuses -> {
          JsonArray items = new JsonArray();
          transfers.forEach(row -> items.add(toJson(row, statuses.get(row.getUUID("instruction_id")))));
          return items;
        });
  }

  /** The person's latest account, locked with the person; it must be sealed (the employer removed the member). */
  private static Future<Row> lockAccount(SqlConnection conn, String personId) {
    return MemberLocks.person(conn, personId)
        .compose(locked -> conn.preparedQuery("""
            SELECT account_no, ledger_account, status FROM member_account WHERE person_id = $1
             ORDER BY (status IN ('01', '02')) DESC, opened_on DESC, account_no DESC LIMIT 1 FOR UPDATE""")
            .execute(Tuple.of(personId)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(AccountProblems.ACCOUNT_NOT_FOUND));
          }
          Row row = rows.iterator().next();
          return SEALED.equals(row.getString("status")) ? Future.succeededFuture(row)
              : Future.failedFuture(new ProblemException(NOT_SEALED));
        });
  }

  private static JsonObject toJson(Row row, String paymentStatus) {
    return new JsonObject().put("transferId", row.getString("transfer_id")).put("personId", row.getString("person_id"))
        .put("accountNo", row.getString("account_no")).put("targetCenter", row.getString("target_center"))
        .put("targetName", row.getString("target_name"))
        .put("amount", Money.of(row.getBigDecimal("amount")).toString())
        .put("interest", Money.of(row.getBigDecimal("interest")).toString())
        .put("status", row.getString("status")).put("paymentStatus", paymentStatus)
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
  }
}
