package hpf.withdrawal;

import hpf.kit.CopyFormat;
import hpf.kit.Money;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The row format of {@code withdrawal_application} for bulk loading (the data set generator). */
public final class ApplicationRows {

  public static final CopyFormat APPLICATION = new CopyFormat("withdrawal_application", List.of("application_id",
      "person_id", "account_no", "reason", "amount", "status", "app_id", "ledger_txn", "instruction_id", "created_at",
      "updated_at"));

  private ApplicationRows() {}

  public static void application(CopyFormat.Sink rows, String applicationId, String personId, String accountNo,
                                 String reason, Money amount, String status, String appId, UUID ledgerTxn,
                                 UUID instructionId, OffsetDateTime createdAt, OffsetDateTime updatedAt)
      throws SQLException {
    rows.add(applicationId).add(personId).add(accountNo).add(reason).add(amount).add(status).add(appId).add(ledgerTxn)
        .add(instructionId).add(createdAt).add(updatedAt).row();
  }
}
