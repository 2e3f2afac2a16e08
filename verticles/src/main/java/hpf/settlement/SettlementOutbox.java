package hpf.settlement;

import hpf.crypto.FieldCipher;
import hpf.keys.EncryptedColumn;
import hpf.ledger.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
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

  /** A payee who is not a card holder on file (an heir): bank, account number and name. */
  public record AccountPayee(String bankCode, String accountNumber, String name) {}

  static final String PAYEE_ACCOUNT_FIELD = "settlement.payee_account";

  /** The encrypted payee account numbers, for key rotation. */
  public static EncryptedColumn encryptedColumn() {
    return new EncryptedColumn("settlement_instruction", "instruction_id", "payee_account_enc", PAYEE_ACCOUNT_FIELD);
  }

  /** Enqueues a payment to an account given with the instruction; the number is stored encrypted and masked. */
  public Future<UUID> enqueueToAccount(SqlConnection conn, FieldCipher fields, String busType, AccountPayee payee,
                                       Money amount, String businessRef) {
    UUID id = UUID.randomUUID();
    String number = payee.accountNumber();
    String masked = number.substring(0, 4) + "*".repeat(number.length() - 8) + number.substring(number.length() - 4);
    return conn.preparedQuery("""
            INSERT INTO settlement_instruction (instruction_id, serial_no, bus_type, bank_code, payee_account_enc,
                                                payee_account_masked, payee_name, amount, status, business_ref)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'PENDING', $9)""")
        .execute(Tuple.from(new Object[] {id, serialOf(id), busType, payee.bankCode(),
            fields.encrypt(PAYEE_ACCOUNT_FIELD, id.toString(), number), masked, payee.name(), amount.toYuan(),
            businessRef}))
        .map(done -> id);
  }

  private static String serialOf(UUID id) {
    return "HPF" + id.toString().replace("-", "").substring(0, 24).toUpperCase(java.util.Locale.ROOT);
  }

  /** Enqueues; answers the instruction id. The serial number is derived from it (the bank's idempotency key). */
  public Future<UUID> enqueue(SqlConnection conn, Instruction instruction) {
    UUID id = UUID.randomUUID();
    String serial = serialOf(id);
    return conn.preparedQuery("""
            INSERT INTO settlement_instruction (instruction_id, serial_no, bus_type, bank_code, payee_card_id, payee_name,
                                                amount, status, business_ref)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8)""")
        .execute(Tuple.from(new Object[] {id, serial, instruction.busType(), instruction.bankCode(),
            instruction.payeeCardId(), instruction.payeeName(), instruction.amount().toYuan(), instruction.businessRef()}))
        .map(done -> id);
  }

  /** Cancels a still-pending instruction; false when it is no longer pending (already sent). */
  public Future<Boolean> cancel(SqlConnection conn, UUID instructionId) {
    return conn.preparedQuery("""
            UPDATE settlement_instruction SET status = 'CANCELLED', updated_at = now()
             WHERE instruction_id = $1 AND status = 'PENDING'""")
        .execute(Tuple.of(instructionId)).map(rows -> rows.rowCount() == 1);
  }
}
