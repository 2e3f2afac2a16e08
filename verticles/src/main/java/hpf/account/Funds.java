package hpf.account;

import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.ledger.Ledger;
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

  /** Money received at the center's special account of {@code receivingAccount} (see {@link #receivingAccount}). */
  static Funds received(Money amount, String receivingAccount) {
    return new Funds(amount, receivingAccount, Remittances.AMOUNT_MISMATCH, false);
  }

  static final Problem RECEIVING_BANK_UNKNOWN = new Problem(422, "RECEIVING_BANK_UNKNOWN", "收款专户不存在",
      "中心在该银行没有住房公积金专户，请核对到账银行代码。");

  /**
   * The ledger account of the special account (专户) that received money: the named partner bank's, or the center's
   * general one when no bank is named. An unknown bank is refused before anything is written.
   */
  static io.vertx.core.Future<String> receivingAccount(io.vertx.sqlclient.SqlConnection conn, String bankCode) {
    if (bankCode == null) {
      return io.vertx.core.Future.succeededFuture(CENTER_BANK);
    }
    String account = hpf.settlement.PartnerBanks.specialAccount(bankCode);
    return hpf.ledger.LedgerQueries.isAccountOfKind(conn, account, "CENTER_BANK")
        .compose(found -> !found
            ? io.vertx.core.Future.failedFuture(new hpf.kit.ProblemException(RECEIVING_BANK_UNKNOWN))
            : io.vertx.core.Future.succeededFuture(account));
  }

  /** The bank collected the list by direct debit (委托收款): the only funds a list being collected takes. */
  static Funds collectedByDebit(Money amount) {
    return new Funds(amount, CENTER_BANK, Remittances.AMOUNT_MISMATCH, true);
  }

  /** As {@link #collectedByDebit}, received at the special account of the bank that collected it. */
  static Funds collectedAt(String bankCode, Money amount) {
    return new Funds(amount, hpf.settlement.PartnerBanks.specialAccount(bankCode), Remittances.AMOUNT_MISMATCH, true);
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
