package hpf.settlement.bdc;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway.Batch;
import hpf.settlement.bank.BankGateway.BatchRow;
import hpf.settlement.bank.BankGateway.BatchRowResult;
import hpf.settlement.bank.BankGateway.Outcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Batch files embedded in the DATA field. A request file has one line per row,
 * {@code seq@|$amount@|$account@|$name@|$summary@|$}; a result file (BDC108) one line per row,
 * {@code seq|amount|account|RtnCode|RtnMessage|HostDate|HostSeqNo|}. Lines end with {@code \n}.
 */
public final class BatchFiles {

  public static final String SEPARATOR = "@|$";
  private static final Pattern FORBIDDEN = Pattern.compile("[\\r\\n|]|@\\|\\$");

  private BatchFiles() {}

  /**
   * The request file of a batch, after checking what banks reject: rows numbered 1..n in order, positive amounts,
   * and the stated totals (count and amount) equal to the rows'. A batch that fails the check is the caller's
   * mistake and is never sent: IllegalArgumentException.
   */
  public static String requestFile(Batch batch) {
    List<BatchRow> rows = batch.rows();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("a batch has at least one row");
    }
    if (batch.totalCount() != rows.size()) {
      throw new IllegalArgumentException("batch total count " + batch.totalCount() + " but " + rows.size() + " rows");
    }
    Money sum = Money.ZERO;
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      BatchRow row = rows.get(i);
      if (row.seq() != i + 1) {
        throw new IllegalArgumentException("batch rows are numbered 1..n in order; row " + (i + 1) + " says " + row.seq());
      }
      if (!row.amount().isPositive()) {
        throw new IllegalArgumentException("batch row " + row.seq() + " has no positive amount");
      }
      sum = sum.plus(row.amount());
      file.append(row.seq()).append(SEPARATOR).append(row.amount()).append(SEPARATOR)
          .append(clean(row.accountNo(), row.seq())).append(SEPARATOR).append(clean(row.accountName(), row.seq()))
          .append(SEPARATOR).append(clean(row.summary(), row.seq())).append(SEPARATOR).append('\n');
    }
    if (!sum.equals(batch.totalAmount())) {
      throw new IllegalArgumentException("batch total amount " + batch.totalAmount() + " but the rows sum to " + sum);
    }
    return file.toString();
  }

  /** The rows of a request file (the bank's side); a malformed line is a {@link BdcException}. */
  public static List<BatchRow> parseRequest(String file) {
    List<BatchRow> rows = new ArrayList<>();
    for (String line : lines(file)) {
      String[] parts = line.split(Pattern.quote(SEPARATOR), -1);
      if (parts.length != 6 || !parts[5].isEmpty()) {
        throw new BdcException("batch file line " + (rows.size() + 1) + " does not have 5 fields");
      }
      try {
        rows.add(new BatchRow(Integer.parseInt(parts[0]), Money.parse(parts[1]), parts[2], parts[3], parts[4]));
      } catch (IllegalArgumentException e) {
        throw new BdcException("batch file line " + (rows.size() + 1) + " has a bad sequence or amount");
      }
    }
    return rows;
  }

  /** One line of a result file. */
  public static String resultLine(int seq, Money amount, String accountNo, String rtnCode, String rtnMessage,
                                  LocalDate hostDate, String hostSeqNo) {
    return seq + "|" + amount + "|" + accountNo + "|" + rtnCode + "|" + rtnMessage.replace("|", "/") + "|"
        + (hostDate == null ? "" : hostDate.format(Answers.DATE)) + "|" + (hostSeqNo == null ? "" : hostSeqNo) + "|\n";
  }

  /** The rows of a result file: 00000 succeeded, anything else failed; a malformed line is a {@link BdcException}. */
  public static List<BatchRowResult> parseResults(String file) {
    List<BatchRowResult> results = new ArrayList<>();
    for (String line : lines(file)) {
      String[] parts = line.split("\\|", -1);
      if (parts.length != 8 || !parts[7].isEmpty()) {
        throw new BdcException("result file line " + (results.size() + 1) + " does not have 7 fields");
      }
      try {
        boolean ok = ReturnCodes.OK.equals(parts[3]);
        results.add(new BatchRowResult(Integer.parseInt(parts[0]), ok ? Outcome.SUCCEEDED : Outcome.FAILED, parts[3],
            parts[4], Answers.date(parts[5].isEmpty() ? null : parts[5]), parts[6].isEmpty() ? null : parts[6]));
      } catch (NumberFormatException e) {
        throw new BdcException("result file line " + (results.size() + 1) + " has a bad sequence");
      }
    }
    return results;
  }

  private static List<String> lines(String file) {
    if (file == null || file.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(List.of(file.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static String clean(String value, int seq) {
    String v = value == null ? "" : value;
    if (FORBIDDEN.matcher(v).find()) {
      throw new IllegalArgumentException("batch row " + seq + " holds a line break, '|' or the separator");
    }
    return v;
  }
}
