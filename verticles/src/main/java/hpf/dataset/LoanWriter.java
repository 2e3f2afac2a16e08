package hpf.dataset;

import hpf.kit.CopyFormat;
import hpf.ledger.Ledger;
import hpf.ledger.LedgerRows;
import hpf.loan.LoanRows;
import hpf.loan.servicing.Allocation;
import hpf.review.ReviewRows;
import hpf.settlement.InstructionRows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes a chunk's loans through the row formats of their owner rooms (hpf.loan applications, histories, contracts
 * and schedules; hpf.review cases and actions; hpf.settlement payees and held payments; hpf.ledger the loans'
 * receivables), in foreign-key order, after the chunk's people and accounts.
 */
final class LoanWriter {

  /** How the chunk writer streams one table. */
  @FunctionalInterface
  interface Copier {
    void copy(CopyFormat format, ChunkWriter.RowSource source) throws SQLException;
  }

  private final Connection connection;
  private final Copier copier;
  private final ReviewRows.Flow flow;

  LoanWriter(Connection connection, Copier copier, ReviewRows.Flow flow) {
    this.connection = connection;
    this.copier = copier;
    this.flow = flow;
  }

  /**
   * Before the chunk's postings: each booked loan's receivable (its balance the principal outstanding) and the
   * special accounts its payments go out of, opened as the settlement room opens them when missing.
   */
  void openAccounts(Rows.Chunk chunk) throws SQLException {
    List<Rows.Loan> booked = chunk.loans.stream().filter(l -> l.disbursementTxn != null).toList();
    if (booked.isEmpty()) {
      return;
    }
    Set<String> banks = new TreeSet<>();
    booked.stream().filter(l -> l.disbursedOn != null).forEach(l -> banks.add(l.payeeBankCode()));
    // Deductions are collected through the repayment card's bank: its special account receives them.
    booked.stream().filter(l -> l.repayments != null
            && l.repayments.attempts.stream().anyMatch(RepaymentHistory.Attempt::collected))
        .forEach(l -> banks.add(l.card.bankCode()));
    try (PreparedStatement account = connection.prepareStatement(LedgerRows.OPEN_ACCOUNT);
         PreparedStatement balance = connection.prepareStatement(LedgerRows.OPEN_BALANCE)) {
      for (String code : banks) {
        String id = GeneratedLoans.specialAccount(code);
        account.setString(1, id);
        account.setString(2, "CENTER_BANK");
        account.setString(3, "DEBIT");
        account.setString(4, "住房公积金专户（" + code + "）");
        account.setString(5, "CENTER_BANK");
        account.executeUpdate();
        balance.setString(1, id);
        balance.executeUpdate();
      }
    }
    copier.copy(LedgerRows.ACCOUNT, rows -> {
      for (Rows.Loan l : booked) {
        LedgerRows.account(rows, LoanRows.receivable(l.contractId), "LOAN_RECEIVABLE", Ledger.Side.DEBIT, false,
            "个人住房贷款 " + l.contractId, l.contractHistory.get(2).at());
      }
    });
    copier.copy(LedgerRows.BALANCE, rows -> {
      for (Rows.Loan l : booked) {
        // The principal outstanding: the loan less the principal received.
        LedgerRows.balance(rows, LoanRows.receivable(l.contractId),
            l.repayments == null ? l.amount : l.amount.minus(l.repayments.principal), l.contractHistory.get(2).at());
      }
    });
  }

  void write(Rows.Chunk chunk) throws SQLException {
    if (chunk.loans.isEmpty()) {
      return;
    }
    copier.copy(LoanRows.APPLICATION, rows -> {
      for (Rows.Loan l : chunk.loans) {
        Rows.Step now = l.history.get(l.history.size() - 1);
        LoanRows.application(rows, new LoanRows.Application(l.applicationId, l.account.person.personId,
            l.account.accountNo, l.houseContractNo, l.price, l.area, l.houseKind, l.homeOrdinal, l.amount, l.termMonths,
            l.method.code(), l.card.bankCode(), l.cardEnc, l.cardIdx, l.ceiling, l.bindingLimit, LoanStory.channel(),
            ChunkWriter.APP_ID, now.state(), now.reason(), l.history.get(0).at(), now.at()));
      }
    });
    copier.copy(LoanRows.STATE_HISTORY, rows -> {
      for (Rows.Loan l : chunk.loans) {
        history(rows, l.applicationId, l.history);
      }
    });
    writeReviews(chunk);
    writeContracts(chunk.loans.stream().filter(Rows.Loan::contracted).toList());
  }

