package hpf.dataset;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The money of a chunk, posted as the platform posts it. Each employer pays its list every month (汇缴, business
 * type 01): one ledger transaction debits the center's bank account and credits every member on the list. Some
 * members with a bound card have a rent withdrawal in flight at the end of the period (2 %: member → withdrawals
 * payable, business type 11, with its PENDING payment instruction), and some cancelled one earlier (1 %: posted and
 * reversed, the instruction CANCELLED). Paid withdrawals are not generated: the settlement issue brings payment.
 */
final class MoneyMovements {

  /** The center's bank account and the withdrawals payable, as hpf.account.Remittances and hpf.withdrawal use them. */
  static final String CENTER_BANK = "BANK:center";
  static final String PAYABLE = "PAYABLE:withdrawals";
  private static final double IN_FLIGHT_RATE = 0.02;
  private static final double CANCELLED_RATE = 0.01;

  private final DatasetSpec spec;
  private final Terms terms;
  private final Registry registry;

  MoneyMovements(DatasetSpec spec, Terms terms, Registry registry) {
    this.spec = spec;
    this.terms = terms;
    this.registry = registry;
  }

  /** Remittance lists month by month for each employer (accounts listed in account-number order). */
  void remit(Rows.Chunk chunk, Map<Rows.Employer, List<Rows.Account>> accountsByEmployer) {
    for (Rows.Employer employer : chunk.employers) {
      List<Rows.Account> accounts = accountsByEmployer.get(employer);
      for (int m = 0; m < spec.months(); m++) {
        YearMonth month = spec.month(m);
        List<Rows.Line> lines = new ArrayList<>();
        List<Ledger.Entry> entries = new ArrayList<>();
        Money total = Money.ZERO;
        for (Rows.Account account : accounts) {
          for (Rows.Stint stint : account.stints) {
            if (stint.employer == employer && stint.paysIn(m)) {
              lines.add(new Rows.Line(account, stint.monthly));
              entries.add(new Ledger.Entry(account.ledgerAccount(), Ledger.Side.CREDIT, stint.monthly.total()));
              account.balance = account.balance.plus(stint.monthly.total());
              total = total.plus(stint.monthly.total());
            }
          }
        }
        entries.add(new Ledger.Entry(CENTER_BANK, Ledger.Side.DEBIT, total));
        SplittableRandom random = Draws.stream(spec.seed(), "remittance-" + employer.index(), m);
        LocalDate paid = month.atDay(Math.min(5 + random.nextInt(21), month.lengthOfMonth()));
        String key = "remittance:" + employer.employerId() + ":" + month;
        UUID txnId = Draws.uuid(spec.seed(), key);
        OffsetDateTime paidAt = Draws.moment(paid, 15, random.nextLong());
        chunk.transactions.add(new Rows.Transaction(txnId, new Ledger.Posting("01", key, key, paid, "汇缴 " + month,
            entries), null, paidAt));
        chunk.remittances.add(new Rows.Remittance(employer, month, total, lines,
            Draws.moment(paid.minusDays(Math.min(2, paid.getDayOfMonth() - 1)), 10, random.nextLong()), paidAt, txnId));
        chunk.bankDelta = chunk.bankDelta.plus(total);
      }
    }
  }

