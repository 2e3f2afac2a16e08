package hpf.settlement.bdc;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Who the center is towards one bank, whatever the protocol: the bank's code, the center's node (the sender node of
 * every header, e.g. {@code C35020}), its customer number at the bank (CustNo), operator (OperNo) and transaction
 * unit (TxUnitNo), the transaction timeout (30 s in the 2018 revision) and the page size of BDC113 (at most 1,000).
 */
public record BankLink(String bankCode, String centerNode, String custNo, String operNo, String txUnitNo,
                       Duration timeout, int detailsPageSize) {

  public static final int MAX_DETAILS_PAGE = 1000;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern BANK = Pattern.compile("[0-9]{3}");
  private static final Pattern NODE = Pattern.compile("C[0-9]{5}");

  public BankLink {
    if (bankCode == null || !BANK.matcher(bankCode).matches()) {
      throw new IllegalArgumentException("a bank code is 3 digits");
    }
    if (centerNode == null || !NODE.matcher(centerNode).matches()) {
      throw new IllegalArgumentException("a center node is C and 5 digits of the division code, e.g. C35020");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the transaction timeout must be positive");
    }
    if (detailsPageSize < 1 || detailsPageSize > MAX_DETAILS_PAGE) {
      throw new IllegalArgumentException("the details page size is 1 to " + MAX_DETAILS_PAGE);
    }
  }

  /** The defaults: the center's node as customer, operator {@code HPF}, unit {@code 0001}, 30 s, 1,000 a page. */
  public static BankLink of(String bankCode, String centerNode, Duration timeout) {
    return new BankLink(bankCode, centerNode, centerNode, "HPF", "0001", timeout, MAX_DETAILS_PAGE);
  }

  public BankLink withDetailsPageSize(int size) {
    return new BankLink(bankCode, centerNode, custNo, operNo, txUnitNo, timeout, size);
  }

  /** The bank's node: its code and {@code 000}. */
  public String bankNode() {
    return bankCode + "000";
  }
}
