package hpf.settlement.bdc;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway.Detail;
import hpf.settlement.bank.BankGateway.DetailsPage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BDC113 answers: a page of the {@code Details} list (TxDate, HostSeqNo, SendSeqNo, DcFlag D/C, Amt, OppAcctNo,
 * OppAcctName, Summary) with the paging head fields PageNo and PageCount (more pages while PageNo < PageCount).
 */
public final class DetailRows {

  private DetailRows() {}

  static DetailsPage page(Answers a, BdcMessage answer) {
    a.requireProcessed();
    int pageNo;
    int pageCount;
    try {
      pageNo = Integer.parseInt(answer.head("PageNo"));
      pageCount = Integer.parseInt(answer.head("PageCount"));
    } catch (NumberFormatException e) {
      throw a.uncertain("an answer without PageNo and PageCount");
    }
    List<Detail> rows = new ArrayList<>();
    for (Map<String, String> row : answer.rows("Details")) {
      rows.add(detail(a, row));
    }
    if (rows.size() > BankLink.MAX_DETAILS_PAGE) {
      throw a.uncertain("more than " + BankLink.MAX_DETAILS_PAGE + " rows in a page");
    }
    return new DetailsPage(List.copyOf(rows), pageNo < pageCount);
  }

  private static Detail detail(Answers a, Map<String, String> row) {
    LocalDate date = Answers.date(row.get("TxDate"));
    String flag = row.get("DcFlag");
    if (date == null || !("D".equals(flag) || "C".equals(flag)) || row.get("HostSeqNo") == null) {
      throw a.uncertain("a detail row without TxDate, DcFlag or HostSeqNo");
    }
    Money amount;
    try {
      amount = Money.parse(row.get("Amt"));
    } catch (IllegalArgumentException e) {
      throw a.uncertain("a detail row without an amount");
    }
    String serial = row.get("SendSeqNo");
    return new Detail(date, row.get("HostSeqNo"), serial == null || serial.isEmpty() ? null : serial, "D".equals(flag),
        amount, row.get("OppAcctNo"), row.get("OppAcctName"), row.get("Summary"));
  }

  /** The detail fields of one booked row, as the bank writes them. */
  public static Map<String, String> fields(Detail d) {
    return Map.of("TxDate", d.date().format(Answers.DATE), "HostSeqNo", d.hostSeqNo(),
        "SendSeqNo", d.serialNo() == null ? "" : d.serialNo(), "DcFlag", d.debit() ? "D" : "C",
        "Amt", d.amount().toString(), "OppAcctNo", nonNull(d.counterpartyAccountNo()),
        "OppAcctName", nonNull(d.counterpartyName()), "Summary", nonNull(d.summary()));
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

}
