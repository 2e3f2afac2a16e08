package hpf.settlement.reconcile;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway.Detail;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The matching rules on their own: collections are not counted twice, directions are compared, references first. */
class MatchingTest {

  private static final LocalDate DAY = LocalDate.of(2026, 9, 1);

  @Test
  void aCollectionIsItsInstructionNotAlsoAReceiptAndADirectionMismatchIsReported() {
    List<Detail> bank = List.of(line("H1", "S1", false, "500.00"), line("H2", "S2", false, "30.00"));
    List<Matching.OurInstruction> ours = List.of(
        new Matching.OurInstruction("S1", "remittance:E1:2026-08", false, Money.parse("500.00"), "H1"),
        new Matching.OurInstruction("S2", "withdrawal:W1", true, Money.parse("30.00"), "H2"));
    // The collection's booking by the account room carries the instruction's business reference.
    List<Matching.OurReceipt> receipts = List.of(new Matching.OurReceipt("remittance:E1:2026-08", Money.parse("500.00"),
        null));
    Matching.Outcome outcome = Matching.match(bank, ours, receipts, Map.of());
    assertThat(outcome.matchedCount()).isEqualTo(1);
    assertThat(outcome.items()).singleElement().satisfies(i -> {
      assertThat(i.kind()).isEqualTo(Matching.Kind.AMOUNT_DIFFERS);
      assertThat(i.note()).isEqualTo("收付方向不符");
    });
  }

  @Test
  void receiptsMatchByReferenceFirstThenByAmountOneToOne() {
    List<Detail> bank = List.of(line("H1", null, false, "100.00"), line("H2", null, false, "100.00"),
        line("H3", null, false, "100.00"));
    List<Matching.OurReceipt> receipts = List.of(new Matching.OurReceipt("suspense:Z1", Money.parse("90.00"), "H2"),
        new Matching.OurReceipt("remittance:E2:2026-08", Money.parse("100.00"), null));
    Matching.Outcome outcome = Matching.match(bank, List.of(), receipts, Map.of());
    assertThat(outcome.matchedCount()).isEqualTo(1);
    assertThat(outcome.items()).extracting(Matching.Item::kind, Matching.Item::hostSeqNo).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Matching.Kind.AMOUNT_DIFFERS, "H2"),
        org.assertj.core.groups.Tuple.tuple(Matching.Kind.MISSING_IN_OUR_BOOKS, "H3"));
  }

  private static Detail line(String host, String serial, boolean debit, String amount) {
    return new Detail(DAY, host, serial, debit, Money.parse(amount), "6217000000000000", "某某", "测试");
  }
}
