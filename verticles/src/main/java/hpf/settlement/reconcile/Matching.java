package hpf.settlement.reconcile;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway.Detail;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One bank's day, both sides set against each other (no I/O). The bank's lines on the center's special account are
 * matched to our instructions by serial number (SendSeqNo, the bank-side idempotency key), and to the receipts our
 * books show on that account by the bank's host serial where we know it (a suspense item's bank reference), then by
 * amount, one line to one receipt, in booking order (a reference typed differently still matches by amount).
 * What is left on either side, and a match whose amount or direction differs, is an item of the report.
 */
final class Matching {

  enum Kind { MISSING_AT_BANK, MISSING_IN_OUR_BOOKS, AMOUNT_DIFFERS }

  /** OUT: money leaving the center's special account (a payment); IN: money arriving (a receipt, a collection). */
  enum Direction { OUT, IN }

  /** An instruction that ended SUCCEEDED through this bank that day; {@code out} for a payment, not a collection. */
  record OurInstruction(String serialNo, String businessRef, boolean out, Money amount, String hostSeqNo) {}

  /** Money our books received on the special account that day (a ledger debit), with the bank's reference if known. */
  record OurReceipt(String businessRef, Money amount, String bankReference) {}

  /** One difference. Amounts are null on the side that lacks the movement; {@code note} says it in business words. */
  record Item(Kind kind, Direction direction, String serialNo, String hostSeqNo, Money ourAmount, Money bankAmount,
              String businessRef, String note) {}

  /** The outcome: what matched (count and amount), and every difference. */
  record Outcome(int bankLines, int ourLines, int matchedCount, Money matchedAmount, List<Item> items) {
    long count(Kind kind) {
      return items.stream().filter(i -> i.kind() == kind).count();
    }
  }

  private Matching() {}

  /**
   * @param known what we know of serials the bank booked that are not among {@code instructions} (serial → our
   *              status and date, e.g. "UNKNOWN" or "SUCCEEDED 2026-09-01"): only for the notes
   */
  static Outcome match(List<Detail> bank, List<OurInstruction> instructions, List<OurReceipt> receipts,
                       Map<String, String> known) {
    List<Item> items = new ArrayList<>();
    int matched = 0;
    Money matchedAmount = Money.ZERO;
    Map<String, OurInstruction> bySerial = new LinkedHashMap<>();
    instructions.forEach(i -> bySerial.put(i.serialNo(), i));
    // A collection is booked by its business room like a receipt (same business reference): the instruction
    // stands for it, so that receipt is not counted again.
    Set<String> collected = new HashSet<>();
    instructions.stream().filter(i -> !i.out()).forEach(i -> collected.add(i.businessRef()));
    List<OurReceipt> openReceipts = new ArrayList<>(receipts.stream()
        .filter(r -> !collected.remove(r.businessRef())).toList());
    int ourLines = instructions.size() + openReceipts.size();
    List<Detail> unserialled = new ArrayList<>();
    for (Detail line : bank) {
      if (line.serialNo() == null || line.serialNo().isBlank()) {
        unserialled.add(line);
        continue;
      }
      OurInstruction ours = bySerial.remove(line.serialNo());
      if (ours == null) {
        String status = known.get(line.serialNo());
        items.add(new Item(Kind.MISSING_IN_OUR_BOOKS, direction(line), line.serialNo(), line.hostSeqNo(), null,
            line.amount(), null, status == null ? "银行有此笔，我方无此流水号的指令"
                : "银行有此笔，我方当日无成功记录（我方指令：" + status + "）"));
      } else if (ours.out() != line.debit() || !ours.amount().equals(line.amount())) {
        items.add(new Item(Kind.AMOUNT_DIFFERS, direction(line), line.serialNo(), line.hostSeqNo(), ours.amount(),
            line.amount(), ours.businessRef(), ours.out() != line.debit() ? "收付方向不符" : "金额不符"));
      } else {
        matched++;
        matchedAmount = matchedAmount.plus(line.amount());
      }
    }
    bySerial.values().forEach(ours -> items.add(new Item(Kind.MISSING_AT_BANK, ours.out() ? Direction.OUT
        : Direction.IN, ours.serialNo(), ours.hostSeqNo(), ours.amount(), null, ours.businessRef(),
        "我方指令成功，银行明细无此笔")));

    // Lines without our serial: money arriving (receipts) first by the bank's reference, then by amount.
    List<Detail> left = new ArrayList<>();
    for (Detail line : unserialled) {
      OurReceipt ours = line.debit() ? null : take(openReceipts, r -> line.hostSeqNo().equals(r.bankReference()));
      if (ours == null) {
        left.add(line);
      } else if (!ours.amount().equals(line.amount())) {
        items.add(new Item(Kind.AMOUNT_DIFFERS, Direction.IN, null, line.hostSeqNo(), ours.amount(), line.amount(),
            ours.businessRef(), "到账金额与我方入账金额不符"));
      } else {
        matched++;
        matchedAmount = matchedAmount.plus(line.amount());
      }
    }
    for (Detail line : left) {
      OurReceipt ours = line.debit() ? null
          : take(openReceipts, r -> r.amount().equals(line.amount()));
      if (ours != null) {
        matched++;
        matchedAmount = matchedAmount.plus(line.amount());
      } else {
        items.add(new Item(Kind.MISSING_IN_OUR_BOOKS, direction(line), null, line.hostSeqNo(), null, line.amount(),
            null, line.debit() ? "银行有此笔支出，我方无对应指令" : "银行有此笔到账，我方未入账"));
      }
    }
    openReceipts.forEach(r -> items.add(new Item(Kind.MISSING_AT_BANK, Direction.IN, null, r.bankReference(),
        r.amount(), null, r.businessRef(), "我方已入账，银行明细无此笔到账")));
    return new Outcome(bank.size(), ourLines, matched, matchedAmount, items);
  }

  private static Direction direction(Detail line) {
    return line.debit() ? Direction.OUT : Direction.IN;
  }

  private static OurReceipt take(List<OurReceipt> receipts, java.util.function.Predicate<OurReceipt> fits) {
    for (int i = 0; i < receipts.size(); i++) {
      if (fits.test(receipts.get(i))) {
        return receipts.remove(i);
      }
    }
    return null;
  }
}
