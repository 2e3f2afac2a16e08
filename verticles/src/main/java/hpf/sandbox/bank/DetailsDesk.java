package hpf.sandbox.bank;

import hpf.settlement.bank.BankGateway.Detail;
import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.DetailRows;
import hpf.settlement.bdc.ReturnCodes;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * BDC113: an account's booked lines between two dates, a page at a time (PageNo from 1, PageSize at most 1,000,
 * answered with PageNo, PageCount and TotalNum in the head). Like real hosts the sandbox refuses wide windows
 * (over 31 days, B5001): reconciliation asks day by day.
 */
final class DetailsDesk {

  static final int MAX_WINDOW_DAYS = 31;
  private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

  private DetailsDesk() {}

  static BdcMessage page(SimulatedBank bank, BdcMessage request) {
    String accountNo = SimulatedBank.required(request, "AcctNo");
    LocalDate from;
    LocalDate to;
    int pageNo;
    int pageSize;
    try {
      from = LocalDate.parse(SimulatedBank.required(request, "BeginDate"), DATE);
      to = LocalDate.parse(SimulatedBank.required(request, "EndDate"), DATE);
      pageNo = Integer.parseInt(String.valueOf(request.head("PageNo")));
      pageSize = Integer.parseInt(String.valueOf(request.head("PageSize")));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("dates yyyyMMdd, PageNo and PageSize numbers");
    }
    if (pageNo < 1 || pageSize < 1 || pageSize > 1000 || from.isAfter(to)) {
      throw new IllegalArgumentException("PageNo from 1, PageSize 1-1000, BeginDate <= EndDate");
    }
    if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_WINDOW_DAYS) {
      return bank.reply(request, ReturnCodes.RANGE_TOO_WIDE);
    }
    if (!bank.books().exists(accountNo)) {
      return bank.reply(request, ReturnCodes.NO_ACCOUNT);
    }
    List<Detail> lines = bank.books().lines(accountNo, from, to);
    int pageCount = Math.max(1, (lines.size() + pageSize - 1) / pageSize);
    BdcMessage answer = bank.reply(request, ReturnCodes.OK).head("PageNo", String.valueOf(pageNo))
        .head("PageCount", String.valueOf(pageCount)).head("TotalNum", String.valueOf(lines.size()))
        .field("AcctNo", accountNo).list("Details");
    int start = (pageNo - 1) * pageSize;
    for (int i = start; i < Math.min(lines.size(), start + pageSize); i++) {
      answer.row("Details", DetailRows.fields(lines.get(i)));
    }
    return answer;
  }
}
