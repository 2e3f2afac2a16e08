package hpf.settlement.bdc;

import hpf.kit.Money;
import hpf.settlement.bank.BankException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reading a bank's answer: whether the message was processed (TxStatus, RtnCode), and typed fields. A protocol refusal
 * is {@link BankException.Kind#REFUSED}; an answer missing what it must carry is {@link BankException.Kind#UNCERTAIN}
 * (the request may have been processed; only a query can tell). Messages name the bank and transaction, never an
 * account.
 */
final class Answers {

  static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private final String bankCode;
  private final TxCode code;
  private final BdcMessage answer;

  Answers(String bankCode, TxCode code, BdcMessage answer) {
    this.bankCode = bankCode;
    this.code = code;
    this.answer = answer;
  }

  /** True for TxStatus 0; false for a business failure (TxStatus 1, B… code); a protocol refusal throws. */
  boolean processed() {
    String status = answer.head("TxStatus");
    String rtn = answer.head("RtnCode");
    if ("0".equals(status)) {
      return true;
    }
    if (!"1".equals(status) || rtn == null || rtn.isEmpty()) {
      throw uncertain("an answer without a TxStatus of 0 or 1 and a return code");
    }
    if (ReturnCodes.protocol(rtn)) {
      throw new BankException(BankException.Kind.REFUSED,
          "bank " + bankCode + " refused " + code + " with " + rtn, null);
    }
    return false;
  }

  /** Like {@link #processed} where the bank has no business reason to say no: a B… code is a refusal too. */
  Answers requireProcessed() {
    if (!processed()) {
      throw new BankException(BankException.Kind.REFUSED,
          "bank " + bankCode + " answered " + code + " with " + returnCode(), null);
    }
    return this;
  }

  String returnCode() {
    return answer.head("RtnCode");
  }

  String message() {
    String message = answer.head("RtnMessage");
    return message == null || message.isEmpty() ? ReturnCodes.message(returnCode()) : message;
  }

  String text(String field) {
    String value = answer.field(field);
    if (value == null || value.isEmpty()) {
      throw uncertain("an answer without " + field);
    }
    return value;
  }

  String optional(String field) {
    String value = answer.field(field);
    return value == null || value.isEmpty() ? null : value;
  }

  Money money(String field) {
    try {
      return Money.parse(text(field));
    } catch (IllegalArgumentException e) {
      throw uncertain("an answer whose " + field + " is not an amount");
    }
  }

  BankException uncertain(String what) {
    return new BankException(BankException.Kind.UNCERTAIN, "bank " + bankCode + " gave " + code + " " + what, null);
  }

  static LocalDate date(String text) {
    try {
      return text == null ? null : LocalDate.parse(text, DATE);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
