package hpf.settlement.dispatch;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The SQL of batch files: {@code settlement_batch} and the batch columns of {@code settlement_instruction}. A batch
 * is claimed like a single (rows SENT under this instance's lease before the bank is called); once the bank took the
 * file its rows are SENT under the batch's own lease {@code batch:<id>} (no expiry: the batch row carries the lease,
 * and any instance polls a batch whose lease lapsed), and every later change of a row names that owner, so a row a
 * bank notice or an operator settled meanwhile is not settled again.
 */
final class BatchStore {

  /** The rows of a new batch file: their instructions, count and total as the database summed them. */
  record Opened(UUID batchId, String serialNo, LocalDate sentOn, BankGateway.FileKind kind,
                List<InstructionStore.Claimed> rows, int count, Money total) {}

  /**
   * Which due rows of the bank a file of this kind takes: same-bank payouts (PAY, payee at that bank, not a transfer
   * out) or loan deductions (COLLECT, BusType 05, the repayment card at that bank). {@code $1} is the bank.
   */
  static String rowsOf(BankGateway.FileKind kind) {
    return switch (kind) {
      case PAYMENT -> "direction = 'PAY' AND bus_type <> '17'";
      case LOAN_DEDUCTION -> "direction = 'COLLECT' AND bus_type = '" + InstructionStore.LOAN_DEDUCTION + "'";
      case COLLECTION -> throw new IllegalArgumentException("collections other than loan deductions go singly");
    };
  }

  /** A batch due for polling. */
  record Polled(UUID batchId, String serialNo, String bankBatchNo, int polls, LocalDate sentOn,
                BankGateway.FileKind kind) {}

  private final Pool pool;

  BatchStore(Pool pool) {
    this.pool = pool;
  }

  static String owner(UUID batchId) {
    return "batch:" + batchId;
  }

