package hpf.sandbox.bank;

import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.ReturnCodes;
import hpf.settlement.bdc.TxCode;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/** The head of a sandbox bank's answers: status, return code, the bank's and the settlement platform's serials. */
final class Replies {

  private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");
  private static final AtomicLong SERIAL = new AtomicLong();

  private Replies() {}

  static BdcMessage ok(BdcMessage request, String bankNode, ZonedDateTime now) {
    return reply(request, bankNode, now, ReturnCodes.OK);
  }

  /** TxStatus 0 for {@code 00000}, else 1, with the code's message. */
  static BdcMessage reply(BdcMessage request, String bankNode, ZonedDateTime now, String rtnCode) {
    String code = request.head("TxCode");
    long serial = SERIAL.incrementAndGet();
    BdcMessage answer = new BdcMessage().head("TxCode", code).head("SendSeqNo", request.head("SendSeqNo"))
        .head("TxStatus", ReturnCodes.OK.equals(rtnCode) ? "0" : "1").head("RtnCode", rtnCode)
        .head("RtnMessage", ReturnCodes.message(rtnCode))
        .head("ReceiveDate", now.format(DATE)).head("ReceiveTime", now.format(TIME))
        .head("ReceiveSeqNo", "R" + now.format(DATE) + String.format("%010d", serial)).head("ReceiveNode", bankNode)
        .head("BDCDate", now.format(DATE)).head("BDCTime", now.format(TIME))
        .head("BDCSeqNo", "P" + now.format(DATE) + String.format("%010d", serial));
    if (TxCode.find(code).map(c -> !c.clear()).orElse(false)) {
      answer.head("Reserve1", "").head("Reserve2", "");
    }
    return answer;
  }
}
