package hpf.settlement.inbound;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;

/**
 * The SQL on {@code bank_notice} (V38): every notice a bank pushed, append-only, with what it matched and the answer
 * given, which a repeated notice id gets again. Keys are locked (transaction-scoped advisory locks) before they are
 * looked up, so concurrent duplicates wait for the first and then find it.
 */
final class NoticeLog {

  /** A notice as recorded: the fields of either kind (null where a kind has none). */
  record Entry(String bankCode, String noticeId, String kind, String fingerprint, String hostSeqNo, String accountNo,
               Boolean credit, String payerName, String payerBank, String payerMasked, Money amount,
               LocalDate valueDate, String summary, String serialNo, String result, String returnCode,
               String outcome, String matchedRef, boolean flagged, String detail) {}

  /** A recorded notice: its fingerprint and the answer it got. */
  record Recorded(String fingerprint, JsonObject answer) {}

  Future<Void> lock(SqlConnection conn, String key) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .execute(Tuple.of("bank-notice:" + key)).mapEmpty();
  }

  Future<Recorded> find(SqlConnection conn, String bankCode, String noticeId) {
    return conn.preparedQuery("SELECT fingerprint, answer FROM bank_notice WHERE bank_code = $1 AND notice_id = $2")
        .execute(Tuple.of(bankCode, noticeId))
        .map(rows -> rows.size() == 0 ? null : new Recorded(rows.iterator().next().getString("fingerprint"),
            new JsonObject(rows.iterator().next().getString("answer"))));
  }

  /** The notice id that first carried a booking of this bank (null when none did). */
  Future<String> bookedBy(SqlConnection conn, String bankCode, String hostSeqNo) {
    return conn.preparedQuery("""
            SELECT notice_id FROM bank_notice WHERE bank_code = $1 AND host_seq_no = $2 AND kind = 'ACCOUNT_CHANGE'
               AND outcome <> 'DUPLICATE'""")
        .execute(Tuple.of(bankCode, hostSeqNo))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("notice_id"));
  }

  Future<Void> append(SqlConnection conn, Entry e, JsonObject answer) {
    return conn.preparedQuery("""
            INSERT INTO bank_notice (bank_code, notice_id, kind, fingerprint, host_seq_no, account_no, credit, payer_name,
                                     payer_bank, payer_masked, amount, value_date, summary, serial_no, result,
                                     return_code, outcome, matched_ref, flagged, detail, answer)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)""")
        .execute(Tuple.from(new Object[] {e.bankCode(), e.noticeId(), e.kind(), e.fingerprint(), e.hostSeqNo(),
            e.accountNo(), e.credit(), e.payerName(), e.payerBank(), e.payerMasked(), e.amount().toYuan(),
            e.valueDate(), e.summary(), e.serialNo(), e.result(), e.returnCode(), e.outcome(), e.matchedRef(),
            e.flagged(), e.detail(), answer.encode()}))
        .mapEmpty();
  }
}
