package hpf.sandbox.bank;

import hpf.kit.Money;
import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.PaymentMessages;
import hpf.settlement.bdc.ReturnCodes;
import hpf.settlement.bdc.TxCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Single money movements (BDC101 payment, BDC102 collection, BDC109 internal transfer) and their query (BDC110).
 * The serial (SendSeqNo) is the idempotency key: a serial seen before is answered from its first result, never
 * booked again. Under an "uncertain" behaviour a new movement answers host status 5 and moves no money until it
 * settles (after the configured queries or time), then a TX_RESULT notice is pushed.
 */
final class SingleDesk {

  private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private enum State { SUCCEEDED, FAILED, PENDING }

  /** One movement as the bank knows it. */
  private static final class Tx {
    final String serial;
    final TxCode code;
    final LocalDate sendDate;
    final Money amount;
    final String payer;
    final String payerName;
    final String payee;
    final String payeeName;
    final String summary;
    /** A loan deduction's BDC106 split, when the collection carried one: principal, interest, penalty. */
    final Money[] split;
    State state;
    String rtnCode = ReturnCodes.OK;
    String hostSeqNo;
    LocalDate hostDate;
    int requests = 1;
    int queries;
    BankBehaviour.Uncertain uncertain;

    Tx(String serial, TxCode code, LocalDate sendDate, BdcMessage request) {
      this.serial = serial;
      this.code = code;
      this.sendDate = sendDate;
      this.amount = Money.parse(SimulatedBank.required(request, "Amt"));
      if (!amount.isPositive()) {
        throw new IllegalArgumentException("Amt must be positive");
      }
      this.payer = SimulatedBank.required(request, "PayAcctNo");
      this.payerName = request.field("PayAcctName");
      this.payee = SimulatedBank.required(request, "RecAcctNo");
      this.payeeName = request.field("RecAcctName");
      this.summary = request.field("Summary");
      this.split = split(request, amount);
    }

    /** The split fields, all or none, summing to the amount (else a format error). */
    private static Money[] split(BdcMessage request, Money amount) {
      String[] fields = {PaymentMessages.PRINCIPAL, PaymentMessages.INTEREST, PaymentMessages.PENALTY};
      int given = 0;
      Money[] parts = new Money[3];
      for (int i = 0; i < 3; i++) {
        String text = request.field(fields[i]);
        if (text != null && !text.isEmpty()) {
          parts[i] = Money.parse(text);
          given++;
        }
      }
      if (given == 0) {
        return null;
      }
      if (given != 3 || parts[0].isNegative() || parts[1].isNegative() || parts[2].isNegative()
          || !parts[0].plus(parts[1]).plus(parts[2]).equals(amount)) {
        throw new IllegalArgumentException("a split is principal, interest and penalty summing to the amount");
      }
      return parts;
    }
  }

  private final SimulatedBank bank;
  private final Map<String, Tx> bySerial = new LinkedHashMap<>();

  SingleDesk(SimulatedBank bank) {
    this.bank = bank;
  }

  synchronized BdcMessage move(TxCode code, BdcMessage request) {
    String serial = request.head("SendSeqNo");
    if (serial == null || serial.isEmpty()) {
      throw new IllegalArgumentException("SendSeqNo is required");
    }
    Tx known = bySerial.get(serial);
    if (known != null) {
      known.requests++;
      return answer(request, known);
    }
    Tx tx = new Tx(serial, code, date(request.head("SendDate")), request);
    bySerial.put(serial, tx);
    String reject = bank.drawReject();
    BankBehaviour.Uncertain uncertain = bank.behaviour().uncertain();
    if (reject != null) {
      fail(tx, reject);
    } else if (uncertain != null) {
      tx.state = State.PENDING;
      tx.uncertain = uncertain;
      tx.hostSeqNo = bank.books().hostSeqNo(bank.today());
      if (uncertain.afterMs() > 0) {
        bank.vertx().setTimer(uncertain.afterMs(), t -> settle(tx));
      }
    } else {
      book(tx);
    }
    return answer(request, tx);
  }