  private void writeReviews(Rows.Chunk chunk) throws SQLException {
    copier.copy(ReviewRows.CASE, rows -> {
      for (Rows.Loan l : chunk.loans) {
        Rows.Step last = l.review.get(l.review.size() - 1);
        String state = switch (l.outcome) {
          case "IN_REVIEW", "RETURNED", "REFUSED", "CANCELLED" -> l.outcome;
          default -> "APPROVED";
        };
        boolean open = "IN_REVIEW".equals(state) || "RETURNED".equals(state);
        ReviewRows.reviewCase(rows, l.caseId, LoanRows.REVIEW_BUSINESS_TYPE, l.applicationId, l.account.person.personId,
            flow.version(), state, "RETURNED".equals(state) ? 0 : l.stepIndex, summary(l).encode(), l.review.get(0).at(),
            last.at(), open ? null : last.at());
      }
    });
    copier.copy(ReviewRows.ACTION, rows -> {
      for (Rows.Loan l : chunk.loans) {
        for (int i = 0; i < l.review.size(); i++) {
          Rows.Step action = l.review.get(i);
          // The opening and the approvals are on the steps in turn; the closing action on the step it closed.
          int step = "APPROVE".equals(action.state()) ? i - 1 : "OPEN".equals(action.state()) ? 0 : l.stepIndex;
          int colon = action.actor().indexOf(':');
          ReviewRows.action(rows, l.caseId, flow.steps().get(step), action.actor().substring(0, colon),
              action.actor().substring(colon + 1), action.state(), action.reason(), action.at());
        }
      }
    });
  }

  private void writeContracts(List<Rows.Loan> contracted) throws SQLException {
    copier.copy(InstructionRows.PAYEE, rows -> {
      for (Rows.Loan l : contracted) {
        InstructionRows.payee(rows, l.payeeId, l.payeeBankCode(), l.payeeName, l.payeeEnc, l.payeeIdx, l.payeeMasked());
      }
    });
    copier.copy(InstructionRows.HELD_TO_ACCOUNT, rows -> {
      for (Rows.Loan l : contracted) {
        if (l.disbursementTxn != null && l.disbursedOn == null) {
          Rows.Step asked = l.contractHistory.get(2);
          InstructionRows.heldToAccount(rows, l.instructionId, LoanRows.DISBURSEMENT_BUS_TYPE, l.payeeBankCode(),
              l.payeeId, l.payeeName, l.amount, LoanRows.businessRef(l.contractId), LoanStory.LOAN_STAFF, asked.at());
        }
      }
    });
    copier.copy(LoanRows.CONTRACT, rows -> {
      for (Rows.Loan l : contracted) {
        Rows.Step signed = l.contractHistory.get(0);
        Rows.Step now = l.contractHistory.get(l.contractHistory.size() - 1);
        boolean preRegistered = l.contractHistory.size() > 1;
        boolean asked = l.disbursementTxn != null;
        // An active loan's paid instruction is not generated (as paid withdrawals are not): it names none.
        LoanRows.contract(rows, new LoanRows.Contract(l.contractId, l.applicationId, l.account.person.personId,
            l.account.accountNo, l.amount, l.termMonths, l.method.code(), l.homeOrdinal, l.houseContractNo, l.payeeId,
            l.payeeName, l.payeeBankCode(), l.payeeMasked(), l.document, signed.actor(), LoanStory.channel(),
            signed.at(), preRegistered ? l.preRegistrationNo : null, now.state(),
            l.disbursedOn == null ? null : l.annualRate, l.disbursedOn, asked ? LoanStory.LOAN_STAFF : null,
            asked && l.disbursedOn == null ? l.instructionId : null, l.disbursementTxn,
            l.repayments == null ? firstDue(l) : l.repayments.nextDueOn,
            l.repayments == null ? null : l.repayments.settledOn, now.at()));
      }
    });
    copier.copy(LoanRows.CONTRACT_HISTORY, rows -> {
      for (Rows.Loan l : contracted) {
        history(rows, l.contractId, l.contractHistory);
      }
    });
    copier.copy(LoanRows.INSTALLMENT, rows -> {
      for (Rows.Loan l : contracted) {
        if (l.schedule != null) {
          LoanRows.installments(rows, l.contractId, l.schedule);
        }
      }
    });
    writeRepayments(contracted.stream().filter(l -> l.repayments != null).toList());
  }

