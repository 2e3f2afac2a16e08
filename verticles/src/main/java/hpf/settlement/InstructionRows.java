package hpf.settlement;

import hpf.kit.CopyFormat;
import hpf.kit.Money;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The row format of {@code settlement_instruction} for bulk loading (the data set generator): an instruction to pay
 * a member's card, its serial number derived from its id as {@link SettlementOutbox} derives it.
 */
public final class InstructionRows {

  public static final CopyFormat INSTRUCTION = new CopyFormat("settlement_instruction", List.of("instruction_id",
      "serial_no", "bus_type", "bank_code", "payee_card_id", "payee_name", "amount", "status", "business_ref",
      "created_at", "updated_at", "next_at"));

  private InstructionRows() {}

  /** A card payment written at {@code createdAt}, last changed at {@code updatedAt}, due from {@code nextAt}. */
  public static void toCard(CopyFormat.Sink rows, UUID instructionId, String busType, String bankCode, long cardId,
                            String payeeName, Money amount, String status, String businessRef, OffsetDateTime createdAt,
                            OffsetDateTime updatedAt, OffsetDateTime nextAt) throws SQLException {
    rows.add(instructionId).add(SettlementOutbox.serial(instructionId)).add(busType).add(bankCode).add(cardId)
        .add(payeeName).add(amount).add(status).add(businessRef).add(createdAt).add(updatedAt).add(nextAt).row();
  }
}