  synchronized BdcMessage query(BdcMessage request) {
    Tx tx = bySerial.get(SimulatedBank.required(request, "OldSendSeqNo"));
    if (tx == null || !tx.sendDate.equals(date(SimulatedBank.required(request, "OldTxDate")))) {
      return bank.reply(request, ReturnCodes.ORIGINAL_NOT_FOUND);
    }
    if (tx.state == State.PENDING && ++tx.queries >= tx.uncertain.afterQueries() && tx.uncertain.afterQueries() > 0) {
      settle(tx);
    }
    BdcMessage answer = bank.reply(request, ReturnCodes.OK)
        .field("OldTxStatus", switch (tx.state) { case SUCCEEDED -> "0"; case FAILED -> "1"; case PENDING -> "2"; })
        .field("OldRtnCode", tx.rtnCode).field("OldRtnMessage", ReturnCodes.message(tx.rtnCode))
        .field("HostSeqNo", tx.hostSeqNo);
    return tx.hostDate == null ? answer : answer.field("HostDate", tx.hostDate.format(DATE));
  }

  private synchronized void settle(Tx tx) {
    if (tx.state != State.PENDING) {
      return;
    }
    if (tx.uncertain.settleSucceeds()) {
      book(tx);
    } else {
      fail(tx, ReturnCodes.HOST_FAILED);
    }
    bank.push("TX_RESULT", new JsonObject().put("TxCode", tx.code.name()).put("SendSeqNo", tx.serial)
        .put("OldTxStatus", tx.state == State.SUCCEEDED ? "0" : "1").put("RtnCode", tx.rtnCode)
        .put("HostSeqNo", tx.hostSeqNo).put("Amt", tx.amount.toString()));
  }

  private void book(Tx tx) {
    BankBooks.Booking booking = bank.books().move(bank.today(), tx.serial, tx.payer, tx.payerName, tx.payee,
        tx.payeeName, tx.amount, tx.summary);
    if (booking.booked()) {
      tx.state = State.SUCCEEDED;
      tx.hostSeqNo = booking.hostSeqNo();
      tx.hostDate = bank.today();
    } else {
      fail(tx, booking.rejectCode());
    }
  }

  private void fail(Tx tx, String code) {
    tx.state = State.FAILED;
    tx.rtnCode = code;
    if (tx.hostSeqNo == null) {
      tx.hostSeqNo = bank.books().hostSeqNo(bank.today());
    }
  }

  /** Success: host status 0; pending: host status 5; a rejection: TxStatus 1 with its business code. */
  private BdcMessage answer(BdcMessage request, Tx tx) {
    if (tx.state == State.FAILED) {
      return bank.reply(request, tx.rtnCode).field("HostStatus", "4").field("HostSeqNo", tx.hostSeqNo);
    }
    BdcMessage answer = bank.reply(request, ReturnCodes.OK).field("HostStatus", tx.state == State.PENDING ? "5" : "0")
        .field("HostSeqNo", tx.hostSeqNo);
    return tx.hostDate == null ? answer : answer.field("HostDate", tx.hostDate.format(DATE));
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text == null ? "" : text, DATE);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("a date is yyyyMMdd");
    }
  }

  synchronized JsonArray toJson() {
    JsonArray items = new JsonArray();
    bySerial.values().forEach(tx -> items.add(new JsonObject().put("serialNo", tx.serial).put("txCode", tx.code.name())
        .put("sendDate", tx.sendDate.toString()).put("amount", tx.amount.toString()).put("state", tx.state.name())
        .put("returnCode", tx.rtnCode).put("hostSeqNo", tx.hostSeqNo).put("requests", tx.requests)
        .put("queries", tx.queries).put("booked", bank.books().bookings(tx.serial))
        .put("split", tx.split == null ? null : new JsonObject().put("principal", tx.split[0].toString())
            .put("interest", tx.split[1].toString()).put("penalty", tx.split[2].toString()))));
    return items;
  }
}