  /** Rent withdrawals of members whose account is normal and paid to the end; after {@link #remit}. */
  void withdraw(Rows.Chunk chunk, Map<Rows.Person, Rows.Card> cards) {
    int last = spec.months() - 1;
    record Planned(Rows.Account account, Rows.Card card, Money amount, int month, boolean cancelled) {}
    List<Planned> planned = new ArrayList<>();
    for (Rows.Account account : chunk.accounts) {
      Rows.Card card = cards.get(account.person);
      Rows.Stint stint = account.current();
      if (card == null || account.sealed || stint.lastMonth != last) {
        continue;
      }
      SplittableRandom random = Draws.stream(spec.seed(), "withdrawal", account.person.member);
      // In a month the account was normal throughout at its employer, after the card was bound.
      int firstPossible = Math.max(stint.firstMonth + (account.stints.size() > 1 ? 1 : 0), monthIndex(card.boundOn) + 1);
      if (firstPossible <= last && random.nextDouble() < CANCELLED_RATE) {
        int month = firstPossible + random.nextInt(last - firstPossible + 1);
        Money amount = amount(random, account.paidThrough(month));
        if (amount != null) {
          planned.add(new Planned(account, card, amount, month, true));
        }
      }
      if (firstPossible <= last && random.nextDouble() < IN_FLIGHT_RATE) {
        Money amount = amount(random, account.balance);
        if (amount != null) {
          planned.add(new Planned(account, card, amount, last, false));
          account.balance = account.balance.minus(amount);
          chunk.payableDelta = chunk.payableDelta.plus(amount);
        }
      }
    }
    long[] numbers = registry.next("withdrawal_number", planned.size());
    for (int i = 0; i < planned.size(); i++) {
      Planned p = planned.get(i);
      String applicationId = "W" + numbers[i];
      String ref = "withdrawal:" + applicationId;
      // A cancelled application: the 26th, cancelled on the 27th; the one in flight: the 28th, after any cancellation.
      LocalDate applied = spec.month(p.month()).atDay(p.cancelled() ? 26 : 28);
      UUID txnId = Draws.uuid(spec.seed(), ref);
      OffsetDateTime appliedAt = Draws.moment(applied, 10, txnId.getLeastSignificantBits());
      List<Ledger.Entry> out = List.of(new Ledger.Entry(p.account().ledgerAccount(), Ledger.Side.DEBIT, p.amount()),
          new Ledger.Entry(PAYABLE, Ledger.Side.CREDIT, p.amount()));
      chunk.transactions.add(new Rows.Transaction(txnId, new Ledger.Posting("11", ref, ref, applied, "提取（租房）", out),
          null, appliedAt));
      OffsetDateTime cancelledAt = null;
      if (p.cancelled()) {
        // Cancelled the next day, before the bank was instructed: the mirror image, as Ledger.reverse posts it.
        cancelledAt = Draws.moment(applied.plusDays(1), 11, txnId.getMostSignificantBits());
        String key = "withdrawal-cancel:" + applicationId;
        List<Ledger.Entry> back = List.of(new Ledger.Entry(p.account().ledgerAccount(), Ledger.Side.CREDIT, p.amount()),
            new Ledger.Entry(PAYABLE, Ledger.Side.DEBIT, p.amount()));
        chunk.transactions.add(new Rows.Transaction(Draws.uuid(spec.seed(), key), new Ledger.Posting("11", ref, key,
            applied.plusDays(1), "提取撤销", back), txnId, cancelledAt));
      }
      chunk.withdrawals.add(new Rows.Withdrawal(applicationId, p.account(), p.card(), p.amount(), appliedAt, cancelledAt,
          txnId, Draws.uuid(spec.seed(), "instruction:" + applicationId)));
    }
  }

  /** Whole hundreds from 500 to 1,500, within the rent cap and what the account holds; null when too little. */
  private Money amount(SplittableRandom random, Money available) {
    long wanted = 100_00L * (5 + random.nextInt(11));
    long limit = Math.min(terms.rentCap().fen(), available.fen()) / 100_00L * 100_00L;
    long fen = Math.min(wanted, limit);
    return fen >= 100_00L ? Money.ofFen(fen) : null;
  }

  /** The month's index in the period (negative before it). */
  private int monthIndex(LocalDate day) {
    return (int) (YearMonth.from(day).getYear() * 12L + YearMonth.from(day).getMonthValue()
        - (spec.firstMonth().getYear() * 12L + spec.firstMonth().getMonthValue()));
  }
}
