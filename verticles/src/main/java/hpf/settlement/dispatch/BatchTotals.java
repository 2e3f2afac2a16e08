package hpf.settlement.dispatch;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway;
import java.util.List;

/**
 * The check before a batch file leaves: its stated totals (count and amount, summed by the database from the rows it
 * claimed) must equal the file's rows and the instructions they came from, row by row in amount and, for loan
 * deductions, in split (principal, interest, penalty). A file that fails
 * is the platform's own defect and is never sent (IllegalStateException).
 */
final class BatchTotals {

  private BatchTotals() {}

  static BankGateway.Batch verified(BankGateway.Batch batch, List<InstructionStore.Claimed> claimed) {
    List<BankGateway.BatchRow> rows = batch.rows();
    if (rows.size() != batch.totalCount() || claimed.size() != batch.totalCount()) {
      throw new IllegalStateException("batch " + batch.serialNo() + ": " + rows.size() + " rows, " + claimed.size()
          + " instructions, total count " + batch.totalCount());
    }
    Money sum = Money.ZERO;
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).amount().equals(claimed.get(i).amount()) || rows.get(i).seq() != i + 1
          || !java.util.Objects.equals(rows.get(i).split(), claimed.get(i).split())) {
        throw new IllegalStateException("batch " + batch.serialNo() + ": row " + (i + 1) + " differs from its instruction");
      }
      sum = sum.plus(rows.get(i).amount());
    }
    if (!sum.equals(batch.totalAmount())) {
      throw new IllegalStateException("batch " + batch.serialNo() + ": rows sum to " + sum + ", total amount "
          + batch.totalAmount());
    }
    return batch;
  }
}
