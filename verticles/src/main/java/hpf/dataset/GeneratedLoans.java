package hpf.dataset;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.loan.LoanRows;
import hpf.loan.servicing.OverduePolicy;
import hpf.loan.terms.CeilingInputs;
import hpf.loan.terms.CeilingResult;
import hpf.loan.terms.Ceilings;
import hpf.loan.terms.LoanPolicy;
import hpf.loan.terms.RepaymentMethod;
import hpf.review.ReviewRows;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Housing loans of a chunk. A share of the members who could borrow (a normal account paying to the end, opened
 * before the period, a bound card) applied for one; the first nine of a chunk reach each outcome in turn (so every
 * state exists in any data set with loans), the others by weight. The amount is within the ceiling
 * {@link Ceilings} finds on the member's own data under the loan policy in force; the story is told as the loan room
 * tells it ({@link LoanStory}). Money moves for a disbursement asked for (L01: the loan's receivable against the
 * disbursements payable) and for one the bank paid (the payable against the center's special account at the payee's
 * bank, which the center first funds from its main account: business type 99, 资金调拨). How an active loan's
 * borrower pays is drawn here; the repayment history follows once the schedule is computed ({@link RepaymentHistory},
 * {@link LoanReceipts}).
 */
final class GeneratedLoans {

  /** Where a generated application ends: its own states, then its contract's. */
  static final List<String> OUTCOMES = List.of("IN_REVIEW", "RETURNED", "APPROVED", "REFUSED", "CANCELLED", "SIGNED",
      "PRE_REGISTERED", "DISBURSING", "ACTIVE");
  private static final double[] WEIGHTS = Draws.cumulative(12, 4, 6, 8, 5, 5, 5, 5, 50);
  private static final BigDecimal MIN_LOAN = new BigDecimal("50000.00");
  /** The shares of active loans past grace whose borrower stopped paying, and who paid one installment late. */
  static final double OVERDUE_SHARE = 0.03;
  static final double LATE_SHARE = 0.02;

  private final DatasetSpec spec;
  private final LoanPolicy policy;
  private final Registry registry;
  private final LoanStory story;
  private final OverduePolicy overdue;

  GeneratedLoans(DatasetSpec spec, LoanPolicy policy, OverduePolicy overdue, Registry registry,
                 ReviewRows.Flow flow) {
    this.spec = spec;
    this.policy = policy;
    this.overdue = overdue;
    this.registry = registry;
    this.story = new LoanStory(spec, flow);
  }

  /** After {@link MoneyMovements}: the balances the ceilings are computed on are those at the period's end. */
  void lend(Rows.Chunk chunk, Map<Rows.Person, Rows.Card> cards) {
    if (spec.loanShare() <= 0) {
      return;
    }
    int last = spec.months() - 1;
    LocalDate periodStart = spec.firstMonth().atDay(1);
    List<Rows.Loan> loans = new ArrayList<>();
    for (Rows.Account account : chunk.accounts) {
      Rows.Card card = cards.get(account.person);
      if (card == null || account.sealed || account.stints.size() > 1 || account.current().lastMonth != last
          || !account.openedOn.isBefore(periodStart.minusDays(31))) {
        continue;
      }
      SplittableRandom random = Draws.stream(spec.seed(), "loan", account.person.member);
      if (random.nextDouble() >= spec.loanShare()) {
        continue;
      }
      String outcome = loans.size() < OUTCOMES.size() ? OUTCOMES.get(loans.size())
          : OUTCOMES.get(Draws.weighted(random, WEIGHTS));
      Rows.Loan loan = terms(new Rows.Loan(account, card, outcome, random));
      if (loan != null) {
        loans.add(loan);
      }
    }
    // The center lends from its deposits: what the chunk's banks pay out stays within half of what its lists brought
    // in; a loan beyond that waits for its payment (the disbursement asked for, not yet paid).
    long budget = chunk.bankDelta.fen() / 2;
    for (Rows.Loan loan : loans) {
      if ("ACTIVE".equals(loan.outcome)) {
        budget -= loan.amount.fen();
        if (budget < 0) {
          budget += loan.amount.fen();
          loan.outcome = "DISBURSING";
        }
      }
    }
    number(loans);
    Map<Integer, Money> paidByBank = new TreeMap<>();
    for (Rows.Loan loan : loans) {
      story.tell(loan);
      if (loan.disbursementTxn != null) {
        book(chunk, loan, paidByBank);
      }
    }
    fund(chunk, paidByBank, loans);
    plan(loans);
    chunk.loans.addAll(loans);
  }

