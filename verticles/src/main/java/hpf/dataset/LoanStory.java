package hpf.dataset;

import hpf.review.ReviewRows;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;

/**
 * How a generated loan got where it is, one business day a step, as the loan and review rooms record it: the
 * application's history (SUBMITTED, VERIFYING, IN_REVIEW, then the review's outcome and CONTRACTED), the review case's
 * actions (the system's opening, each step's decision by a different person, the applicant's cancellation) and the
 * contract's history (SIGNED, PRE_REGISTERED, DISBURSING, ACTIVE). The story ends on a day of the period's last month;
 * an active loan's (paid out that day) on a day of one of the period's last {@link #MONTHS_BACK} months, so it has a
 * repayment history of up to that many installments ({@link RepaymentHistory}).
 */
final class LoanStory {

  /** The staff who decide the generated cases (one per step: four eyes) and who ask for disbursements. */
  static final List<String> REVIEWERS = List.of("dataset.reviewer-a", "dataset.reviewer-b", "dataset.approver");
  static final String LOAN_STAFF = "dataset.loans";
  private static final String CHANNEL = "ONLINE_HALL";
  private static final List<String> REFUSALS = List.of("月还款额超过月收入的50%", "购房合同备案信息与申请不符",
      "婚姻状况证明材料不全", "连续缴存记录核实不符");
  private static final String RETURN_REASON = "请补充上传购房首付款凭证";
  private static final int DAYS = 8;
  /**
   * Active loans were paid out within the period's last twelve months at most: a year of repayments shows every kind
   * of history, and the rows stay bounded (about six receipts a loan, not the hundreds of a 30-year loan's life).
   */
  static final int MONTHS_BACK = 12;

  private final DatasetSpec spec;
  private final ReviewRows.Flow flow;

  LoanStory(DatasetSpec spec, ReviewRows.Flow flow) {
    this.spec = spec;
    this.flow = flow;
  }

  static String channel() {
    return CHANNEL;
  }

  void tell(Rows.Loan loan) {
    int outcome = GeneratedLoans.OUTCOMES.indexOf(loan.outcome);
    YearMonth month = spec.through().minusMonths(monthsBack(loan));
    LocalDate lastDay = month.atDay(1 + loan.random.nextInt(Math.min(28, month.lengthOfMonth())));
    LocalDate first = lastDay.minusDays(DAYS - 1L);
    String member = "MEMBER:" + loan.account.person.personId;
    String salt = loan.applicationId;
    OffsetDateTime submitted = at(first, 9, salt + "s");
    loan.history.add(new Rows.Step("SUBMITTED", null, member, submitted));
    loan.history.add(new Rows.Step("VERIFYING", "核验数据源 10 项", member, submitted.plusSeconds(1)));
    OffsetDateTime opened = submitted.plusSeconds(3);
    loan.history.add(new Rows.Step("IN_REVIEW", "数据源核验全部通过，等待审核", "SYSTEM", opened));
    loan.review.add(new Rows.Step("OPEN", null, "SYSTEM:open", opened));
    int steps = flow.steps().size();
    int approvals = switch (loan.outcome) {
      case "IN_REVIEW", "REFUSED" -> loan.random.nextInt(steps);
      case "RETURNED" -> 0;
      case "CANCELLED" -> loan.random.nextInt(Math.min(2, steps));
      default -> steps;
    };
    int day = 1;
    for (int k = 0; k < approvals; k++, day++) {
      loan.review.add(new Rows.Step("APPROVE", null, "STAFF:" + reviewer(k), at(first.plusDays(day), 14, salt + k)));
    }
    loan.stepIndex = Math.min(approvals, steps - 1);
    OffsetDateTime decided = at(first.plusDays(day), 15, salt + "d");
    String step = flow.steps().get(loan.stepIndex).step();
    switch (loan.outcome) {
      case "IN_REVIEW" -> { }
      case "RETURNED" -> {
        loan.review.add(new Rows.Step("RETURN", RETURN_REASON, "STAFF:" + reviewer(0), decided));
        loan.history.add(new Rows.Step("RETURNED", step + "：" + RETURN_REASON, "STAFF:" + reviewer(0), decided));
      }
      case "REFUSED" -> {
        String reason = REFUSALS.get(loan.random.nextInt(REFUSALS.size()));
        String staff = "STAFF:" + reviewer(loan.stepIndex);
        loan.review.add(new Rows.Step("REFUSE", reason, staff, decided));
        loan.history.add(new Rows.Step("REFUSED", step + "：" + reason, staff, decided));
      }
      case "CANCELLED" -> {
        loan.review.add(new Rows.Step("CANCEL", null, "APPLICANT:" + loan.account.person.personId, decided));
        loan.history.add(new Rows.Step("CANCELLED", step, "APPLICANT:" + loan.account.person.personId, decided));
      }
      default -> {
        // The last approval closes the case and approves the application in the same transaction.
        Rows.Step last = loan.review.get(loan.review.size() - 1);
        loan.history.add(new Rows.Step("APPROVED", step, last.actor(), last.at()));
      }
    }
    if (outcome >= GeneratedLoans.OUTCOMES.indexOf("SIGNED")) {
      contract(loan, outcome, first.plusDays(day), member);
    }
  }

