package hpf.account;

import hpf.channel.Problem;
import hpf.ledger.Ledger;
import hpf.ledger.Money;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Money that pays a remittance or supplementary list, and the ledger account it comes from: the center's bank
 * account (a payment received) or the employers' suspense (a claimed suspense item). The amount must equal the
 * list's total; {@code mismatch} is the refusal when it does not. {@code collected}: the money is the result of the
 * list's own direct debit.
 */
record Funds(Money amount, String account, Problem mismatch, boolean collected) {

  /** The center's bank account (专户), opened by migration V23. */
  static final String CENTER_BANK = "BANK:center";
  /** The employers' suspense (暂收款), opened by migration V23. */
  static final String SUSPENSE = "SUSPENSE:employers";

  static Funds received(Money amount) {
    return new Funds(amount, CENTER_BANK, Remittances.AMOUNT_MISMATCH, false);
  }

  /** The bank collected the list by direct debit (委托收款): the only funds a list being collected takes. */
  static Funds collectedByDebit(Money amount) {
    return new Funds(amount, CENTER_BANK, Remittances.AMOUNT_MISMATCH, true);
  }

  static Funds fromSuspense(Money amount) {
    return new Funds(amount, SUSPENSE, ContributionProblems.SUSPENSE_AMOUNT_MISMATCH, false);
  }

  /**
   * The entries of paying a list: debit the funds' account, credit each member's ledger account with its lines
   * (columns {@code ledger_account} and {@code amount}; a member with several months gets one credit).
   */
  List<Ledger.Entry> entries(RowSet<Row> lines) {
    Map<String, Money> credits = new LinkedHashMap<>();
    for (Row line : lines) {
      credits.merge(line.getString("ledger_account"), Money.of(line.getBigDecimal("amount")), Money::plus);
    }
    List<Ledger.Entry> entries = new ArrayList<>();
    entries.add(new Ledger.Entry(account, Ledger.Side.DEBIT, amount));
    credits.forEach((member, credit) -> {
      if (credit.isPositive()) {
        entries.add(new Ledger.Entry(member, Ledger.Side.CREDIT, credit));
      }
    });
    return entries;
  }
}