  /** The home and the loan, within the ceiling found on the member's data; null when the member could not borrow. */
  private Rows.Loan terms(Rows.Loan loan) {
    SplittableRandom random = loan.random;
    Rows.Account account = loan.account;
    loan.homeOrdinal = random.nextDouble() < 0.85 ? 1 : 2;
    loan.houseKind = random.nextDouble() < 0.6 ? "NEW" : "SECOND_HAND";
    int areaHundredths = 6000 + random.nextInt(8001);
    loan.area = BigDecimal.valueOf(areaHundredths, 2).toPlainString();
    long unitYuan = 8_000 + random.nextInt(17_001);
    loan.price = Money.ofFen(areaHundredths * unitYuan / 100 * 100);
    loan.method = random.nextDouble() < 0.7 ? RepaymentMethod.EQUAL_INSTALLMENT : RepaymentMethod.EQUAL_PRINCIPAL;
    int requested = 12 * (10 + random.nextInt(21));
    LocalDate end = spec.through().atEndOfMonth();
    int age = (int) ChronoUnit.YEARS.between(account.person.birthday, end);
    int depositMonths = (int) ChronoUnit.MONTHS.between(account.openedOn, end);
    CeilingInputs inputs = new CeilingInputs(loan.price.toYuan(), loan.homeOrdinal, false,
        new CeilingInputs.Party(account.balance.toYuan(), account.current().monthly.base().toYuan(), null, depositMonths,
            true), null, age, 0, requested, loan.method);
    CeilingResult found = Ceilings.compute(inputs, policy);
    if (found.amount().compareTo(MIN_LOAN) < 0 || found.termMonths() < 12) {
      return null;
    }
    // Most borrow what the home needs within the ceiling, in whole thousands.
    long wanted = loan.price.fen() * (50 + random.nextInt(31)) / 100;
    long fen = Math.min(wanted, Money.of(found.amount()).fen()) / 100_000 * 100_000;
    if (fen < MIN_LOAN.movePointRight(2).longValueExact()) {
      return null;
    }
    loan.amount = Money.ofFen(fen);
    loan.ceiling = Money.of(found.amount());
    loan.bindingLimit = found.binding();
    loan.termMonths = found.termMonths();
    loan.annualRate = policy.rate(loan.termMonths, loan.homeOrdinal);
    int year = spec.through().getYear();
    loan.houseContractNo = "WQ" + year + "-" + (100000 + random.nextInt(900000));
    loan.payeeBank = Draws.weighted(random, SyntheticIdentifiers.BANK_WEIGHTS);
    loan.payeeNumber = SyntheticIdentifiers.cardNumber(random, loan.payeeBank);
    loan.payeeName = "NEW".equals(loan.houseKind)
        // A developer: the brand of a company name (after the city), as a property company's.
        ? "厦门" + ChineseNames.employer(random, false, 2).substring(2, 4) + "房地产开发有限公司"
        : ChineseNames.person(random, random.nextBoolean());
    loan.preRegistrationNo = "YG" + year + "-" + (100000 + random.nextInt(900000)) + "-1";
    return loan;
  }

  /** Application, case, contract and payee numbers from the platform's own sequences. */
  private void number(List<Rows.Loan> loans) {
    long[] applications = registry.next("loan_application_number", loans.size());
    long[] cases = registry.next(ReviewRows.CASE_SEQUENCE, loans.size());
    List<Rows.Loan> contracted = loans.stream().filter(l -> OUTCOMES.indexOf(l.outcome) >= OUTCOMES.indexOf("SIGNED"))
        .toList();
    long[] contracts = registry.next("loan_contract_number", contracted.size());
    long[] payees = registry.next(hpf.settlement.InstructionRows.PAYEE_SEQUENCE, contracted.size());
    for (int i = 0; i < loans.size(); i++) {
      loans.get(i).applicationId = "L" + applications[i];
      loans.get(i).caseId = ReviewRows.caseId(cases[i]);
    }
    for (int i = 0; i < contracted.size(); i++) {
      contracted.get(i).contractId = "HT" + contracts[i];
      contracted.get(i).payeeId = payees[i];
    }
  }

