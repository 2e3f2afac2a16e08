package hpf.settlement.bank;

import hpf.kit.Money;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;

/**
 * A partner bank (受托银行) as the settlement room sees it, whatever its protocol: the BDC protocol over TCP
 * ({@code hpf.settlement.bdc}) or JSON over HTTP. One gateway per bank. Every money movement carries the
 * instruction's serial number (SendSeqNo), the bank's idempotency key: asking again with the same serial never
 * pays twice, and a result that is not final is resolved only by {@link #query} with that serial.
 *
 * <p>Failures of the future: {@link BankException} with {@link BankException.Kind#NOT_SENT} when the request
 * certainly did not reach the bank (no connection), {@link BankException.Kind#UNCERTAIN} when it may have (sent,
 * no complete answer in time), {@link BankException.Kind#REFUSED} when the bank refused the message itself (not
 * signed in, bad signature or format). A business answer, even a failure, is a {@link Result}, never a failed future.
 */
public interface BankGateway {

  /** The bank's code (3 digits, e.g. 105). */
  String bankCode();

  /** BDC001: the day's session (for BDC a fresh SM4 session key); business calls sign in first when needed. */
  Future<Void> signIn();

  /** BDC002. */
  Future<Void> signOut();

  /** SYS600: head only, no business effect; the isolation guard's synthetic probe. */
  Future<Void> probe();

  /** BDC101 single payment (withdrawal, refund, transfer out). */
  Future<Result> pay(Payment payment);

  /** BDC102 single collection (委托收款: the bank debits the payer's account for the center). */
  Future<Result> collect(Payment collection);

  /** BDC109 single internal transfer between the center's own accounts (资金调拨). */
  Future<Result> transfer(Payment transfer);

  /** BDC110: the result of an earlier single transaction, by the day it was sent and its serial number. */
  Future<Result> query(LocalDate sentOn, String serialNo);

  /** BDC103 / BDC104 / BDC105: a batch file (rows and totals checked by the bank); answers the bank's batch number. */
  Future<String> submitBatch(Batch batch);

  /** BDC107: 0 processing, 1 done, 2 partly done, 3 failed. */
  Future<BatchState> batchStatus(String batchNo);

  /** BDC108: the per-row outcomes of a finished batch. */
  Future<List<BatchRowResult>> batchResults(String batchNo);

  /** BDC113: one page (at most 1,000 rows) of an account's transactions between two dates, inclusive. */
  Future<DetailsPage> details(String accountNo, LocalDate from, LocalDate to, int page);

  /** BDC123: the account's real-time balance. */
  Future<Money> balance(String accountNo);

  /** How a single transaction ended, as far as the bank can tell now. */
  enum Outcome {
    /** Host status success, or OldTxStatus 0. */
    SUCCEEDED,
    /** Host status 4 / TxStatus 1 with a definite failure, or OldTxStatus 1: no money moved. */
    FAILED,
    /** Host status 5, or OldTxStatus 2 (processing): ask again later with query. */
    UNKNOWN,
    /**
     * Query only: the bank has no transaction with that serial (yet). While the send may still be in flight this
     * means nothing; once it is surely over, the message never arrived and may be sent again with the same serial.
     */
    NOT_FOUND
  }

  /** Settle types (SettleType): 1 same bank, 2 interbank real-time, 3 interbank deferred. */
  enum SettleType { SAME_BANK, INTERBANK_REALTIME, INTERBANK_DEFERRED }

  /**
   * One money movement. Payer and payee are account number, name and class (1 personal, 2 corporate);
   * {@code interbankNo} is the payee bank's clearing number when it is another bank (else null); a loan deduction
   * collected singly carries its principal/interest/penalty split (the BDC106 fields), else {@code split} is null.
   */
  record Payment(String serialNo, LocalDate sendDate, SettleType settleType, String busType,
                 String payerAccountNo, String payerAccountName, String payeeAccountNo, String payeeAccountName,
                 int payeeAccountClass, String interbankNo, Money amount, String summary, Split split) {

    public Payment(String serialNo, LocalDate sendDate, SettleType settleType, String busType, String payerAccountNo,
                   String payerAccountName, String payeeAccountNo, String payeeAccountName, int payeeAccountClass,
                   String interbankNo, Money amount, String summary) {
      this(serialNo, sendDate, settleType, busType, payerAccountNo, payerAccountName, payeeAccountNo, payeeAccountName,
          payeeAccountClass, interbankNo, amount, summary, null);
    }
  }

  /** The bank's answer: outcome, its return code and message (RtnCode, RtnMessage) and host serial (HostSeqNo). */
  record Result(Outcome outcome, String returnCode, String message, String hostSeqNo) {}

  /** What a batch file holds: payments (BDC103), collections (BDC104) or loan deductions (BDC105). */
  enum FileKind { PAYMENT, COLLECTION, LOAN_DEDUCTION }

  /** A batch file from/to one center account, with its totals. */
  record Batch(String serialNo, LocalDate sendDate, FileKind kind, String centerAccountNo, String busType,
               List<BatchRow> rows, int totalCount, Money totalAmount) {

    /** Payments ({@code collection} false) or collections. */
    public Batch(String serialNo, LocalDate sendDate, boolean collection, String centerAccountNo, String busType,
                 List<BatchRow> rows, int totalCount, Money totalAmount) {
      this(serialNo, sendDate, collection ? FileKind.COLLECTION : FileKind.PAYMENT, centerAccountNo, busType, rows,
          totalCount, totalAmount);
    }

    /** The bank debits the rows' accounts and credits the center's (collections and loan deductions). */
    public boolean collection() {
      return kind != FileKind.PAYMENT;
    }
  }

  /**
   * One row of a batch file: sequence (1-based), amount, account, name, summary; a loan deduction's row also its
   * principal/interest/penalty split (BDC106), or null when the loan room gave none.
   */
  record BatchRow(int seq, Money amount, String accountNo, String accountName, String summary, Split split) {

    public BatchRow(int seq, Money amount, String accountNo, String accountName, String summary) {
      this(seq, amount, accountNo, accountName, summary, null);
    }
  }

  /** How a loan repayment divides into principal, interest and penalty interest; the parts sum to its amount. */
  record Split(Money principal, Money interest, Money penalty) {

    public Money total() {
      return principal.plus(interest).plus(penalty);
    }
  }

  enum BatchState { PROCESSING, DONE, PARTLY_DONE, FAILED }

  /** One row's outcome in a batch result file (SUCCEEDED or FAILED; a finished batch has no UNKNOWN rows). */
  record BatchRowResult(int seq, Outcome outcome, String returnCode, String message, LocalDate hostDate,
                        String hostSeqNo) {}

  /**
   * One account transaction as the bank booked it: date, host serial, our serial when it was ours (else null),
   * debit (money out) or credit, amount, the other side and the summary.
   */
  record Detail(LocalDate date, String hostSeqNo, String serialNo, boolean debit, Money amount,
                String counterpartyAccountNo, String counterpartyName, String summary) {}

  /** A page of details and whether more pages follow. */
  record DetailsPage(List<Detail> rows, boolean more) {}
}
