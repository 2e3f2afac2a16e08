package hpf.sandbox.bank;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway.BatchRow;
import hpf.settlement.bank.BankGateway.FileKind;
import hpf.settlement.bdc.BatchFiles;
import hpf.settlement.bdc.BdcException;
import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.ReturnCodes;
import hpf.settlement.bdc.TxCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Batch payments, collections and loan deductions (BDC103, BDC104, BDC105 with each row's full-amount flag and BDC106
 * split): the file's totals are checked on arrival (B4001), the batch is
 * "processing" for {@code batchDelayMs}, then every row is booked (or rejected under the behaviour) as its own host
 * transaction with our serial {@code <batch serial>-<seq>}, the batch ends done, partly done or failed, and a
 * BATCH_RESULT notice is pushed. The same batch serial again answers the same batch number. A row is also a
 * transaction the single result query (BDC110) knows by its serial: processing until the batch ends, then its result.
 */
final class BatchDesk {

  private enum State { PROCESSING, DONE, PARTLY_DONE, FAILED }

  private static final class Run {
    final String batchNo;
    final String serial;
    final TxCode code;
    final boolean collection;
    final String centerAccountNo;
    final List<BatchRow> rows;
    final List<String> results = new ArrayList<>();
    final LocalDate sendDate;
    /** Per row (index seq - 1), once processed: the return code and host serial. */
    final List<String[]> outcomes = new ArrayList<>();
    State state = State.PROCESSING;
    int succeeded;
    Money succeededAmount = Money.ZERO;
    /** A deduction file's collected principal, interest and penalty, as the rows' splits said. */
    Money principal = Money.ZERO;
    Money interest = Money.ZERO;
    Money penalty = Money.ZERO;

    Run(String batchNo, String serial, TxCode code, String centerAccountNo, List<BatchRow> rows, LocalDate sendDate) {
      this.sendDate = sendDate;
      this.batchNo = batchNo;
      this.serial = serial;
      this.code = code;
      this.collection = code != TxCode.BDC103;
      this.centerAccountNo = centerAccountNo;
      this.rows = rows;
    }
  }

  private final SimulatedBank bank;
  private final Map<String, Run> byNo = new LinkedHashMap<>();
  private final Map<String, Run> bySerial = new LinkedHashMap<>();
  private int counter;

  BatchDesk(SimulatedBank bank) {
    this.bank = bank;
  }

  synchronized BdcMessage submit(TxCode code, BdcMessage request) {
    String serial = request.head("SendSeqNo");
    if (serial == null || serial.isEmpty()) {
      throw new IllegalArgumentException("SendSeqNo is required");
    }
    Run known = bySerial.get(serial);
    if (known != null) {
      return bank.reply(request, ReturnCodes.OK).field("BatchNo", known.batchNo);
    }
    List<BatchRow> rows;
    int totalNum;
    Money totalAmt;
    try {
      rows = BatchFiles.parse(SimulatedBank.required(request, "DATA"), kind(code));
      totalNum = Integer.parseInt(SimulatedBank.required(request, "TotalNum"));
      totalAmt = Money.parse(SimulatedBank.required(request, "TotalAmt"));
    } catch (BdcException | NumberFormatException e) {
      throw new IllegalArgumentException("malformed batch");
    }
    Money sum = rows.stream().map(BatchRow::amount).reduce(Money.ZERO, Money::plus);
    if (rows.isEmpty() || rows.size() != totalNum || !sum.equals(totalAmt)) {
      return bank.reply(request, ReturnCodes.BATCH_TOTALS_MISMATCH);
    }
    String batchNo = "B" + bank.bankCode() + bank.today().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
        + String.format("%06d", ++counter);
    Run run = new Run(batchNo, serial, code, SimulatedBank.required(request, "AcctNo"), rows, sendDate(request));
    byNo.put(batchNo, run);
    bySerial.put(serial, run);
    long delay = bank.behaviour().batchDelayMs();
    if (delay > 0) {
      bank.vertx().setTimer(delay, t -> process(run));
    } else {
      bank.vertx().runOnContext(v -> process(run));
    }
    return bank.reply(request, ReturnCodes.OK).field("BatchNo", batchNo);
  }

  synchronized BdcMessage status(BdcMessage request) {
    Run run = byNo.get(SimulatedBank.required(request, "BatchNo"));
    if (run == null) {
      return bank.reply(request, ReturnCodes.BATCH_NOT_FOUND);
    }
    return bank.reply(request, ReturnCodes.OK).field("BatchNo", run.batchNo)
        .field("BatchTxStatus", String.valueOf(run.state.ordinal()))
        .field("SuccNum", String.valueOf(run.succeeded)).field("SuccAmt", run.succeededAmount.toString())
        .field("TotalNum", String.valueOf(run.rows.size()));
  }

  synchronized BdcMessage results(BdcMessage request) {
    Run run = byNo.get(SimulatedBank.required(request, "BatchNo"));
    if (run == null) {
      return bank.reply(request, ReturnCodes.BATCH_NOT_FOUND);
    }
    if (run.state == State.PROCESSING) {
      return bank.reply(request, ReturnCodes.BATCH_NOT_FINISHED);
    }
    return bank.reply(request, ReturnCodes.OK).field("BatchNo", run.batchNo)
        .field("TotalNum", String.valueOf(run.rows.size())).field("FileName", run.batchNo + ".result.txt")
        .field("DATA", String.join("", run.results));
  }

