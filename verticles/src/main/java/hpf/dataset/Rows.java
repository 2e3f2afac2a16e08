package hpf.dataset;

import hpf.account.ContributionRules;
import hpf.kit.Money;
import hpf.ledger.Ledger;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** The generated records of one chunk, in plain text until {@link Sealing} encrypts the sensitive fields. */
final class Rows {

  private Rows() {}

  /** An employer; {@code index} is its place in the data set (0 = the first generated). */
  record Employer(int index, String employerId, String creditCode, String name, BigDecimal ratio, LocalDate openedOn) {}

  /** A person; the ID number may be drawn again (same birthday and sex) when the center already knows it. */
  static final class Person {
    final int member;
    final SplittableRandom random;
    final String name;
    final boolean male;
    final LocalDate birthday;
    final String phone;
    final Money wage;
    long idBody;
    String personId;
    /** When the center registered the person: the opening of the first account. */
    LocalDate registeredOn;
    String idNumberEnc;
    String idNumberIdx;
    String phoneEnc;
    String phoneIdx;

    Person(int member, SplittableRandom random, String name, boolean male, LocalDate birthday, String phone, Money wage) {
      this.member = member;
      this.random = random;
      this.name = name;
      this.male = male;
      this.birthday = birthday;
      this.phone = phone;
      this.wage = wage;
    }

    String idNumber() {
      return SyntheticIdentifiers.idNumber(idBody);
    }
  }

  /** A time at one employer: paid for months {@code firstMonth..lastMonth} of the period under that employer's terms. */
  static final class Stint {
    final Employer employer;
    final int firstMonth;
    final int lastMonth;
    ContributionRules.Monthly monthly;

    Stint(Employer employer, int firstMonth, int lastMonth) {
      this.employer = employer;
      this.firstMonth = firstMonth;
      this.lastMonth = lastMonth;
    }

    boolean paysIn(int month) {
      return month >= firstMonth && month <= lastMonth;
    }
  }

  /**
   * A person's member account: one stint, or two when the employer removed the member (减员: sealed) and another
   * employer took the member on, the sealed account moving with the member (启封) as the platform does. Sealed: removed
   * and not taken on again.
   */
  static final class Account {
    final Person person;
    final LocalDate openedOn;
    final boolean sealed;
    final List<Stint> stints;
    String accountNo;
    Money balance = Money.ZERO;

    Account(Person person, LocalDate openedOn, boolean sealed, List<Stint> stints) {
      this.person = person;
      this.openedOn = openedOn;
      this.sealed = sealed;
      this.stints = List.copyOf(stints);
    }

    Stint current() {
      return stints.get(stints.size() - 1);
    }

    String ledgerAccount() {
      return "MBR:" + accountNo;
    }

    /** What the lists of months up to and including {@code month} paid in. */
    Money paidThrough(int month) {
      long fen = 0;
      for (Stint stint : stints) {
        int months = Math.min(month, stint.lastMonth) - stint.firstMonth + 1;
        fen += Math.max(0, months) * stint.monthly.total().fen();
      }
      return Money.ofFen(fen);
    }
  }

  static final class Card {
    final Person person;
    final int bank;
    final String number;
    final LocalDate boundOn;
    long cardId;
    String numberEnc;
    String numberIdx;

    Card(Person person, int bank, String number, LocalDate boundOn) {
      this.person = person;
      this.bank = bank;
      this.number = number;
      this.boundOn = boundOn;
    }

    String bankCode() {
      return SyntheticIdentifiers.BANKS[bank];
    }
  }

  /** A ledger transaction as the platform's {@link Ledger} would have posted it. */
  record Transaction(UUID txnId, Ledger.Posting posting, UUID reverses, OffsetDateTime postedAt) {}

  /** One member's line of a list: the account and the shares of its stint at the list's employer. */
  record Line(Account account, ContributionRules.Monthly monthly) {}

