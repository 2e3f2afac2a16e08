package hpf.settlement.dispatch;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bank.BankGateway.FileKind;
import hpf.settlement.bdc.BatchFiles;
import hpf.settlement.bdc.BdcException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loan deduction files (BDC105) as written and read: every row full-amount with its BDC106 split, and the checks that
 * keep a wrong file from leaving (totals, a row's amount or split against its instruction, a split that does not add
 * up) or from being taken by the bank; the dispatch counts name the file kind.
 */
class LoanDeductionFilesTest {

  private static final BankGateway.Split SPLIT = split("2000.00", "300.00", "45.67");

  @Test
  void aDeductionFileCarriesTheFullAmountFlagAndEachRowsSplit() {
    List<BankGateway.BatchRow> rows = List.of(row(1, "2345.67", SPLIT), row(2, "150.00", null));
    String file = BatchFiles.requestFile(batch(rows, 2, "2495.67"));
    assertThat(file.lines().toList()).containsExactly(
        "1@|$2345.67@|$6217000011112222@|$借款人@|$住房公积金贷款扣款@|$1@|$2000.00@|$300.00@|$45.67@|$",
        "2@|$150.00@|$6217000011112222@|$借款人@|$住房公积金贷款扣款@|$1@|$@|$@|$@|$");
    assertThat(BatchFiles.parse(file, FileKind.LOAN_DEDUCTION)).isEqualTo(rows);
    // A payment file has no such fields, and a payment row never carries a split.
    assertThatThrownBy(() -> BatchFiles.parse(file, FileKind.PAYMENT)).isInstanceOf(BdcException.class);
    assertThatThrownBy(() -> BatchFiles.requestFile(new BankGateway.Batch("B1", LocalDate.of(2026, 12, 7),
        FileKind.PAYMENT, "102350200000001", "02", List.of(row(1, "2345.67", SPLIT)), 1, Money.parse("2345.67"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSplitThatDoesNotAddUpOrAPartialDeductionIsRefused() {
    assertThatThrownBy(() -> BatchFiles.requestFile(batch(List.of(row(1, "2345.66", SPLIT)), 1, "2345.66")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("split");
    String partial = "1@|$10.00@|$6217@|$借款人@|$扣款@|$0@|$10.00@|$0.00@|$0.00@|$\n";
    assertThatThrownBy(() -> BatchFiles.parse(partial, FileKind.LOAN_DEDUCTION)).isInstanceOf(BdcException.class)
        .hasMessageContaining("full-amount");
    String wrong = "1@|$10.00@|$6217@|$借款人@|$扣款@|$1@|$9.00@|$0.00@|$0.00@|$\n";
    assertThatThrownBy(() -> BatchFiles.parse(wrong, FileKind.LOAN_DEDUCTION)).isInstanceOf(BdcException.class);
  }

  @Test
  void aDeductionFileWhoseTotalsOrRowsDisagreeWithTheDatabaseIsRefusedBeforeSending() {
    List<InstructionStore.Claimed> claimed = List.of(claimed("2345.67", 1, SPLIT), claimed("150.00", 2, null));
    List<BankGateway.BatchRow> rows = List.of(row(1, "2345.67", SPLIT), row(2, "150.00", null));
    BankGateway.Batch good = batch(rows, 2, "2495.67");
    assertThat(BatchTotals.verified(good, claimed)).isSameAs(good);
    assertThatThrownBy(() -> BatchTotals.verified(batch(rows, 2, "2495.66"), claimed))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rows sum to 2495.67");
    assertThatThrownBy(() -> BatchTotals.verified(batch(rows, 3, "2495.67"), claimed))
        .isInstanceOf(IllegalStateException.class);
    List<BankGateway.BatchRow> resplit = List.of(row(1, "2345.67", split("2045.67", "300.00", "0.00")), rows.get(1));
    assertThatThrownBy(() -> BatchTotals.verified(batch(resplit, 2, "2495.67"), claimed))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("row 1");
  }

  @Test
  void theDispatchCountsNameTheFileKind() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DispatchMetrics metrics = new DispatchMetrics(registry);
    metrics.batch("102", FileKind.LOAN_DEDUCTION, "batch_submitted");
    metrics.batch("102", FileKind.PAYMENT, "succeeded");
    metrics.dispatched("102", "succeeded");
    assertThat(registry.get("hpf_settlement_dispatch_total").tags("bank", "102", "file", "loan_deduction", "outcome",
        "batch_submitted").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("hpf_settlement_dispatch_total").tags("file", "payment", "outcome", "succeeded").counter()
        .count()).isEqualTo(1.0);
    assertThat(registry.get("hpf_settlement_dispatch_total").tags("file", "single", "outcome", "succeeded").counter()
        .count()).isEqualTo(1.0);
  }

  private static BankGateway.Split split(String principal, String interest, String penalty) {
    return new BankGateway.Split(Money.parse(principal), Money.parse(interest), Money.parse(penalty));
  }

  private static BankGateway.BatchRow row(int seq, String amount, BankGateway.Split split) {
    return new BankGateway.BatchRow(seq, Money.parse(amount), "6217000011112222", "借款人", "住房公积金贷款扣款", split);
  }

  private static BankGateway.Batch batch(List<BankGateway.BatchRow> rows, int count, String total) {
    return new BankGateway.Batch("HPFB0002", LocalDate.of(2026, 12, 7), FileKind.LOAN_DEDUCTION, "102350200000001",
        "05", rows, count, Money.parse(total));
  }

  private static InstructionStore.Claimed claimed(String amount, int seq, BankGateway.Split split) {
    return new InstructionStore.Claimed(UUID.randomUUID(), "HPF" + seq, "05", "102", "102", null, 7L, "借款人",
        Money.parse(amount), true, "loanrepay:D" + seq, LocalDate.of(2026, 12, 7), 1, 0, null, "HPFB0002-" + seq,
        split);
  }
}
