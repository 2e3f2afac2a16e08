package hpf.settlement.dispatch;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.bdc.BatchFiles;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The night window on a controllable clock, and the totals check that keeps a wrong file from leaving. */
class BatchWindowTest {

  private static final ZoneId CENTER = ZoneId.of("Asia/Shanghai");

  private static Instant at(int hour, int minute) {
    Clock clock = Clock.fixed(ZonedDateTime.of(2026, 11, 20, hour, minute, 0, 0, CENTER).toInstant(), CENTER);
    return clock.instant();
  }

  @Test
  void theNightWindowRunsOverMidnightInBeijingTime() {
    BatchWindow night = BatchWindow.parse("22:00-06:00");
    assertThat(night).isEqualTo(BatchWindow.NIGHT);
    assertThat(night.contains(at(22, 0))).isTrue();
    assertThat(night.contains(at(23, 59))).isTrue();
    assertThat(night.contains(at(0, 0))).isTrue();
    assertThat(night.contains(at(5, 59))).isTrue();
    assertThat(night.contains(at(6, 0))).isFalse();
    assertThat(night.contains(at(12, 0))).isFalse();
    assertThat(night.contains(at(21, 59))).isFalse();
    BatchWindow day = BatchWindow.parse("09:30-11:00");
    assertThat(day.contains(at(9, 30))).isTrue();
    assertThat(day.contains(at(11, 0))).isFalse();
    assertThat(BatchWindow.parse("off").contains(at(23, 0))).isFalse();
    assertThat(BatchWindow.parse("off")).hasToString("off");
    assertThatThrownBy(() -> BatchWindow.parse("22-06")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchWindow.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFileWhoseTotalsDisagreeWithItsRowsIsRefusedBeforeSending() {
    List<InstructionStore.Claimed> claimed = List.of(claimed("100.00", 1), claimed("50.50", 2));
    List<BankGateway.BatchRow> rows = List.of(new BankGateway.BatchRow(1, Money.parse("100.00"), "6217", "甲", "提取"),
        new BankGateway.BatchRow(2, Money.parse("50.50"), "6218", "乙", "提取"));
    BankGateway.Batch good = batch(rows, 2, "150.50");
    assertThat(BatchTotals.verified(good, claimed)).isSameAs(good);
    assertThatThrownBy(() -> BatchTotals.verified(batch(rows, 2, "150.49"), claimed))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rows sum to 150.50");
    assertThatThrownBy(() -> BatchTotals.verified(batch(rows, 3, "150.50"), claimed))
        .isInstanceOf(IllegalStateException.class);
    List<BankGateway.BatchRow> altered = List.of(rows.get(0), new BankGateway.BatchRow(2, Money.parse("50.00"), "6218",
        "乙", "提取"));
    assertThatThrownBy(() -> BatchTotals.verified(batch(altered, 2, "150.00"), claimed))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("row 2");
    // The file itself is checked again where it is written: a wrong total never becomes a message.
    assertThatThrownBy(() -> BatchFiles.requestFile(batch(rows, 2, "150.49")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static BankGateway.Batch batch(List<BankGateway.BatchRow> rows, int count, String total) {
    return new BankGateway.Batch("HPFB0001", LocalDate.of(2026, 11, 20), false, "350210200000001", "02", rows, count,
        Money.parse(total));
  }

  private static InstructionStore.Claimed claimed(String amount, int seq) {
    return new InstructionStore.Claimed(UUID.randomUUID(), "HPF" + seq, "02", "102", "102", 1L, null, "甲",
        Money.parse(amount), false, "withdrawal:W" + seq, LocalDate.of(2026, 11, 20), 1, 0, null, "HPFB0001-" + seq,
        null);
  }
}