  /**
   * At most {@code limit} PENDING rows of {@code bank} for a file of this kind ({@link #rowsOf}) become the rows 1..n
   * of a new batch, SENT under this owner's lease with their bank serial {@code <batch serial>-<seq>}; null when
   * there is none. One transaction: the batch and its rows or nothing.
   */
  Future<Opened> claimBatch(String bank, BankGateway.FileKind kind, int limit, String owner, Duration lease,
                            LocalDate today) {
    UUID batchId = UUID.randomUUID();
    String serial = "HPFB" + batchId.toString().replace("-", "").substring(0, 20).toUpperCase(java.util.Locale.ROOT);
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO settlement_batch (batch_id, bank_code, serial_no, state, sent_on, lease_owner, lease_until,
                                          kind)
            VALUES ($1, $2, $3, 'BUILDING', $4, $5, now() + $6 * interval '1 millisecond', $7)""")
        .execute(Tuple.of(batchId, bank, serial, today, owner, lease.toMillis(), kind.name()))
        .compose(v -> conn.preparedQuery("""
            WITH picked AS (
              SELECT instruction_id, row_number() OVER (ORDER BY next_at, created_at, instruction_id) AS seq
                FROM (SELECT instruction_id, next_at, created_at FROM settlement_instruction
                       WHERE status = 'PENDING' AND next_at <= now() AND bank_code = $1
                         AND (paying_bank IS NULL OR paying_bank = $1)
                         AND\s""" + rowsOf(kind) + """
                       ORDER BY next_at, created_at LIMIT $2 FOR UPDATE SKIP LOCKED) p)
            UPDATE settlement_instruction s SET status = 'SENT', attempts = attempts + 1, lease_owner = $3,
                   lease_until = now() + $4 * interval '1 millisecond', sent_on = coalesce(sent_on, $5),
                   paying_bank = $1, last_sent_at = now(), updated_at = now(), batch_id = $6, batch_seq = picked.seq,
                   bank_serial = $7 || '-' || picked.seq
              FROM picked WHERE s.instruction_id = picked.instruction_id
            RETURNING\s""" + columns("s."))
            .execute(Tuple.from(new Object[] {bank, limit, owner, lease.toMillis(), today, batchId, serial})))
        .compose(rows -> {
          List<InstructionStore.Claimed> claimed = InstructionStore.claimed(rows).stream()
              .sorted(java.util.Comparator.comparing(c -> seq(c.bankSerial()))).toList();
          if (claimed.isEmpty()) {
            return conn.preparedQuery("DELETE FROM settlement_batch WHERE batch_id = $1").execute(Tuple.of(batchId))
                .map((Opened) null);
          }
          // The file's totals come from the database, independently of the rows the file is built from.
          return conn.preparedQuery("""
                  UPDATE settlement_batch b SET row_count = t.n, total_amount = t.total
                    FROM (SELECT count(*) AS n, sum(amount) AS total FROM settlement_instruction WHERE batch_id = $1) t
                   WHERE b.batch_id = $1 RETURNING row_count, total_amount""")
              .execute(Tuple.of(batchId))
              .map(t -> {
                Row r = t.iterator().next();
                return new Opened(batchId, serial, today, kind, claimed, r.getInteger("row_count"),
                    Money.of(r.getBigDecimal("total_amount")));
              });
        }));
  }

  /**
   * The file is about to be handed to the bank: SUBMITTING, if this owner still holds it BUILDING under a live lease;
   * false means it must not be sent (its lease lapsed and housekeeping gave its rows back, {@link #expireBuilding}).
   */
  Future<Boolean> leaving(UUID batchId, String owner) {
    return pool.preparedQuery("""
            UPDATE settlement_batch SET state = 'SUBMITTING', updated_at = now()
             WHERE batch_id = $1 AND lease_owner = $2 AND state = 'BUILDING' AND lease_until > now()""")
        .execute(Tuple.of(batchId, owner)).map(rows -> rows.rowCount() == 1);
  }

  /** The bank took the file: PROCESSING, to be polled; its rows wait under the batch's lease. */
  Future<Void> submitted(UUID batchId, String owner, String bankBatchNo, Instant firstPoll) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            UPDATE settlement_batch SET state = 'PROCESSING', bank_batch_no = $3, submitted_at = now(),
                   next_poll_at = $4, lease_owner = NULL, lease_until = NULL, updated_at = now()
             WHERE batch_id = $1 AND lease_owner = $2 AND state = 'SUBMITTING'""")
        .execute(Tuple.of(batchId, owner, bankBatchNo, firstPoll.atOffset(ZoneOffset.UTC)))
        .compose(v -> conn.preparedQuery("""
            UPDATE settlement_instruction SET lease_owner = $3, lease_until = NULL, updated_at = now()
             WHERE batch_id = $1 AND lease_owner = $2 AND status = 'SENT'""")
            .execute(Tuple.of(batchId, owner, owner(batchId))))
        .compose(v -> log(conn, batchId, owner(batchId), "SEND", "BATCH_ACCEPTED", null, "批量文件已受理 " + bankBatchNo,
            owner)));
  }

  /** The bank certainly did not get the file: its rows PENDING again (no longer rows of it), not before {@code next}. */
  Future<Void> notSent(UUID batchId, String owner, Instant next, String why) {
    return pool.withTransaction(conn -> log(conn, batchId, owner, "SEND", "NOT_SENT", null, why, owner)
        .compose(v -> conn.preparedQuery("""
            UPDATE settlement_instruction SET status = 'PENDING', lease_owner = NULL, lease_until = NULL, next_at = $3,
                   batch_id = NULL, batch_seq = NULL, bank_serial = NULL, updated_at = now()
             WHERE batch_id = $1 AND lease_owner = $2 AND status = 'SENT'""")
            .execute(Tuple.of(batchId, owner, next.atOffset(ZoneOffset.UTC))))
        .compose(v -> state(conn, batchId, owner, "NOT_SENT")));
  }

  /**
   * The file may have reached the bank: every row still waiting becomes UNKNOWN, asked about one by one with its bank
   * serial (BDC110), never sent again blindly.
   */
  Future<Void> unknown(UUID batchId, String owner, Instant next, String why) {
    return pool.withTransaction(conn -> log(conn, batchId, owner, "SEND", "UNCERTAIN", null, why, owner)
        .compose(v -> conn.preparedQuery("""
            UPDATE settlement_instruction SET status = 'UNKNOWN', lease_owner = NULL, lease_until = NULL, next_at = $3,
                   updated_at = now()
             WHERE batch_id = $1 AND lease_owner = $2 AND status = 'SENT'""")
            .execute(Tuple.of(batchId, owner, next.atOffset(ZoneOffset.UTC))))
        .compose(v -> state(conn, batchId, owner, "UNKNOWN")));
  }

  /** A PROCESSING batch of the bank due for a poll, leased to this owner; null when none. */
  Future<Polled> claimToPoll(String bank, String owner, Duration lease) {
    return pool.preparedQuery("""
            UPDATE settlement_batch SET lease_owner = $2, lease_until = now() + $3 * interval '1 millisecond',
                   updated_at = now()
             WHERE batch_id = (SELECT batch_id FROM settlement_batch
                                WHERE bank_code = $1 AND state = 'PROCESSING' AND next_poll_at <= now()
                                  AND (lease_until IS NULL OR lease_until < now())
                                ORDER BY next_poll_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING batch_id, serial_no, bank_batch_no, polls, sent_on, kind""")
        .execute(Tuple.of(bank, owner, lease.toMillis()))
        .map(rows -> rows.size() == 0 ? null : polled(rows.iterator().next()));
  }

  /** Not finished yet (or no answer): poll again not before {@code next}. */
  Future<Void> pollLater(UUID batchId, String owner, int polls, Instant next) {
    return pool.preparedQuery("""
            UPDATE settlement_batch SET polls = $3, next_poll_at = $4, lease_owner = NULL, lease_until = NULL,
                   updated_at = now()
             WHERE batch_id = $1 AND lease_owner = $2 AND state = 'PROCESSING'""")
        .execute(Tuple.of(batchId, owner, polls, next.atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  /** The rows of a batch still waiting for its result, in file order. */
  Future<List<InstructionStore.Claimed>> waiting(UUID batchId) {
    return pool.preparedQuery("SELECT " + columns("") + " FROM settlement_instruction"
            + " WHERE batch_id = $1 AND lease_owner = $2 AND status = 'SENT' ORDER BY batch_seq")
        .execute(Tuple.of(batchId, owner(batchId))).map(InstructionStore::claimed);
  }

  /**
   * The batch is over as far as its result file goes: rows the file did not settle (none listed, or a batch failed
   * as a whole without results) become UNKNOWN, to be asked about one by one; the batch takes its final state. Its
   * counts are its rows' final states, whoever settled them (a result file polled again after a poller died midway
   * settles nothing twice and counts nothing twice).
   */
  Future<Void> finished(UUID batchId, String owner, String state) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            UPDATE settlement_instruction SET status = 'UNKNOWN', lease_owner = NULL, lease_until = NULL,
                   next_at = now(), updated_at = now()
             WHERE batch_id = $1 AND lease_owner = $2 AND status = 'SENT'""")
        .execute(Tuple.of(batchId, owner(batchId)))
        .compose(v -> conn.preparedQuery("""
            UPDATE settlement_batch b SET state = $3, succeeded = t.ok, failed = t.ko, finished_at = now(),
                   lease_owner = NULL, lease_until = NULL, updated_at = now()
              FROM (SELECT count(*) FILTER (WHERE status = 'SUCCEEDED') AS ok,
                           count(*) FILTER (WHERE status = 'FAILED') AS ko
                      FROM settlement_instruction WHERE batch_id = $1) t
             WHERE b.batch_id = $1 AND b.lease_owner = $2""")
            .execute(Tuple.of(batchId, owner, state)))
        .mapEmpty());
  }

  /**
   * BUILDING batches whose instance died (or lost its lease) before handing the file to the bank: the file never
   * left, so the batch is NOT_SENT and its rows PENDING again, no longer rows of it. Runs before the rows' own lease
   * expiry ({@link InstructionStore#expireLeases} leaves rows of a BUILDING batch to this).
   */
  Future<Void> expireBuilding() {
    return pool.query("""
            WITH gone AS (
              UPDATE settlement_batch SET state = 'NOT_SENT', lease_owner = NULL, lease_until = NULL, finished_at = now(),
                     updated_at = now()
               WHERE state = 'BUILDING' AND lease_until < now() RETURNING batch_id),
            logged AS (
              INSERT INTO settlement_attempt (instruction_id, kind, outcome, message, instance)
              SELECT instruction_id, 'SEND', 'NOT_SENT', '批量文件生成中断，未发出', 'housekeeping'
                FROM settlement_instruction WHERE batch_id IN (SELECT batch_id FROM gone) AND status = 'SENT')
            UPDATE settlement_instruction SET status = 'PENDING', lease_owner = NULL, lease_until = NULL, next_at = now(),
                   batch_id = NULL, batch_seq = NULL, bank_serial = NULL, updated_at = now()
             WHERE batch_id IN (SELECT batch_id FROM gone) AND status = 'SENT'""").execute().mapEmpty();
  }

  /** SUBMITTING batches whose instance died before the bank answered: UNKNOWN (their rows expire as any SENT row). */
  Future<Void> expireSubmitting() {
    return pool.query("""
            UPDATE settlement_batch SET state = 'UNKNOWN', lease_owner = NULL, lease_until = NULL, updated_at = now()
             WHERE state = 'SUBMITTING' AND lease_until < now()""").execute().mapEmpty();
  }

  /** One line in the attempt log of every row of the batch still held by {@code rowOwner}. */
  static Future<Void> log(SqlClient sql, UUID batchId, String rowOwner, String kind, String outcome, String code,
                          String message, String instance) {
    return sql.preparedQuery("""
            INSERT INTO settlement_attempt (instruction_id, kind, outcome, return_code, message, instance)
            SELECT instruction_id, $3, $4, $5, $6, $7 FROM settlement_instruction
             WHERE batch_id = $1 AND lease_owner = $2 AND status = 'SENT'""")
        .execute(Tuple.of(batchId, rowOwner, kind, outcome, code, message, instance)).mapEmpty();
  }

  private static Future<Void> state(SqlClient sql, UUID batchId, String owner, String state) {
    return sql.preparedQuery("""
            UPDATE settlement_batch SET state = $3, lease_owner = NULL, lease_until = NULL, finished_at = now(),
                   updated_at = now()
             WHERE batch_id = $1 AND lease_owner = $2""")
        .execute(Tuple.of(batchId, owner, state)).mapEmpty();
  }

  private static Polled polled(Row r) {
    return new Polled(r.getUUID("batch_id"), r.getString("serial_no"), r.getString("bank_batch_no"),
        r.getInteger("polls"), r.getLocalDate("sent_on"), BankGateway.FileKind.valueOf(r.getString("kind")));
  }

  private static String columns(String alias) {
    return alias + InstructionStore.COLUMNS.replace(", ", ", " + alias).replace(",\n", ",\n" + alias);
  }

  private static int seq(String bankSerial) {
    return Integer.parseInt(bankSerial.substring(bankSerial.lastIndexOf('-') + 1));
  }
}
