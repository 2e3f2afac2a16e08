package hpf.dataset;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.loan.LoanRows;
import hpf.loan.servicing.Allocation;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Books a chunk's active loans' repayment histories as loan servicing books a collected deduction: one balanced
 * ledger transaction a receipt (business type L02, or L04 when it paid overdue parts; business reference and
 * idempotency key {@code loanrepay:<deduction id>}) debiting the center's special account at the card's bank and
 * crediting the loan's receivable (principal), the interest income and the penalty income; a loan whose every
 * installment was received is SETTLED by servicing that day. What the receipts add to the shared accounts (the
 * special accounts, the incomes) is gathered for the balances written at the end of the generation.
 */
final class LoanReceipts {

  static final String SERVICING = "servicing";
  static final String REFUSED = hpf.settlement.bdc.ReturnCodes.INSUFFICIENT_FUNDS + " "
      + hpf.settlement.bdc.ReturnCodes.message(hpf.settlement.bdc.ReturnCodes.INSUFFICIENT_FUNDS);

  private LoanReceipts() {}

  /** In loan order after the histories were computed (on all cores), before the chunk's fingerprints. */
  static void book(Rows.Chunk chunk) {
    for (Rows.Loan loan : chunk.loans) {
      RepaymentHistory history = loan.repayments;
      if (history == null) {
        continue;
      }
      String bank = GeneratedLoans.specialAccount(loan.card.bankCode());
      for (RepaymentHistory.Attempt a : history.attempts) {
        if (!a.collected()) {
          continue;
        }
        Money principal = a.sum(Allocation.Kind.PRINCIPAL);
        Money interest = a.sum(Allocation.Kind.INTEREST);
        Money penalty = a.sum(Allocation.Kind.PENALTY);
        List<Ledger.Entry> entries = new ArrayList<>();
        entries.add(new Ledger.Entry(bank, Ledger.Side.DEBIT, a.amount()));
        credit(entries, LoanRows.receivable(loan.contractId), principal);
        credit(entries, LoanRows.INTEREST_INCOME, interest);
        credit(entries, LoanRows.PENALTY_INCOME, penalty);
        String ref = businessRef(a);
        chunk.transactions.add(new Rows.Transaction(a.txnId(), new Ledger.Posting("L" + a.detailType(), ref, ref,
            a.day(), memo(a), entries), null, finishedAt(a)));
        chunk.receiptDeltas.merge(bank, a.amount(), Money::plus);
        chunk.receiptDeltas.merge(LoanRows.INTEREST_INCOME, interest, Money::plus);
        chunk.receiptDeltas.merge(LoanRows.PENALTY_INCOME, penalty, Money::plus);
      }
      if (history.settledOn != null) {
        loan.contractHistory.add(new Rows.Step("SETTLED", "全部本息已还清（" + history.settledOn + "）", SERVICING,
            finishedAt(history.attempts.get(history.attempts.size() - 1)).plusSeconds(1)));
      }
    }
  }

  static String businessRef(RepaymentHistory.Attempt a) {
    return LoanRows.REPAYMENT_PREFIX + ":" + a.deductionId();
  }

  /** When the day's run wrote the deduction (the morning) and when the bank's answer came (the afternoon). */
  static OffsetDateTime attemptedAt(RepaymentHistory.Attempt a) {
    return Draws.moment(a.day(), 9, a.deductionId().getLeastSignificantBits());
  }

  static OffsetDateTime finishedAt(RepaymentHistory.Attempt a) {
    return Draws.moment(a.day(), 15, a.deductionId().getMostSignificantBits());
  }

  /** The memo servicing gives a collected deduction, with the bank's serial number. */
  private static String memo(RepaymentHistory.Attempt a) {
    return "贷款扣款（银行流水 " + (100_000_000L + Math.floorMod(a.deductionId().getLeastSignificantBits(), 900_000_000L))
        + "）";
  }

  private static void credit(List<Ledger.Entry> entries, String account, Money amount) {
    if (amount.isPositive()) {
      entries.add(new Ledger.Entry(account, Ledger.Side.CREDIT, amount));
    }
  }
}