  /** Signing, the pre-registration, the disbursement asked for, the bank's payment: as far as the outcome goes. */
  private void contract(Rows.Loan loan, int outcome, LocalDate from, String member) {
    String salt = loan.contractId;
    OffsetDateTime signed = at(from, 10, salt + "s");
    loan.contractHistory.add(new Rows.Step("SIGNED", null, member, signed));
    loan.history.add(new Rows.Step("CONTRACTED", "合同 " + loan.contractId, member, signed));
    if (outcome >= GeneratedLoans.OUTCOMES.indexOf("PRE_REGISTERED")) {
      loan.contractHistory.add(new Rows.Step("PRE_REGISTERED", "预告登记 " + loan.preRegistrationNo,
          "STAFF:" + LOAN_STAFF, at(from.plusDays(1), 10, salt + "p")));
    }
    if (outcome >= GeneratedLoans.OUTCOMES.indexOf("DISBURSING")) {
      loan.instructionId = Draws.uuid(spec.seed(), "loan-instruction:" + loan.contractId);
      loan.disbursementTxn = Draws.uuid(spec.seed(), "loan-disbursement:" + loan.contractId);
      loan.contractHistory.add(new Rows.Step("DISBURSING", "放款指令 " + loan.instructionId + " 待复核放行",
          LOAN_STAFF, at(from.plusDays(2), 10, salt + "d")));
    }
    if (outcome >= GeneratedLoans.OUTCOMES.indexOf("ACTIVE")) {
      LocalDate paid = from.plusDays(3);
      loan.disbursedOn = paid;
      String hostSeq = "银行流水 " + (100_000_000L + Math.floorMod(loan.instructionId.getLeastSignificantBits(),
          900_000_000L));
      loan.contractHistory.add(new Rows.Step("ACTIVE", hostSeq, "settlement", at(paid, 16, salt + "a")));
    }
  }

  /** How many months before the period's last one an active loan was paid out (by the seed; 0 for the others). */
  private int monthsBack(Rows.Loan loan) {
    if (!"ACTIVE".equals(loan.outcome)) {
      return 0;
    }
    return Draws.stream(spec.seed(), "loan-month", loan.account.person.member)
        .nextInt(Math.min(MONTHS_BACK, spec.months()));
  }

  private String reviewer(int stepIndex) {
    return REVIEWERS.get(Math.min(stepIndex, REVIEWERS.size() - 1));
  }

  private static OffsetDateTime at(LocalDate day, int hour, String key) {
    return Draws.moment(day, hour, key.hashCode());
  }
}
