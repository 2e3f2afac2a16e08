package hpf.settlement.bdc;

import hpf.kit.Money;
import hpf.settlement.bank.BankGateway.Batch;
import hpf.settlement.bank.BankGateway.BatchRow;
import hpf.settlement.bank.BankGateway.BatchRowResult;
import hpf.settlement.bank.BankGateway.FileKind;
import hpf.settlement.bank.BankGateway.Outcome;
import hpf.settlement.bank.BankGateway.Split;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Batch files embedded in the DATA field. A request file (BDC103, BDC104) has one line per row,
 * {@code seq@|$amount@|$account@|$name@|$summary@|$}; a loan deduction file (BDC105) adds the full-amount flag
 * (always 1: the whole amount or nothing) and the row's BDC106 split,
 * {@code seq@|$amount@|$account@|$name@|$summary@|$1@|$principal@|$interest@|$penalty@|$} (the split fields empty
 * when none was given); a result file (BDC108) one line per row,
 * {@code seq|amount|account|RtnCode|RtnMessage|HostDate|HostSeqNo|}. Lines end with {@code \n}.
 */
public final class BatchFiles {

  public static final String SEPARATOR = "@|$";
  /** The full-amount flag of a loan deduction row: collect the whole amount or nothing (no partial deduction). */
  public static final String FULL_AMOUNT = "1";
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
          .append(SEPARATOR).append(clean(row.summary(), row.seq())).append(SEPARATOR);
      if (batch.kind() == FileKind.LOAN_DEDUCTION) {
        file.append(FULL_AMOUNT).append(SEPARATOR).append(split(row)).append(SEPARATOR);
      } else if (row.split() != null) {
        throw new IllegalArgumentException("batch row " + row.seq() + ": only a loan deduction carries a split");
      }
      file.append('\n');
    }
    if (!sum.equals(batch.totalAmount())) {
      throw new IllegalArgumentException("batch total amount " + batch.totalAmount() + " but the rows sum to " + sum);
    }
    return file.toString();
  }

  /** The rows of a request file (the bank's side); a malformed line is a {@link BdcException}. */
  public static List<BatchRow> parseRequest(String file) {
    return parse(file, FileKind.PAYMENT);
  }

  /**
   * The rows of a request file of this kind (the bank's side). A loan deduction row must say full amount (1) and
   * its split, when given, must be three amounts summing to the row's; anything else is a {@link BdcException}.
   */
  public static List<BatchRow> parse(String file, FileKind kind) {
    boolean deduction = kind == FileKind.LOAN_DEDUCTION;
    int fields = deduction ? 9 : 5;
    List<BatchRow> rows = new ArrayList<>();
    for (String line : lines(file)) {
      String[] parts = line.split(Pattern.quote(SEPARATOR), -1);
      int n = rows.size() + 1;
      if (parts.length != fields + 1 || !parts[fields].isEmpty()) {
        throw new BdcException("batch file line " + n + " does not have " + fields + " fields");
      }
      if (deduction && !FULL_AMOUNT.equals(parts[5])) {
        throw new BdcException("batch file line " + n + " is not a full-amount deduction");
      }
      try {
        Money amount = Money.parse(parts[1]);
        Split split = deduction && !(parts[6] + parts[7] + parts[8]).isEmpty()
            ? new Split(Money.parse(parts[6]), Money.parse(parts[7]), Money.parse(parts[8])) : null;
        if (split != null && (!split.total().equals(amount) || split.principal().isNegative()
            || split.interest().isNegative() || split.penalty().isNegative())) {
          throw new BdcException("batch file line " + n + ": the split does not add up to the amount");
        }
        rows.add(new BatchRow(Integer.parseInt(parts[0]), amount, parts[2], parts[3], parts[4], split));
      } catch (IllegalArgumentException e) {
        throw new BdcException("batch file line " + n + " has a bad sequence or amount");
      }
    }
    return rows;
  }

  /** The BDC106 fields of a deduction row: principal, interest, penalty (all empty when no split was given). */
  private static String split(BatchRow row) {
    Split split = row.split();
    if (split == null) {
      return SEPARATOR + SEPARATOR;
    }
    if (!split.total().equals(row.amount()) || split.principal().isNegative() || split.interest().isNegative()
        || split.penalty().isNegative()) {
      throw new IllegalArgumentException("batch row " + row.seq() + ": the split " + split.principal() + " + "
          + split.interest() + " + " + split.penalty() + " is not the amount " + row.amount());
    }
    return split.principal() + SEPARATOR + split.interest() + SEPARATOR + split.penalty();
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