  /** An active loan's deductions, receipts and their split, as servicing writes them. */
  private void writeRepayments(List<Rows.Loan> serviced) throws SQLException {
    copier.copy(LoanRows.DEDUCTION, rows -> {
      for (Rows.Loan l : serviced) {
        for (RepaymentHistory.Attempt a : l.repayments.attempts) {
          LoanRows.deduction(rows, new LoanRows.Deduction(a.deductionId(), l.contractId, a.day(), a.amount(),
              a.collected() ? "SUCCEEDED" : "FAILED", a.collected() ? null : LoanReceipts.REFUSED,
              LoanReceipts.attemptedAt(a), LoanReceipts.finishedAt(a)));
        }
      }
    });
    copier.copy(LoanRows.REPAYMENT, rows -> {
      for (Rows.Loan l : serviced) {
        for (RepaymentHistory.Attempt a : l.repayments.attempts) {
          if (a.collected()) {
            LoanRows.repayment(rows, new LoanRows.Repayment(a.repaymentId(), l.contractId, a.detailType(), "CARD",
                LoanReceipts.businessRef(a), a.day(), a.amount(), a.sum(Allocation.Kind.PRINCIPAL),
                a.sum(Allocation.Kind.INTEREST), a.sum(Allocation.Kind.PENALTY), a.txnId(), LoanReceipts.finishedAt(a)));
          }
        }
      }
    });
    copier.copy(LoanRows.REPAYMENT_PART, rows -> {
      for (Rows.Loan l : serviced) {
        for (RepaymentHistory.Attempt a : l.repayments.attempts) {
          if (a.collected()) {
            for (Allocation.Part p : a.parts()) {
              LoanRows.repaymentPart(rows, a.repaymentId(), l.contractId, p.period(), p.kind().name(), p.overdue(),
                  p.amount(), a.day());
            }
          }
        }
      }
    });
  }

  /** The first due date of an active loan's schedule (none for a loan not paid out). */
  private static java.time.LocalDate firstDue(Rows.Loan l) {
    return l.schedule == null ? null : l.schedule.installments().get(0).due();
  }

  private static void history(CopyFormat.Sink rows, String id, List<Rows.Step> steps) throws SQLException {
    for (int i = 0; i < steps.size(); i++) {
      Rows.Step s = steps.get(i);
      LoanRows.history(rows, id, i + 1, s.state(), s.reason(), s.actor(), s.at());
    }
  }

  /** What the reviewers see in the queue, as the loan room summarises an application (no ID or card number). */
  private static JsonObject summary(Rows.Loan l) {
    return new JsonObject().put("amount", l.amount.toString()).put("termMonths", l.termMonths)
        .put("repaymentMethod", l.method.code())
        .put("home", new JsonObject().put("contractNo", l.houseContractNo).put("price", l.price.toString())
            .put("area", l.area).put("kind", l.houseKind).put("homeOrdinal", l.homeOrdinal))
        .put("ceiling", l.ceiling.toString()).put("bindingLimit", l.bindingLimit).put("coBorrowers", 0)
        .put("channel", LoanStory.channel()).put("checks", new JsonArray()).put("manualReasons", new JsonArray());
  }
}
