package hpf.dataset;

import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database statements of the hot paths, as the rooms send them, with parameters for one generated member: the
 * member's (and staff's: the same operation) account read, a withdrawal submission (idempotency, locks, guards,
 * ledger, outbox, answer), the session and revocation lookups and the catalogue read. Kept in step with the rooms by
 * hand: a statement changed there is changed here (the class named before each group).
 */
final class HotPathStatements {

  private HotPathStatements() {}

  static Map<String, Tuple> of(Map<String, Object> m) {
    Object person = m.get("person_id");
    Object account = m.get("account_no");
    Object ledger = m.get("ledger_account");
    Map<String, Tuple> s = new LinkedHashMap<>();
    // hpf.account.MemberAccounts#ofPerson, hpf.ledger.Balances#of, hpf.ledger.LedgerQueries#netThrough
    s.put("""
        SELECT m.*,
               greatest((SELECT max(l.month) FROM remittance_line l JOIN remittance r USING (employer_id, month)
                          WHERE l.account_no = m.account_no AND r.status = 'PAID'),
                        (SELECT max(d.month) FROM flexible_deposit d WHERE d.account_no = m.account_no)) AS paid_through
          FROM member_account m
         WHERE m.person_id = $1 ORDER BY (m.status = '01') DESC, m.opened_on DESC, m.account_no DESC LIMIT 1""",
        Tuple.of(person));
    s.put("SELECT coalesce(sum(balance), 0) AS balance FROM ledger_balance WHERE account_id = $1", Tuple.of(ledger));
    s.put("""
        SELECT coalesce(sum(CASE e.side WHEN 'CREDIT' THEN e.amount ELSE -e.amount END), 0) AS net
          FROM ledger_entry e JOIN ledger_transaction t ON t.txn_id = e.txn_id
         WHERE e.account_id = $1 AND t.business_date <= $2""", Tuple.of(ledger, java.time.LocalDate.of(2026, 6, 30)));
    // hpf.kit.Idempotency
    s.put("SELECT operation, fingerprint, status, body FROM idempotency_record WHERE caller = $1 AND key = $2",
        Tuple.of("MEMBER:" + person, "k"));
    // hpf.identity.People#lock, hpf.account.MemberLocks
    s.put("SELECT 1 FROM person WHERE person_id = $1 FOR UPDATE", Tuple.of(person));
    s.put("""
        SELECT account_no, ledger_account, status FROM member_account
         WHERE person_id = $1 ORDER BY (status = '01') DESC, (status = '02') DESC, opened_on DESC, account_no DESC
         LIMIT 1 FOR UPDATE""", Tuple.of(person));
    s.put("SELECT 1 FROM member_account WHERE person_id = $1 ORDER BY account_no FOR UPDATE", Tuple.of(person));
    s.put("SELECT 1 FROM member_account WHERE account_no = $1 FOR UPDATE", Tuple.of(account));
    // hpf.withdrawal.WithdrawalGuards, PersonLists, ReasonChecks; hpf.account.BankCards; hpf.apps.ChannelApps
    s.put("SELECT 1 FROM blocked_person WHERE person_id = $1 AND list = $2 AND lifted_at IS NULL",
        Tuple.of(person, "BLOCKED"));
    s.put("""
        SELECT 1 FROM withdrawal_application WHERE account_no = $1 AND application_id IS DISTINCT FROM $2
           AND status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED')""", Tuple.from(new Object[] {account, null}));
    s.put("SELECT card_id, bank_code FROM bank_card WHERE person_id = $1 AND unbound_at IS NULL", Tuple.of(person));
    s.put("""
        SELECT 1 FROM withdrawal_application WHERE person_id = $1 AND (reason = $2 OR closing)
           AND status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED')""", Tuple.of(person, "06"));
    s.put("SELECT app_id FROM channel_app WHERE app_type = $1", Tuple.of("MOBILE"));
    s.put("""
        SELECT coalesce(sum(w.amount), 0) AS drawn
          FROM withdrawal_application w
         WHERE w.person_id = $1 AND w.app_id = ANY($2)
           AND w.status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED', 'PAID')
           AND w.created_at >= date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'""",
        Tuple.of(person, (Object) new String[] {"app"}));
    s.put("""
        SELECT coalesce(sum(amount), 0) AS drawn FROM withdrawal_application
         WHERE person_id = $1 AND reason = $2 AND status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED', 'PAID')
           AND created_at >= date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'""",
        Tuple.of(person, "06"));
    // hpf.ledger.Ledger and Balances: a posting's statements, and the balanced-at-commit trigger's sum
    s.put("SELECT txn_id, fingerprint FROM ledger_transaction WHERE idempotency_key = $1", Tuple.of("withdrawal:W1"));
    s.put("SELECT account_id, normal_side, allow_negative, buckets FROM ledger_account WHERE account_id = ANY ($1)",
        Tuple.of((Object) new String[] {(String) ledger, "PAYABLE:withdrawals"}));
    s.put("""
        UPDATE ledger_balance SET balance = balance + $2, updated_at = now()
         WHERE account_id = $1 AND bucket = pg_backend_pid() % $3 AND ($4 OR balance + $2 >= 0)""",
        Tuple.of("PAYABLE:withdrawals", new BigDecimal("1.00"), 16, false));
    s.put("""
        UPDATE ledger_balance SET balance = balance + $2, updated_at = now()
         WHERE account_id = $1 AND bucket = pg_backend_pid() % $3 AND ($4 OR balance + $2 >= 0)
        -- the member's own account""",
        Tuple.of(ledger, new BigDecimal("-1.00"), 1, false));
    s.put("SELECT coalesce(sum(CASE side WHEN 'DEBIT' THEN amount ELSE -amount END), 0) FROM ledger_entry WHERE txn_id = $1",
        Tuple.of(m.get("txn_id")));
    // hpf.withdrawal.WithdrawalRecords#one, hpf.settlement.SettlementOutbox#statuses
    s.put("""
        SELECT w.application_id, w.person_id, w.account_no, w.reason, w.amount, w.status, w.closing, w.details,
               w.heir_name, w.created_at, w.updated_at, w.instruction_id, w.interest_txn,
               (SELECT json_agg(json_build_object('source', c.source, 'outcome', c.outcome, 'detail', c.detail)
                                ORDER BY c.source) FROM withdrawal_check c WHERE c.application_id = w.application_id) AS checks,
               (SELECT json_agg(json_build_object('stage', r.stage, 'decision', r.decision, 'staffId', r.staff_id,
                                'comment', r.comment, 'decidedAt', r.decided_at) ORDER BY r.decided_at)
                  FROM withdrawal_review r WHERE r.application_id = w.application_id) AS reviews
          FROM withdrawal_application w WHERE w.application_id = $1 AND w.person_id = $2""",
        Tuple.of(m.get("application_id"), person));
    s.put("SELECT instruction_id, status FROM settlement_instruction WHERE instruction_id = ANY ($1)",
        Tuple.of((Object) new java.util.UUID[] {(java.util.UUID) m.get("instruction_id")}));
    // hpf.identity.Revocations, Sessions#refresh
    s.put("SELECT revoked_at IS NOT NULL FROM session WHERE session_id = $1", Tuple.of(m.get("session_id")));
    s.put("""
        UPDATE session SET previous_refresh_hash = refresh_hash, refresh_hash = $2, rotated_at = now()
         WHERE refresh_hash = $1 AND app_id = $3 AND revoked_at IS NULL AND refresh_expires > now()
         RETURNING session_id, subject_kind, subject_id, roles, refresh_expires""",
        Tuple.of(m.get("refresh_hash"), "next", "app"));
    // hpf.catalogue.ServiceItemStore
    String where = """
         WHERE ($1::text IS NULL OR category = $1)
           AND ($2::text IS NULL OR $2 = ANY (channels))
           AND ($3::boolean IS NULL OR cross_province = $3)
           AND ($4::boolean IS NULL OR fully_online = $4)""";
    s.put("SELECT code, name, category, cross_province, fully_online, channels, materials, description FROM service_item "
        + where + " ORDER BY sort_order LIMIT $5 OFFSET $6", Tuple.from(new Object[] {null, null, null, null, 20, 0}));
    s.put("SELECT count(*) AS total FROM service_item " + where, Tuple.from(new Object[] {null, null, null, null}));
    return s;
  }
}
