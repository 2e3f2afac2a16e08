package hpf.loan.servicing;

import hpf.crypto.FieldCipher;
import hpf.identity.SmsGatewayClient;
import hpf.review.NoticeSender;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;

/**
 * SMS notices of servicing: a reminder {@code loan.overdue.reminder_days_before} days before the installment a loan
 * owes next is due (once per loan and due date), and a refused deduction (written in the bank answer's transaction).
 * Each is sent after it commits by the review room's {@link NoticeSender}: claimed with SKIP LOCKED so two nodes never
 * send the same one, and tried again by the next run, at most {@link NoticeSender#MAX_ATTEMPTS} times. The table stays
 * this room's. The text names the contract and the day only: no amount, no name.
 */
final class LoanNotices {

  /** One pending notice with what its text needs. */
  private static final String CLAIM = """
      SELECT contract_id, person_id, kind, due_on FROM loan_notice
       WHERE notice_id = $1 AND status = 'PENDING' FOR UPDATE SKIP LOCKED""";

  private final Pool pool;
  private final NoticeSender sender;

  LoanNotices(Pool pool, FieldCipher fields, SmsGatewayClient sms) {
    this.pool = pool;
    this.sender = new NoticeSender(pool, fields, sms, new NoticeSender.Table("loan_notice", CLAIM, "person_id",
        LoanNotices::text));
  }

  /** The notice of a refused deduction, in the transaction that records the refusal. */
  static Future<Void> deductionFailed(SqlConnection conn, ServicedLoan loan, String deductionId, LocalDate day) {
    return conn.preparedQuery("""
            INSERT INTO loan_notice (contract_id, person_id, kind, ref, due_on) VALUES ($1, $2, 'DEDUCTION_FAILED', $3, $4)
            ON CONFLICT (kind, ref) DO NOTHING""")
        .execute(Tuple.of(loan.contractId(), loan.personId(), deductionId, day)).mapEmpty();
  }

  /** Reminders for the loans whose next installment is due {@code daysBefore} days after {@code today}. */
  Future<Integer> remind(LocalDate today, int daysBefore) {
    LocalDate due = today.plusDays(daysBefore);
    return pool.preparedQuery("""
            INSERT INTO loan_notice (contract_id, person_id, kind, ref, due_on)
            SELECT contract_id, person_id, 'DUE_REMINDER', contract_id || ':' || $1::date, $1::date FROM loan_contract
             WHERE state = 'ACTIVE' AND next_due_on = $1::date
            ON CONFLICT (kind, ref) DO NOTHING""")
        .execute(Tuple.of(due)).map(rows -> rows.rowCount());
  }

  /** Sends what is pending, one after the other; answers how many were sent. */
  Future<Integer> send() {
    return sender.send();
  }

  static String text(Row notice) {
    String contract = notice.getString("contract_id");
    LocalDate day = notice.getLocalDate("due_on");
    return "DEDUCTION_FAILED".equals(notice.getString("kind"))
        ? "【住房公积金】您的住房公积金贷款（合同 " + contract + "）" + day + " 扣款未成功，请及时在还款卡存足款项；宽限期内每日重新扣款，逾期将计收罚息。"
        : "【住房公积金】您的住房公积金贷款（合同 " + contract + "）将于 " + day + " 从还款卡扣款，请提前存足款项。";
  }
}
