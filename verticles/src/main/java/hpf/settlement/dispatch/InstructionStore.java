package hpf.settlement.dispatch;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The dispatcher's SQL on {@code settlement_instruction} and {@code settlement_attempt}. Claims take rows with
 * {@code FOR UPDATE SKIP LOCKED} and give them a lease owned by one instance; every later change of a claimed row
 * names that owner, so an instance that lost its lease (it was too slow, another took the row as UNKNOWN) changes
 * nothing but the attempt log.
 */
final class InstructionStore {

  /** A claimed instruction: what to send or to ask about. */
  record Claimed(UUID instructionId, String serialNo, String busType, String bankCode, String payingBank,
                 Long payeeCardId,
                 Long payeeAccountId, String payeeName, Money amount, boolean collection, String businessRef,
                 LocalDate sentOn, int attempts, int checks, Instant lastSentAt, String bankSerial,
                 BankGateway.Split split) {

    /** The serial the bank knows it by: a batch row's {@code <batch serial>-<seq>}, else the instruction's own. */
    String knownAs() {
      return bankSerial == null ? serialNo : bankSerial;
    }

    /** A row of a batch file: the bank got (or may have got) it only inside its file. */
    boolean batchRow() {
      return bankSerial != null;
    }

    /** A loan deduction (BusType 05, collected from the borrower's repayment card): sent in BDC105 files. */
    boolean loanDeduction() {
      return collection && LOAN_DEDUCTION.equals(busType);
    }
  }

  static final String COLUMNS = """
      instruction_id, serial_no, bus_type, bank_code, paying_bank, payee_card_id, payee_account_id, payee_name, amount, direction,
      business_ref, sent_on, attempts, checks, last_sent_at, bank_serial, split_principal, split_interest, split_penalty""";

  /** BusType of a loan deduction (codes.md). */
  static final String LOAN_DEDUCTION = "05";

  private final Pool pool;

