package hpf.settlement.dispatch;

import hpf.settlement.PayeeAccounts;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * The bank message of a claimed instruction: the center's special account at the bank on one side, the payee's
 * card or registered account (decrypted for this message only) on the other; a collection runs the other way. The
 * center pays from its account at the payee's own bank when that is a partner bank (SettleType 1, same bank), else
 * from the clearing bank's (SettleType 2, interbank real-time).
 */
public final class Payments {

  /** Account class of the bank protocol: 1 personal, 2 corporate. */
  private static final int PERSONAL = 1;
  private static final int CORPORATE = 2;

  private final Pool pool;
  private final CardNumbers cards;
  private final PayeeAccounts payees;

  public Payments(Pool pool, CardNumbers cards, PayeeAccounts payees) {
    this.pool = pool;
    this.cards = cards;
    this.payees = payees;
  }

  Future<BankGateway.Payment> of(InstructionStore.Claimed c, InstructionStore.Bank bank) {
    boolean card = c.payeeCardId() != null;
    Future<String> number = card ? cards.number(pool, c.payeeCardId()) : payees.number(pool, c.payeeAccountId());
    boolean sameBank = c.bankCode().equals(bank.bankCode());
    BankGateway.SettleType settle = sameBank ? BankGateway.SettleType.SAME_BANK
        : BankGateway.SettleType.INTERBANK_REALTIME;
    // The payee bank's clearing number would come from the interbank lookup (BDC112); its bank code stands in.
    String interbankNo = sameBank ? null : c.bankCode();
    return number.map(account -> c.collection()
        ? new BankGateway.Payment(c.serialNo(), c.sentOn(), settle, c.busType(), account, c.payeeName(),
            bank.centerAccountNo(), bank.centerAccountName(), CORPORATE, interbankNo, c.amount(),
            c.loanDeduction() ? "住房公积金贷款扣款" : "住房公积金委托收款", c.split())
        : new BankGateway.Payment(c.serialNo(), c.sentOn(), settle, c.busType(), bank.centerAccountNo(),
            bank.centerAccountName(), account, c.payeeName(), card ? PERSONAL : CORPORATE, interbankNo, c.amount(),
            summary(c.busType())));
  }

  /** The line the payee reads on its statement. */
  private static String summary(String busType) {
    return switch (busType) {
      case "02" -> "住房公积金提取";
      case "03" -> "住房公积金销户提取";
      case "04" -> "住房公积金贷款发放";
      case "17" -> "住房公积金转移";
      default -> "住房公积金退款";
    };
  }
}
