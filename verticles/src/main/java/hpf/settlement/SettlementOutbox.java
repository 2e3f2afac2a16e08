package hpf.settlement;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transactional outbox of payment instructions: business rooms enqueue inside their own transaction, so an
 * instruction exists exactly when the postings that cause it committed. Sending belongs to the dispatcher of
 * the settlement issue; until then instructions wait as PENDING, and a cancellation before sending is possible.
 */
public final class SettlementOutbox {

  /** What to pay: business type (BusType), bank, payee card and name, amount, and the business record. */
  public record Instruction(String busType, String bankCode, long payeeCardId, String payeeName, Money amount,
                            String businessRef) {}

  /** A payment to a registered payee account (an employer, a payer) rather than a member's card. */
  public record ToAccount(String busType, PayeeAccounts.Payee payee, Money amount, String businessRef) {}

  /** Enqueues; answers the instruction id. The serial number is derived from it (the bank's idempotency key). */
  public Future<UUID> enqueue(SqlConnection conn, Instruction instruction) {
    UUID id = UUID.randomUUID();
    String serial = serial(id);
    return conn.preparedQuery("""
            INSERT INTO settlement_instruction (instruction_id, serial_no, bus_type, bank_code, payee_card_id, payee_name,
                                                amount, status, business_ref)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8)""")
        .execute(Tuple.from(new Object[] {id, serial, instruction.busType(), instruction.bankCode(),
            instruction.payeeCardId(), instruction.payeeName(), instruction.amount().toYuan(), instruction.businessRef()}))
        .map(done -> id);
  }

  /** Enqueues a payment to a payee account; answers the instruction id. */
  public Future<UUID> enqueue(SqlConnection conn, ToAccount instruction) {
    UUID id = UUID.randomUUID();
    return conn.preparedQuery("""
            INSERT INTO settlement_instruction (instruction_id, serial_no, bus_type, bank_code, payee_account_id,
                                                payee_name, amount, status, business_ref)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8)""")
        .execute(Tuple.from(new Object[] {id, serial(id), instruction.busType(), instruction.payee().bankCode(),
            instruction.payee().payeeId(), instruction.payee().accountName(), instruction.amount().toYuan(),
            instruction.businessRef()}))
        .map(done -> id);
  }

  /**
   * Enqueues a payment to an account one clerk typed in (a refund, a transfer-out) as HELD: it waits for a reviewer
   * other than {@code requestedBy} to release it ({@link #release}); until then it cannot be sent.
   */
  public Future<UUID> enqueueHeld(SqlConnection conn, ToAccount instruction, String requestedBy) {
    UUID id = UUID.randomUUID();
    return conn.preparedQuery("""
            INSERT INTO settlement_instruction (instruction_id, serial_no, bus_type, bank_code, payee_account_id,
                                                payee_name, amount, status, business_ref, requested_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'HELD', $8, $9)""")
        .execute(Tuple.from(new Object[] {id, serial(id), instruction.busType(), instruction.payee().bankCode(),
            instruction.payee().payeeId(), instruction.payee().accountName(), instruction.amount().toYuan(),
            instruction.businessRef(), requestedBy}))
        .map(done -> id);
  }

  /** What a release found: released, not held (any more), or asked by the requester itself. */
  public enum Release { RELEASED, NOT_HELD, SAME_PERSON }

  /** Releases a held instruction to PENDING; the reviewer must not be the one who asked for it. */
  public Future<Release> release(SqlConnection conn, UUID instructionId, String reviewer) {
    return conn.preparedQuery("SELECT status, requested_by FROM settlement_instruction WHERE instruction_id = $1 FOR UPDATE")
        .execute(Tuple.of(instructionId))
        .compose(rows -> {
          if (rows.size() == 0 || !"HELD".equals(rows.iterator().next().getString("status"))) {
            return Future.succeededFuture(Release.NOT_HELD);
          }
          if (reviewer.equals(rows.iterator().next().getString("requested_by"))) {
            return Future.succeededFuture(Release.SAME_PERSON);
          }
          return conn.preparedQuery("""
                  UPDATE settlement_instruction SET status = 'PENDING', released_by = $2, released_at = now(),
                         updated_at = now() WHERE instruction_id = $1""")
              .execute(Tuple.of(instructionId, reviewer)).map(done -> Release.RELEASED);
        });
  }