  /** The disbursement booked (L01), and for a loan the bank paid, the payment out of the special account. */
  private void book(Rows.Chunk chunk, Rows.Loan loan, Map<Integer, Money> paidByBank) {
    String ref = LoanRows.businessRef(loan.contractId);
    Rows.Step asked = loan.contractHistory.get(2);
    chunk.transactions.add(new Rows.Transaction(loan.disbursementTxn, new Ledger.Posting(LoanRows.DISBURSEMENT_TYPE,
        ref, LoanRows.disbursementKey(loan.contractId, 1), asked.at().toLocalDate(), "贷款发放 " + loan.contractId,
        List.of(new Ledger.Entry(LoanRows.receivable(loan.contractId), Ledger.Side.DEBIT, loan.amount),
            new Ledger.Entry(LoanRows.PAYABLE, Ledger.Side.CREDIT, loan.amount))), null, asked.at()));
    if (loan.disbursedOn == null) {
      chunk.loanPayableDelta = chunk.loanPayableDelta.plus(loan.amount);
      return;
    }
    Rows.Step paid = loan.contractHistory.get(3);
    String key = "settled:" + Draws.uuid(spec.seed(), "loan-paid:" + loan.contractId);
    chunk.transactions.add(new Rows.Transaction(Draws.uuid(spec.seed(), key), new Ledger.Posting(
        LoanRows.DISBURSEMENT_TYPE, ref, key, loan.disbursedOn, "贷款发放支付（" + paid.reason() + "）",
        List.of(new Ledger.Entry(LoanRows.PAYABLE, Ledger.Side.DEBIT, loan.amount),
            new Ledger.Entry(specialAccount(loan.payeeBankCode()), Ledger.Side.CREDIT, loan.amount))), null, paid.at()));
    paidByBank.merge(loan.payeeBank, loan.amount, Money::plus);
  }

  /**
   * How each active loan's borrower pays ({@link RepaymentHistory}): the first of a chunk that has an installment past
   * its grace period by the last day is overdue, the next such one paid one installment late; the others are overdue
   * (3 %), paid one late (2 %) or paid every installment on its due date, by the seed.
   */
  private void plan(List<Rows.Loan> loans) {
    LocalDate lastDay = spec.lastDay();
    boolean overdueSeen = false;
    boolean lateSeen = false;
    for (Rows.Loan loan : loans) {
      if (loan.disbursedOn == null) {
        continue;
      }
      SplittableRandom random = Draws.stream(spec.seed(), "loan-servicing", loan.account.person.member);
      double u = random.nextDouble();
      // The first installment is due about a month after the payment (a few days earlier from the 29th).
      boolean pastGrace = lastDay.isAfter(overdue.graceEnd(loan.disbursedOn.plusMonths(1)));
      RepaymentHistory.Kind kind = !pastGrace ? RepaymentHistory.Kind.ON_TIME
          : !overdueSeen ? RepaymentHistory.Kind.OVERDUE : !lateSeen ? RepaymentHistory.Kind.LATE
          : u < OVERDUE_SHARE ? RepaymentHistory.Kind.OVERDUE
          : u < OVERDUE_SHARE + LATE_SHARE ? RepaymentHistory.Kind.LATE : RepaymentHistory.Kind.ON_TIME;
      overdueSeen |= kind == RepaymentHistory.Kind.OVERDUE;
      lateSeen |= kind == RepaymentHistory.Kind.LATE;
      loan.plan = new RepaymentHistory.Plan(spec.seed(), overdue, lastDay, kind, 1 + random.nextInt(4),
          random.nextDouble(), random.nextDouble());
    }
  }

  /**
   * What the chunk's loans paid out at each bank, moved there from the center's main account on the first day of the
   * month of the chunk's first payment (before any of them was paid), so no special account goes below zero.
   */
  private void fund(Rows.Chunk chunk, Map<Integer, Money> paidByBank, List<Rows.Loan> loans) {
    LocalDate first = loans.stream().map(l -> l.disbursedOn).filter(java.util.Objects::nonNull)
        .min(LocalDate::compareTo).orElse(spec.through().atDay(1));
    LocalDate day = first.withDayOfMonth(1);
    paidByBank.forEach((bank, amount) -> {
      String code = SyntheticIdentifiers.BANKS[bank];
      String key = "loan-funding:" + chunk.employers.get(0).employerId() + ":" + code;
      UUID txnId = Draws.uuid(spec.seed(), key);
      chunk.transactions.add(new Rows.Transaction(txnId, new Ledger.Posting("99", key, key, day,
          "资金调拨（贷款发放备付）", List.of(new Ledger.Entry(specialAccount(code), Ledger.Side.DEBIT, amount),
              new Ledger.Entry(MoneyMovements.CENTER_BANK, Ledger.Side.CREDIT, amount))), null,
          Draws.moment(day, 8, txnId.getLeastSignificantBits())));
      chunk.bankDelta = chunk.bankDelta.minus(amount);
    });
  }

  static String specialAccount(String bankCode) {
    return hpf.settlement.PartnerBanks.specialAccount(bankCode);
  }
}
