package hpf.loan.servicing;

import hpf.crypto.FieldCipher;
import hpf.identity.People;
import hpf.identity.SmsGatewayClient;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * SMS notices of servicing: a reminder {@code loan.overdue.reminder_days_before} days before the installment a loan
 * owes next is due (once per loan and due date), and a refused deduction (written in the bank answer's transaction).
 * Each is sent after it commits, claimed with SKIP LOCKED so two nodes never send the same one, and tried again by the
 * next run, at most {@link #MAX_ATTEMPTS} times. The text names the contract and the day only: no amount, no name.
 */
final class LoanNotices {

  static final int MAX_ATTEMPTS = 5;
  private static final int BATCH = 50;

  private final Pool pool;
  private final People people;
  private final SmsGatewayClient sms;

  LoanNotices(Pool pool, FieldCipher fields, SmsGatewayClient sms) {
    this.pool = pool;
    this.people = new People(fields);
    this.sms = sms;
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
    return pool.preparedQuery("SELECT notice_id FROM loan_notice WHERE status = 'PENDING' ORDER BY notice_id LIMIT $1")
        .execute(Tuple.of(BATCH)).compose(rows -> {
          List<Long> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getLong("notice_id")));
          Future<Integer> chain = Future.succeededFuture(0);
          for (long id : ids) {
            // One unreachable phone or gateway does not stop the others.
            chain = chain.compose(sent -> one(id).map(done -> done ? sent + 1 : sent).recover(e -> failed(id).map(sent)));
          }
          return chain;
        });
  }

  private Future<Boolean> one(long noticeId) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT contract_id, person_id, kind, due_on FROM loan_notice
             WHERE notice_id = $1 AND status = 'PENDING' FOR UPDATE SKIP LOCKED""")
        .execute(Tuple.of(noticeId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          Row notice = rows.iterator().next();
          return people.phone(conn, notice.getString("person_id"))
              .compose(phone -> phone == null ? Future.<Void>failedFuture(new IllegalStateException("no phone"))
                  : sms.send(phone, text(notice)))
              .compose(sent -> conn.preparedQuery("""
                      UPDATE loan_notice SET status = 'SENT', sent_at = now(), attempts = attempts + 1
                       WHERE notice_id = $1""").execute(Tuple.of(noticeId)))
              .map(updated -> true);
        }));
  }

  private Future<Void> failed(long noticeId) {
    return pool.preparedQuery("""
            UPDATE loan_notice SET attempts = attempts + 1,
                   status = CASE WHEN attempts + 1 >= $2 THEN 'FAILED' ELSE 'PENDING' END
             WHERE notice_id = $1 AND status = 'PENDING'""")
        .execute(Tuple.of(noticeId, MAX_ATTEMPTS)).mapEmpty();
  }

  static String text(Row notice) {
    String contract = notice.getString("contract_id");
    LocalDate day = notice.getLocalDate("due_on");
    return "DEDUCTION_FAILED".equals(notice.getString("kind"))
        ? "【住房公积金】您的住房公积金贷款（合同 " + contract + "）" + day + " 扣款未成功，请及时在还款卡存足款项；宽限期内每日重新扣款，逾期将计收罚息。"
        : "【住房公积金】您的住房公积金贷款（合同 " + contract + "）将于 " + day + " 从还款卡扣款，请提前存足款项。";
  }
}