  /**
   * Enqueues a collection (委托收款): the bank debits the registered account and credits the center; the payee
   * columns name the account debited. Answers the instruction id.
   */
  public Future<UUID> enqueueCollection(SqlConnection conn, ToAccount instruction) {
    UUID id = UUID.randomUUID();
    return conn.preparedQuery("""
            INSERT INTO settlement_instruction (instruction_id, serial_no, bus_type, bank_code, payee_account_id,
                                                payee_name, amount, status, business_ref, direction)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, 'COLLECT')""")
        .execute(Tuple.from(new Object[] {id, serial(id), instruction.busType(), instruction.payee().bankCode(),
            instruction.payee().payeeId(), instruction.payee().accountName(), instruction.amount().toYuan(),
            instruction.businessRef()}))
        .map(done -> id);
  }

  /**
   * How a loan deduction's amount divides into principal, interest and penalty interest (none negative): the bank is
   * told it with the deduction (BDC106 fields of the BDC105 row).
   */
  public record Split(Money principal, Money interest, Money penalty) {

    public Split {
      if (principal == null || interest == null || penalty == null || principal.isNegative() || interest.isNegative()
          || penalty.isNegative()) {
        throw new IllegalArgumentException("a split has a principal, an interest and a penalty, none negative");
      }
    }

    public Money total() {
      return principal.plus(interest).plus(penalty);
    }
  }

  /**
   * Enqueues a loan deduction: a collection (BusType 05) from the borrower's repayment card, registered as a payee,
   * with its split; the parts must sum to the amount exactly (else a failed future, IllegalArgumentException, and
   * nothing written). In the batch window it goes to the card's bank in a BDC105 file, otherwise alone (BDC102).
   * Answers the instruction id.
   */
  public Future<UUID> enqueueLoanDeduction(SqlConnection conn, ToAccount instruction, Split split) {
    if (!split.total().equals(instruction.amount())) {
      return Future.failedFuture(new IllegalArgumentException("the split " + split.principal() + " + "
          + split.interest() + " + " + split.penalty() + " is not the amount " + instruction.amount()));
    }
    UUID id = UUID.randomUUID();
    return conn.preparedQuery("""
            INSERT INTO settlement_instruction (instruction_id, serial_no, bus_type, bank_code, payee_account_id,
                                                payee_name, amount, status, business_ref, direction, split_principal,
                                                split_interest, split_penalty)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, 'COLLECT', $9, $10, $11)""")
        .execute(Tuple.from(new Object[] {id, serial(id), instruction.busType(), instruction.payee().bankCode(),
            instruction.payee().payeeId(), instruction.payee().accountName(), instruction.amount().toYuan(),
            instruction.businessRef(), split.principal().toYuan(), split.interest().toYuan(), split.penalty().toYuan()}))
        .map(done -> id);
  }

  /** The state of each instruction asked for (PENDING, CANCELLED, ...), for the rooms that show payment progress. */
  public Future<Map<UUID, String>> statuses(SqlClient sql, List<UUID> instructionIds) {
    if (instructionIds.isEmpty()) {
      return Future.succeededFuture(new HashMap<>());
    }
    return sql.preparedQuery("SELECT instruction_id, status FROM settlement_instruction WHERE instruction_id = ANY ($1)")
        .execute(Tuple.of(instructionIds.toArray(new UUID[0])))
        .map(rows -> {
          Map<UUID, String> out = new HashMap<>();
          rows.forEach(row -> out.put(row.getUUID("instruction_id"), row.getString("status")));
          return out;
        });
  }

  static String serial(UUID id) {
    return "HPF" + id.toString().replace("-", "").substring(0, 24).toUpperCase(java.util.Locale.ROOT);
  }

  /** Cancels an instruction not sent yet (held or pending); false when it is past that (already sent). */
  public Future<Boolean> cancel(SqlConnection conn, UUID instructionId) {
    return conn.preparedQuery("""
            UPDATE settlement_instruction SET status = 'CANCELLED', updated_at = now()
             WHERE instruction_id = $1 AND status IN ('HELD', 'PENDING')""")
        .execute(Tuple.of(instructionId)).map(rows -> rows.rowCount() == 1);
  }
}