  /** A paid remittance list (汇缴清册) of one employer and month, and its ledger transaction. */
  record Remittance(Employer employer, YearMonth month, Money total, List<Line> lines, OffsetDateTime createdAt,
                    OffsetDateTime paidAt, UUID txnId) {}

  /** A rent withdrawal application with its payment instruction: in flight, or cancelled (then reversed). */
  record Withdrawal(String applicationId, Account account, Card card, Money amount, OffsetDateTime appliedAt,
                    OffsetDateTime cancelledAt, UUID txnId, UUID instructionId) {
    boolean cancelled() {
      return cancelledAt != null;
    }
  }

  /** One event of a loan's story: what entered which state, when, by whom and why. */
  record Step(String state, String reason, String actor, OffsetDateTime at) {}

  /**
   * A member's housing loan application and, once signed, its contract: the outcome it reached ({@link
   * GeneratedLoans#OUTCOMES}), its terms, and its story (application history, review actions, contract history).
   */
  static final class Loan {
    final Account account;
    final Card card;
    String outcome;
    final SplittableRandom random;
    String applicationId;
    String caseId;
    String contractId;
    long payeeId;
    String houseContractNo;
    Money price;
    String area;
    String houseKind;
    int homeOrdinal;
    Money amount;
    int termMonths;
    hpf.loan.terms.RepaymentMethod method;
    Money ceiling;
    String bindingLimit;
    java.math.BigDecimal annualRate;
    String payeeName;
    String payeeNumber;
    int payeeBank;
    String preRegistrationNo;
    final List<Step> history = new ArrayList<>();
    final List<Step> review = new ArrayList<>();
    final List<Step> contractHistory = new ArrayList<>();
    int stepIndex;
    UUID disbursementTxn;
    UUID instructionId;
    LocalDate disbursedOn;
    String cardEnc;
    String cardIdx;
    String payeeEnc;
    String payeeIdx;
    String document;
    hpf.loan.terms.Schedule schedule;
    /** An active loan's borrower's way of paying, and what servicing recorded up to the last day (once sealed). */
    RepaymentHistory.Plan plan;
    RepaymentHistory repayments;

    Loan(Account account, Card card, String outcome, SplittableRandom random) {
      this.account = account;
      this.card = card;
      this.outcome = outcome;
      this.random = random;
    }

    boolean contracted() {
      return contractId != null;
    }

    /** The state of the application (CONTRACTED once signed). */
    String applicationState() {
      return history.get(history.size() - 1).state();
    }

    String contractState() {
      return contractHistory.get(contractHistory.size() - 1).state();
    }

    String payeeBankCode() {
      return SyntheticIdentifiers.BANKS[payeeBank];
    }

    String payeeMasked() {
      return hpf.kit.Masking.bankCard(payeeNumber);
    }
  }

  /** Everything one chunk writes. */
  static final class Chunk {
    final List<Employer> employers = new ArrayList<>();
    final List<Person> persons = new ArrayList<>();
    final List<Account> accounts = new ArrayList<>();
    final List<Card> cards = new ArrayList<>();
    final List<Remittance> remittances = new ArrayList<>();
    final List<Withdrawal> withdrawals = new ArrayList<>();
    final List<Transaction> transactions = new ArrayList<>();
    final List<Loan> loans = new ArrayList<>();
    /** What the chunk adds to the center's shared ledger accounts (bank, withdrawals payable). */
    Money bankDelta = Money.ZERO;
    Money payableDelta = Money.ZERO;
    /** What the chunk adds to the loan disbursements payable (disbursements the bank has not paid yet). */
    Money loanPayableDelta = Money.ZERO;
    /** What the chunk's loan receipts add to the collecting banks' special accounts and the loan income accounts. */
    final java.util.Map<String, Money> receiptDeltas = new java.util.TreeMap<>();
    /** {@link hpf.ledger.Ledger#fingerprint} of each transaction, in order, once sealed. */
    String[] fingerprints = new String[0];
  }
}
