package hpf.withdrawal;

import hpf.account.AccountClosing;
import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The money of an approved application, in the caller's transaction: a partial withdrawal moves the amount from
 * the member account to the withdrawals payable (business type 11, BusType 02); a closing one first credits the
 * interest accrued to the closing date, then moves the whole balance (type 12, BusType 03) and closes the account.
 * The payment instruction goes into the settlement outbox in the same transaction: to the member's bound card, or
 * for a death to the heir's account.
 */
final class WithdrawalPayout {

  static final String PAYABLE = "PAYABLE:withdrawals";

  /** What the payout did: amount paid, its postings, the interest credited and the instruction. */
  record Paid(Money amount, UUID ledgerTxn, UUID interestTxn, UUID instructionId, String closedFrom) {}

  /** The member account as locked for the application. */
  record Account(String accountNo, String ledgerAccount, String name, String status) {
    static Account of(hpf.account.MemberLocks.Locked locked) {
      return new Account(locked.accountNo(), locked.ledgerAccount(), locked.name(), locked.status());
    }
  }

  private final Ledger ledger = new Ledger();
  private final SettlementOutbox outbox = new SettlementOutbox();
  private final AccountClosing closing = new AccountClosing();

  Future<Paid> pay(SqlConnection conn, String applicationId, Withdrawals.Request request, Account account,
                   Payee payee, LocalDate today) {
    WithdrawalReasons.Reason reason = WithdrawalReasons.of(request.reason());
    String ref = "withdrawal:" + applicationId;
    if (!reason.closing()) {
      return move(conn, ref, "11", "提取（" + reason.name() + "）", account, request.amount(), today)
          .compose(txn -> instruct(conn, "02", payee, account, request.amount(), ref)
              .map(instruction -> new Paid(request.amount(), txn, null, instruction, null)));
    }
    return closing.accrueInterest(conn, account.accountNo(), account.ledgerAccount(), today, applicationId)
        .compose(accrued -> ledger.balance(conn, account.ledgerAccount())
            .compose(balance -> !balance.isPositive() ? Withdrawals.<Paid>refuse(WithdrawalProblems.NOTHING_TO_WITHDRAW)
                : move(conn, ref, "12", "销户提取（" + reason.name() + "）", account, balance, today)
                    .compose(txn -> closing.close(conn, account.accountNo(), account.status())
                        .compose(closed -> instruct(conn, "03", payee, account, balance, ref))
                        .map(instruction -> new Paid(balance, txn, accrued.txnId(), instruction, account.status())))));
  }

  /** Undoes a payout whose instruction was still pending: reversing entries, the account reopened if closed. */
  Future<Void> undo(SqlConnection conn, String applicationId, UUID ledgerTxn, UUID interestTxn, String closedFrom,
                    String accountNo, LocalDate today) {
    Future<?> reversed = ledger.reverse(conn, ledgerTxn, "withdrawal-cancel:" + applicationId, today, "提取撤销");
    if (interestTxn != null) {
      reversed = reversed.compose(v -> ledger.reverse(conn, interestTxn, "withdrawal-cancel-interest:" + applicationId,
          today, "销户结息撤销"));
    }
    return closedFrom != null ? reversed.compose(v -> closing.reopen(conn, accountNo, closedFrom)).mapEmpty()
        : reversed.mapEmpty();
  }

  private Future<UUID> move(SqlConnection conn, String ref, String businessType, String memo, Account account,
                            Money amount, LocalDate today) {
    return ledger.post(conn, new Ledger.Posting(businessType, ref, ref, today, memo, List.of(
            new Ledger.Entry(account.ledgerAccount(), Ledger.Side.DEBIT, amount),
            new Ledger.Entry(PAYABLE, Ledger.Side.CREDIT, amount))))
        .map(Ledger.Posted::txnId);
  }

  private Future<UUID> instruct(SqlConnection conn, String busType, Payee payee, Account account, Money amount,
                                String ref) {
    return payee.account() == null
        ? outbox.enqueue(conn, new SettlementOutbox.Instruction(busType, payee.bankCode(), payee.cardId(),
            account.name(), amount, ref))
        : outbox.enqueue(conn, new SettlementOutbox.ToAccount(busType, payee.account(), amount, ref));
  }

  /** Where the money goes: the member's bound card, or an heir's account registered as a settlement payee. */
  record Payee(String bankCode, long cardId, PayeeAccounts.Payee account) {
    static Payee card(hpf.account.BankCards.Bound card) {
      return new Payee(card.bankCode(), card.cardId(), null);
    }

    static Payee account(PayeeAccounts.Payee account) {
      return new Payee(account.bankCode(), 0, account);
    }
  }
}