  InstructionStore(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /**
   * PENDING instructions due for payees at {@code payingBank} (and, for the clearing bank, at any bank that is not
   * one of {@code partnerBanks}) become SENT through {@code payingBank} under this owner's lease: the send is about
   * to happen. The paying bank is fixed at the first send. While the batch window is open, same-bank payouts and
   * loan deductions are left to the batch files ({@link BatchStore#claimBatch}, same conditions).
   */
  Future<List<Claimed>> claimToSend(String payingBank, boolean clearing, List<String> partnerBanks, int limit,
                                    String owner, Duration lease, LocalDate today, boolean batchWindow) {
    return pool.preparedQuery("""
            UPDATE settlement_instruction SET status = 'SENT', attempts = attempts + 1, lease_owner = $3,
                   lease_until = now() + $4 * interval '1 millisecond', sent_on = coalesce(sent_on, $5),
                   paying_bank = coalesce(paying_bank, $6), last_sent_at = now(), updated_at = now()
             WHERE instruction_id IN (SELECT instruction_id FROM settlement_instruction
                                       WHERE status = 'PENDING' AND next_at <= now()
                                         AND (bank_code = $6 OR ($7 AND bank_code <> ALL ($1)))
                                         AND (paying_bank IS NULL OR paying_bank = $6)
                                         AND NOT ($8 AND bank_code = $6
                                                  AND (direction = 'PAY' AND bus_type <> '17'
                                                       OR direction = 'COLLECT' AND bus_type = '05'))
                                       ORDER BY next_at, created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.from(new Object[] {partnerBanks.toArray(new String[0]), limit, owner, lease.toMillis(), today,
            payingBank, clearing, batchWindow}))
        .map(InstructionStore::claimed);
  }

  /** UNKNOWN instructions sent through this bank and due for a result query, leased to this owner while it asks. */
  Future<List<Claimed>> claimToQuery(String payingBank, int limit, String owner, Duration lease) {
    return pool.preparedQuery("""
            UPDATE settlement_instruction SET lease_owner = $3, lease_until = now() + $4 * interval '1 millisecond',
                   updated_at = now()
             WHERE instruction_id IN (SELECT instruction_id FROM settlement_instruction
                                       WHERE status = 'UNKNOWN' AND paying_bank = $1 AND next_at <= now()
                                         AND (lease_until IS NULL OR lease_until < now())
                                       ORDER BY next_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + COLUMNS)
        .execute(Tuple.of(payingBank, limit, owner, lease.toMillis()))
        .map(InstructionStore::claimed);
  }

  /**
   * SENT rows whose lease ran out: their dispatcher died or hung during the call, so the bank may have them.
   * They become UNKNOWN, to be asked about at once; never PENDING.
   */
  Future<Integer> expireLeases() {
    return pool.query("""
            UPDATE settlement_instruction s SET status = 'UNKNOWN', next_at = now(), lease_owner = NULL,
                   lease_until = NULL, updated_at = now()
             WHERE status = 'SENT' AND lease_until < now()
               AND NOT EXISTS (SELECT 1 FROM settlement_batch b WHERE b.batch_id = s.batch_id AND b.state = 'BUILDING')""")
        .execute().map(rows -> rows.rowCount());
  }

  /** The bank certainly did not get it: PENDING again, not before {@code next}. */
  Future<Boolean> requeue(Claimed c, String owner, Instant next) {
    return pool.preparedQuery("""
            UPDATE settlement_instruction SET status = 'PENDING', lease_owner = NULL, lease_until = NULL, next_at = $3,
                   updated_at = now()
             WHERE instruction_id = $1 AND lease_owner = $2 AND status IN ('SENT', 'UNKNOWN')""")
        .execute(Tuple.of(c.instructionId(), owner, at(next))).map(rows -> rows.rowCount() == 1);
  }

  /** Not final yet: UNKNOWN, asked about again not before {@code next}; {@code checks} counts the queries. */
  Future<Boolean> unknown(Claimed c, String owner, Instant next, int checks, BankGateway.Result result) {
    return pool.preparedQuery("""
            UPDATE settlement_instruction SET status = 'UNKNOWN', lease_owner = NULL, lease_until = NULL, next_at = $3,
                   checks = $4, return_code = coalesce($5, return_code), return_message = coalesce($6, return_message),
                   updated_at = now()
             WHERE instruction_id = $1 AND lease_owner = $2 AND status IN ('SENT', 'UNKNOWN')""")
        .execute(Tuple.of(c.instructionId(), owner, at(next), checks, code(result), message(result)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Given up asking: an operator decides (after the bank's own answer by other means). */
  Future<Boolean> toManualReview(Claimed c, String owner, int checks, String why) {
    return pool.preparedQuery("""
            UPDATE settlement_instruction SET status = 'MANUAL_REVIEW', lease_owner = NULL, lease_until = NULL,
                   checks = $3, return_message = $4, updated_at = now()
             WHERE instruction_id = $1 AND lease_owner = $2 AND status IN ('SENT', 'UNKNOWN')""")
        .execute(Tuple.of(c.instructionId(), owner, checks, why)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * The final state, in the caller's transaction (the business outcome commits with it): true when this owner
   * still held the row, false when it had lost it (then nothing is changed and the caller rolls back).
   */
  Future<Boolean> finish(SqlConnection conn, UUID instructionId, String owner, String status,
                         BankGateway.Result result) {
    return conn.preparedQuery("""
            UPDATE settlement_instruction SET status = $3, lease_owner = NULL, lease_until = NULL, finished_at = now(),
                   host_seq_no = $4, return_code = $5, return_message = $6, updated_at = now()
             WHERE instruction_id = $1 AND ((lease_owner = $2 AND status IN ('SENT', 'UNKNOWN'))
                                            OR ($2 LIKE 'operator:%' AND status = 'MANUAL_REVIEW'))""")
        .execute(Tuple.of(instructionId, owner, status, result.hostSeqNo(), code(result), message(result)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Appends one exchange to the attempt log (outside the row's own changes: it is kept even if they roll back). */
  Future<Void> log(SqlClient sql, UUID instructionId, String kind, String outcome, BankGateway.Result result,
                   String instance) {
    return sql.preparedQuery("""
            INSERT INTO settlement_attempt (instruction_id, kind, outcome, return_code, message, host_seq_no, instance)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""")
        .execute(Tuple.of(instructionId, kind, outcome, code(result), message(result),
            result == null ? null : result.hostSeqNo(), instance))
        .mapEmpty();
  }

  /** An instruction waiting for an operator, locked in the caller's transaction; null when it is not in review. */
  Future<Claimed> lockInReview(SqlConnection conn, UUID instructionId) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM settlement_instruction WHERE instruction_id = $1"
            + " AND status = 'MANUAL_REVIEW' FOR UPDATE")
        .execute(Tuple.of(instructionId))
        .map(rows -> rows.size() == 0 ? null : claimed(rows).get(0));
  }

  /** An operator sends it back to the result queries, counted afresh. */
  Future<Void> queryAgain(SqlConnection conn, UUID instructionId, String operator) {
    return conn.preparedQuery("""
            UPDATE settlement_instruction SET status = 'UNKNOWN', checks = 0, next_at = now(), resolved_by = $2,
                   updated_at = now() WHERE instruction_id = $1 AND status = 'MANUAL_REVIEW'""")
        .execute(Tuple.of(instructionId, operator)).mapEmpty();
  }

  /** Records who resolved it, in the resolution's transaction. */
  Future<Void> resolvedBy(SqlConnection conn, UUID instructionId, String operator) {
    return conn.preparedQuery("UPDATE settlement_instruction SET resolved_by = $2 WHERE instruction_id = $1")
        .execute(Tuple.of(instructionId, operator)).mapEmpty();
  }

  private static final String VIEW = """
      SELECT instruction_id, serial_no, bus_type, bank_code, paying_bank, payee_name, amount, direction, status,
             business_ref, attempts, checks, sent_on, last_sent_at, host_seq_no, return_code, return_message,
             created_at, finished_at, resolved_by, count(*) OVER () AS total
        FROM settlement_instruction""";

  /** A page of instructions, newest first, optionally of one status and one bank (payee's or paying). */
  Future<io.vertx.sqlclient.RowSet<Row>> page(String status, String bank, int page, int size) {
    return pool.preparedQuery(VIEW + " " + """
             WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR bank_code = $2 OR paying_bank = $2)
             ORDER BY created_at DESC, instruction_id LIMIT $3 OFFSET $4""")
        .execute(Tuple.of(status, bank, size, (page - 1) * size));
  }

  /** One instruction as {@link #page} shows it (no rows when there is none). */
  Future<io.vertx.sqlclient.RowSet<Row>> one(UUID instructionId) {
    return pool.preparedQuery(VIEW + " WHERE instruction_id = $1").execute(Tuple.of(instructionId));
  }

  /** One instruction and its exchanges with the bank, oldest first (at most 200). */
  Future<io.vertx.sqlclient.RowSet<Row>> attempts(UUID instructionId) {
    return pool.preparedQuery("""
            SELECT kind, outcome, return_code, message, host_seq_no, instance, at FROM settlement_attempt
             WHERE instruction_id = $1 ORDER BY at, attempt_id LIMIT 200""")
        .execute(Tuple.of(instructionId));
  }

  /** The partner banks that are ACTIVE, with the center's special account there (the payer of payments). */
  Future<List<Bank>> activeBanks() {
    return pool.query("""
            SELECT bank_code, name, center_account_no, center_account_name FROM partner_bank
             WHERE status = 'ACTIVE' AND center_account_no IS NOT NULL ORDER BY bank_code""")
        .execute().map(rows -> {
          List<Bank> banks = new ArrayList<>();
          rows.forEach(r -> banks.add(new Bank(r.getString("bank_code"), r.getString("name"),
              r.getString("center_account_no"), r.getString("center_account_name"))));
          return banks;
        });
  }

  /** A partner bank and the center's account there. */
  record Bank(String bankCode, String name, String centerAccountNo, String centerAccountName) {}

  static List<Claimed> claimed(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Claimed> out = new ArrayList<>();
    rows.forEach(r -> out.add(claimed(r)));
    return out;
  }

  /** A row read with {@link #COLUMNS}. */
  static Claimed claimed(Row r) {
    return new Claimed(r.getUUID("instruction_id"), r.getString("serial_no"),
        r.getString("bus_type"), r.getString("bank_code"), r.getString("paying_bank"), r.getLong("payee_card_id"),
        r.getLong("payee_account_id"),
        r.getString("payee_name"), Money.of(r.getBigDecimal("amount")), "COLLECT".equals(r.getString("direction")),
        r.getString("business_ref"), r.getLocalDate("sent_on"), r.getInteger("attempts"), r.getInteger("checks"),
        r.getOffsetDateTime("last_sent_at") == null ? null : r.getOffsetDateTime("last_sent_at").toInstant(),
        r.getString("bank_serial"), split(r));
  }

  private static BankGateway.Split split(Row r) {
    return r.getBigDecimal("split_principal") == null ? null
        : new BankGateway.Split(Money.of(r.getBigDecimal("split_principal")), Money.of(r.getBigDecimal("split_interest")),
            Money.of(r.getBigDecimal("split_penalty")));
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static String code(BankGateway.Result result) {
    return result == null ? null : result.returnCode();
  }

  private static String message(BankGateway.Result result) {
    return result == null ? null : result.message();
  }
}
