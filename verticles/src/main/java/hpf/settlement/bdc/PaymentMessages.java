package hpf.settlement.bdc;

import hpf.settlement.bank.BankGateway.Outcome;
import hpf.settlement.bank.BankGateway.Payment;
import hpf.settlement.bank.BankGateway.Result;
import java.time.LocalDate;

/** The single money movements (BDC101, BDC102, BDC109) and their result query (BDC110): bodies and answers. */
public final class PaymentMessages {

  /** The BDC106 fields of a loan deduction: principal, interest and penalty interest. */
  public static final String PRINCIPAL = "PrinAmt";
  public static final String INTEREST = "IntAmt";
  public static final String PENALTY = "PenAmt";

  private PaymentMessages() {}

  /**
   * A loan deduction's split travels with its collection as the BDC106 fields (principal, interest, penalty
   * interest); other movements have none.
   */
  static BdcMessage single(BdcMessage message, Payment p) {
    if (p.split() != null) {
      message.field(PRINCIPAL, p.split().principal().toString()).field(INTEREST, p.split().interest().toString())
          .field(PENALTY, p.split().penalty().toString());
    }
    return message.field("SettleType", String.valueOf(p.settleType().ordinal() + 1))
        .field("BusType", p.busType())
        .field("PayAcctNo", p.payerAccountNo()).field("PayAcctName", p.payerAccountName())
        .field("RecAcctNo", p.payeeAccountNo()).field("RecAcctName", p.payeeAccountName())
        .field("RecAcctClass", String.valueOf(p.payeeAccountClass()))
        .field("RecBankClass", p.interbankNo() == null ? "0" : "1")
        .field("RecBankNo", p.interbankNo())
        .field("Amt", p.amount().toString())
        .field("RefSeqNo", p.serialNo())
        .field("Summary", p.summary());
  }

  /**
   * Host status 0 success, 4 failure, 5 uncertain (2018 revision); a business rejection (TxStatus 1, B… code) is a
   * definite failure: the bank processed the message and moved no money.
   */
  static Result result(Answers a) {
    if (!a.processed()) {
      return new Result(Outcome.FAILED, a.returnCode(), a.message(), a.optional("HostSeqNo"));
    }
    String host = a.text("HostStatus");
    Outcome outcome = switch (host) {
      case "0" -> Outcome.SUCCEEDED;
      case "4" -> Outcome.FAILED;
      default -> Outcome.UNKNOWN;
    };
    return new Result(outcome, a.returnCode(), a.message(), a.optional("HostSeqNo"));
  }

  static BdcMessage query(BdcMessage message, LocalDate sentOn, String serialNo) {
    return message.field("OldTxDate", sentOn.format(Answers.DATE)).field("OldSendSeqNo", serialNo);
  }

  /**
   * OldTxStatus 0 success, 1 failure, 2 processing; a transaction the bank does not know (yet) is NOT_FOUND, which
   * is not a failure (the original may still arrive): the dispatcher decides when it is surely lost.
   */
  static Result queryResult(Answers a) {
    if (!a.processed()) {
      // Any other business answer to the query itself: nothing about the original is known.
      return new Result(ReturnCodes.ORIGINAL_NOT_FOUND.equals(a.returnCode()) ? Outcome.NOT_FOUND : Outcome.UNKNOWN,
          a.returnCode(), a.message(), null);
    }
    String old = a.text("OldTxStatus");
    Outcome outcome = switch (old) {
      case "0" -> Outcome.SUCCEEDED;
      case "1" -> Outcome.FAILED;
      default -> Outcome.UNKNOWN;
    };
    String code = a.optional("OldRtnCode");
    String message = a.optional("OldRtnMessage");
    return new Result(outcome, code == null ? a.returnCode() : code,
        message == null ? ReturnCodes.message(code) : message, a.optional("HostSeqNo"));
  }
}