  private static FileKind kind(TxCode code) {
    return switch (code) {
      case BDC104 -> FileKind.COLLECTION;
      case BDC105 -> FileKind.LOAN_DEDUCTION;
      default -> FileKind.PAYMENT;
    };
  }

  private LocalDate sendDate(BdcMessage request) {
    try {
      return LocalDate.parse(request.head("SendDate"), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    } catch (RuntimeException e) {
      return bank.today();
    }
  }

  /** Whether the serial is a row of a batch this bank received ({@code <batch serial>-<seq>}). */
  synchronized boolean knows(String rowSerial) {
    return rowSerial != null && rowSerial.lastIndexOf('-') > 0
        && bySerial.containsKey(rowSerial.substring(0, rowSerial.lastIndexOf('-')));
  }

  /** BDC110 for a batch row: processing (OldTxStatus 2) until its batch is processed, then its own result. */
  synchronized BdcMessage query(BdcMessage request) {
    String rowSerial = SimulatedBank.required(request, "OldSendSeqNo");
    Run run = bySerial.get(rowSerial.substring(0, rowSerial.lastIndexOf('-')));
    int seq;
    try {
      seq = Integer.parseInt(rowSerial.substring(rowSerial.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      return bank.reply(request, ReturnCodes.ORIGINAL_NOT_FOUND);
    }
    String date = SimulatedBank.required(request, "OldTxDate");
    if (seq < 1 || seq > run.rows.size()
        || !run.sendDate.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE).equals(date)) {
      return bank.reply(request, ReturnCodes.ORIGINAL_NOT_FOUND);
    }
    if (seq > run.outcomes.size()) {
      return bank.reply(request, ReturnCodes.OK).field("OldTxStatus", "2").field("OldRtnCode", ReturnCodes.OK)
          .field("OldRtnMessage", ReturnCodes.message(ReturnCodes.OK));
    }
    String[] outcome = run.outcomes.get(seq - 1);
    boolean ok = ReturnCodes.OK.equals(outcome[0]);
    BdcMessage answer = bank.reply(request, ReturnCodes.OK).field("OldTxStatus", ok ? "0" : "1")
        .field("OldRtnCode", outcome[0]).field("OldRtnMessage", ReturnCodes.message(outcome[0]));
    if (outcome[1] != null) {
      answer.field("HostSeqNo", outcome[1]);
    }
    return ok ? answer.field("HostDate", bank.today().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE))
        : answer;
  }

  private synchronized void process(Run run) {
    LocalDate today = bank.today();
    for (BatchRow row : run.rows) {
      String reject = bank.drawReject();
      String center = run.centerAccountNo;
      BankBooks.Booking booking = reject != null ? new BankBooks.Booking(null, reject) : run.collection
          ? bank.books().move(today, run.serial + "-" + row.seq(), row.accountNo(), row.accountName(), center, null,
              row.amount(), row.summary())
          : bank.books().move(today, run.serial + "-" + row.seq(), center, null, row.accountNo(), row.accountName(),
              row.amount(), row.summary());
      String code = booking.booked() ? ReturnCodes.OK : booking.rejectCode();
      if (booking.booked()) {
        run.succeeded++;
        run.succeededAmount = run.succeededAmount.plus(row.amount());
        if (row.split() != null) {
          run.principal = run.principal.plus(row.split().principal());
          run.interest = run.interest.plus(row.split().interest());
          run.penalty = run.penalty.plus(row.split().penalty());
        }
      }
      run.outcomes.add(new String[] {code, booking.hostSeqNo()});
      run.results.add(BatchFiles.resultLine(row.seq(), row.amount(), row.accountNo(), code, ReturnCodes.message(code),
          booking.booked() ? today : null, booking.hostSeqNo()));
    }
    run.state = run.succeeded == run.rows.size() ? State.DONE : run.succeeded == 0 ? State.FAILED : State.PARTLY_DONE;
    bank.push("BATCH_RESULT", new JsonObject().put("BatchNo", run.batchNo).put("SendSeqNo", run.serial)
        .put("BatchTxStatus", String.valueOf(run.state.ordinal())).put("SuccNum", String.valueOf(run.succeeded)));
  }

  synchronized JsonArray toJson() {
    JsonArray items = new JsonArray();
    byNo.values().forEach(run -> items.add(new JsonObject().put("batchNo", run.batchNo).put("serialNo", run.serial)
        .put("txCode", run.code.name()).put("collection", run.collection).put("rows", run.rows.size())
        .put("state", run.state.name()).put("succeeded", run.succeeded)
        .put("succeededAmount", run.succeededAmount.toString())
        .put("split", run.code != TxCode.BDC105 ? null : new JsonObject().put("principal", run.principal.toString())
            .put("interest", run.interest.toString()).put("penalty", run.penalty.toString()))));
    return items;
  }
}
