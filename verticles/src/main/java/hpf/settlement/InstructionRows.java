package hpf.settlement;

import hpf.kit.CopyFormat;
import hpf.kit.Money;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The row format of {@code settlement_instruction} for bulk loading (the data set generator): an instruction to pay
 * a member's card, or a payment to a registered payee account held for a second person's release, its serial
 * number derived from its id as {@link SettlementOutbox} derives it; and the payee accounts themselves.
 */
public final class InstructionRows {

  public static final CopyFormat INSTRUCTION = new CopyFormat("settlement_instruction", List.of("instruction_id",
      "serial_no", "bus_type", "bank_code", "payee_card_id", "payee_name", "amount", "status", "business_ref",
      "created_at", "updated_at", "next_at"));

  public static final CopyFormat HELD_TO_ACCOUNT = new CopyFormat("settlement_instruction", List.of("instruction_id",
      "serial_no", "bus_type", "bank_code", "payee_account_id", "payee_name", "amount", "status", "business_ref",
      "requested_by", "created_at", "updated_at", "next_at"));
  public static final CopyFormat PAYEE = new CopyFormat("payee_account", List.of("payee_id", "bank_code",
      "account_name", "number_enc", "number_idx", "number_masked"));
  /** The sequence payee ids come from. */
  public static final String PAYEE_SEQUENCE = "payee_account_payee_id_seq";

  private InstructionRows() {}

  /** The encrypted payee number's field name (row key: the payee id). */
  public static String payeeField() {
    return PayeeAccounts.FIELD;
  }

  /** A payee account as {@link PayeeAccounts#register} writes it (number sealed, masked copy for display). */
  public static void payee(CopyFormat.Sink rows, long payeeId, String bankCode, String accountName, String numberEnc,
                           String numberIdx, String numberMasked) throws SQLException {
    rows.add(payeeId).add(bankCode).add(accountName).add(numberEnc).add(numberIdx).add(numberMasked).row();
  }

  /** A payment to a payee account, HELD until someone other than {@code requestedBy} releases it. */
  public static void heldToAccount(CopyFormat.Sink rows, UUID instructionId, String busType, String bankCode,
                                   long payeeId, String payeeName, Money amount, String businessRef, String requestedBy,
                                   OffsetDateTime createdAt) throws SQLException {
    rows.add(instructionId).add(SettlementOutbox.serial(instructionId)).add(busType).add(bankCode).add(payeeId)
        .add(payeeName).add(amount).add("HELD").add(businessRef).add(requestedBy).add(createdAt).add(createdAt)
        .add(createdAt).row();
  }

  /** A card payment written at {@code createdAt}, last changed at {@code updatedAt}, due from {@code nextAt}. */
  public static void toCard(CopyFormat.Sink rows, UUID instructionId, String busType, String bankCode, long cardId,
                            String payeeName, Money amount, String status, String businessRef, OffsetDateTime createdAt,
                            OffsetDateTime updatedAt, OffsetDateTime nextAt) throws SQLException {
    rows.add(instructionId).add(SettlementOutbox.serial(instructionId)).add(busType).add(bankCode).add(cardId)
        .add(payeeName).add(amount).add(status).add(businessRef).add(createdAt).add(updatedAt).add(nextAt).row();
  }
}
