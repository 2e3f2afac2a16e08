package hpf.account;

import hpf.kit.Money;
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
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Overpayment refunds (多缴退款): part of what was paid for a member and month goes back to the employer. One
 * transaction posts member → refunds payable, enqueues the payment instruction to the employer's account and
 * records the refund. The member account is locked first, so refunds of one account are checked one after the
 * other against what was paid less what was already refunded; the ledger's guard keeps the balance from going
 * negative. Owns the refund SQL.
 */
final class ContributionRefunds {

  /** The center's refunds payable (退款在途应付), opened by migration V23. */
  static final String PAYABLE = "PAYABLE:refunds";
  /** BusType 01 (remittance): a refund of remittance money is part of the remittance business at the bank. */
  private static final String BUS_TYPE_REMITTANCE = "01";

  /** What was asked: whose month, how much, why, and the employer's account to pay back. */
  record Request(String employerId, String accountNo, YearMonth month, Money amount, String reason, String payeeBank,
                 String payeeName, String payeeNumber, String requestedBy) {}

  private final Ledger ledger = new Ledger();
  private final SettlementOutbox outbox = new SettlementOutbox();
  private final PayeeAccounts payees;

  ContributionRefunds(PayeeAccounts payees) {
    this.payees = payees;
  }

  Future<JsonObject> refund(SqlConnection conn, Request request, LocalDate today) {
    return conn.preparedQuery("""
            SELECT ledger_account FROM member_account m WHERE account_no = $1
               -- Its member now, or once (the account moved to another employer since: 启封 keeps the account).
               AND (employer_id = $2 OR EXISTS (SELECT 1 FROM remittance_line l
                                                 WHERE l.account_no = m.account_no AND l.employer_id = $2))
             FOR UPDATE""")
        .execute(Tuple.of(request.accountNo(), request.employerId()))
        .compose(rows -> rows.size() == 0 ? Supplements.<Row>refuse(AccountProblems.ACCOUNT_NOT_FOUND)
            : Future.succeededFuture(rows.iterator().next()))
        .compose(account -> paid(conn, request)
            .compose(paid -> {
              if (paid.getBigDecimal("paid").signum() <= 0) {
                return Supplements.refuse(ContributionProblems.REFUND_MONTH_NOT_PAID);
              }
              Money room = Money.of(paid.getBigDecimal("paid")).minus(Money.of(paid.getBigDecimal("refunded")));
              return request.amount().compareTo(room) > 0 ? Supplements.refuse(ContributionProblems.REFUND_EXCEEDS_PAID)
                  : post(conn, request, account.getString("ledger_account"), paid.getString("business_type"), today);
            }));
  }

  /** What was paid for the account and month (remitted and supplemented lists that were paid), and refunded. */
  private static Future<Row> paid(SqlConnection conn, Request request) {
    return conn.preparedQuery("""
            WITH remitted AS (
                   SELECT coalesce(sum(l.employer_share + l.member_share), 0) AS amount
                     FROM remittance_line l JOIN remittance r ON r.employer_id = l.employer_id AND r.month = l.month
                    WHERE l.account_no = $1 AND l.month = $2 AND r.status = 'PAID' AND l.employer_id = $3),
                 supplemented AS (
                   SELECT coalesce(sum(l.employer_share + l.member_share), 0) AS amount
                     FROM supplement_line l JOIN supplement s ON s.supplement_id = l.supplement_id
                    WHERE l.account_no = $1 AND l.month = $2 AND s.status = 'PAID' AND s.employer_id = $3)
            SELECT remitted.amount + supplemented.amount AS paid,
                   CASE WHEN supplemented.amount > 0 THEN '02' ELSE '01' END AS business_type,
                   (SELECT coalesce(sum(amount), 0) FROM contribution_refund
                     WHERE account_no = $1 AND month = $2 AND employer_id = $3) AS refunded
              FROM remitted, supplemented""")
        // What this employer paid for the account and month: an account moved to another employer since (启封)
        // is still refunded to the employer that paid, and only to it.
        .execute(Tuple.of(request.accountNo(), request.month().toString(), request.employerId()))
        .map(rows -> rows.iterator().next());
  }

  /** Member → refunds payable under the business type of what is refunded (01 汇缴 or 02 补缴), and the payment. */
  private Future<JsonObject> post(SqlConnection conn, Request request, String memberAccount, String businessType,
                                  LocalDate today) {
    return conn.query("SELECT 'R' || nextval('contribution_refund_number') AS id").execute().compose(next -> {
      String refundId = next.iterator().next().getString("id");
      String ref = "refund:" + refundId;
      return ledger.post(conn, new Ledger.Posting(businessType, ref, ref, today, "多缴退款 " + request.month(), List.of(
              new Ledger.Entry(memberAccount, Ledger.Side.DEBIT, request.amount()),
              new Ledger.Entry(PAYABLE, Ledger.Side.CREDIT, request.amount()))))
          .compose(posted -> payees.register(conn, request.payeeBank(), request.payeeName(), request.payeeNumber())
              .compose(payee -> outbox.enqueueHeld(conn, new SettlementOutbox.ToAccount(BUS_TYPE_REMITTANCE, payee,
                      request.amount(), ref), request.requestedBy())
                  .compose(instruction -> conn.preparedQuery("""
                          INSERT INTO contribution_refund (refund_id, employer_id, account_no, month, amount, reason,
                                                           payee_bank, payee_name, payee_masked, ledger_txn, instruction_id)
                          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""")
                      .execute(Tuple.from(new Object[] {refundId, request.employerId(), request.accountNo(),
                          request.month().toString(), request.amount().toYuan(), request.reason(), payee.bankCode(),
                          payee.accountName(), payee.maskedNumber(), posted.txnId(), instruction})))))
          .compose(v -> list(conn, request.employerId(), refundId))
          .map(items -> items.getJsonObject(0));
    });
  }

  /** The employer's refunds, newest first (the last 100), or the one named, with the state of their payment. */
  Future<JsonArray> list(SqlClient sql, String employerId, String refundId) {
    return sql.preparedQuery("""
            SELECT refund_id, employer_id, account_no, month, amount, reason, payee_bank, payee_name, payee_masked,
                   instruction_id, created_at
              FROM contribution_refund WHERE employer_id = $1 AND ($2::text IS NULL OR refund_id = $2)
             ORDER BY created_at DESC, refund_id DESC LIMIT 100""")
        .execute(Tuple.of(employerId, refundId))
        .compose(rows -> {
          List<UUID> instructions = new ArrayList<>();
          rows.forEach(row -> instructions.add(row.getUUID("instruction_id")));
          return outbox.statuses(sql, instructions).map(statuses -> {
            JsonArray items = new JsonArray();
            rows.forEach(row -> items.add(new JsonObject().put("refundId", row.getString("refund_id"))
                .put("employerId", row.getString("employer_id")).put("accountNo", row.getString("account_no"))
                .put("month", row.getString("month")).put("amount", Money.of(row.getBigDecimal("amount")).toString())
                .put("reason", row.getString("reason")).put("payeeBankCode", row.getString("payee_bank"))
                .put("payeeAccountName", row.getString("payee_name"))
                .put("payeeAccountNo", row.getString("payee_masked"))
                .put("paymentStatus", statuses.get(row.getUUID("instruction_id")))
                .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())));
            return items;
          });
        });
  }
}
