package hpf.account;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of an uploaded batch list (清册) file, read by {@link MemberListCsv} or {@link MemberListXlsx} under the
 * same limits: the first row names the columns (Chinese or English headings, in any order), every further non-blank
 * row is one member, at most {@link #MAX_ROWS}. A file that cannot be read is refused as a whole, in business words.
 */
final class MemberListFile {

  /** The most member rows one list may hold. */
  static final int MAX_ROWS = 10_000;
  /** The largest file accepted (the listener's body limit, HPF_MAX_BODY_BYTES, may be smaller and applies first). */
  static final int MAX_FILE_BYTES = 4 * 1024 * 1024;
  /** A cell longer than this is no name, number or amount: the file is not a list. */
  static final int MAX_CELL_CHARS = 200;

  /** One row as read: its spreadsheet row number (the heading is row 1) and its cells by column. */
  record Row(int rowNo, Map<String, String> cells) {
    String cell(String column) {
      String value = cells.get(column);
      return value == null ? "" : value;
    }
  }

  private static final Map<String, String> HEADINGS = Map.ofEntries(
      Map.entry("姓名", "name"), Map.entry("name", "name"),
      Map.entry("身份证号码", "idNumber"), Map.entry("身份证号", "idNumber"), Map.entry("证件号码", "idNumber"),
      Map.entry("idnumber", "idNumber"),
      Map.entry("手机号码", "phone"), Map.entry("手机号", "phone"), Map.entry("phone", "phone"),
      Map.entry("月工资", "monthlyWage"), Map.entry("工资", "monthlyWage"), Map.entry("monthlywage", "monthlyWage"));

  /** The columns each kind of list needs. */
  static List<String> columns(String kind) {
    return "ADD".equals(kind) ? List.of("name", "idNumber", "phone", "monthlyWage") : List.of("name", "idNumber");
  }

  private final List<String> required;
  private final List<Row> rows = new ArrayList<>();
  private Map<Integer, String> columnsByIndex;

  MemberListFile(String kind) {
    this.required = columns(kind);
  }

  /** Takes one row of cells by column index (0-based) as the reader found it. */
  void row(int rowNo, Map<Integer, String> cellsByIndex) {
    if (columnsByIndex == null) {
      columnsByIndex = headings(cellsByIndex);
      return;
    }
    Map<String, String> cells = new HashMap<>();
    boolean blank = true;
    for (var cell : cellsByIndex.entrySet()) {
      String value = cell.getValue() == null ? "" : cell.getValue().strip();
      // Control characters (a NUL cannot even be stored) make no name, number or amount: not a list.
      if (value.length() > MAX_CELL_CHARS || value.chars().anyMatch(MemberListFile::control)) {
        throw refused(MemberListProblems.LIST_FILE_UNREADABLE);
      }
      String column = columnsByIndex.get(cell.getKey());
      if (column != null && !value.isEmpty()) {
        cells.put(column, value);
        blank = false;
      }
    }
    if (blank) {
      return;
    }
    if (rows.size() >= MAX_ROWS) {
      throw refused(MemberListProblems.LIST_TOO_MANY_ROWS);
    }
    rows.add(new Row(rowNo, cells));
  }

  /** The member rows; refuses a file without a heading or without a single member. */
  List<Row> rows() {
    if (columnsByIndex == null || rows.isEmpty()) {
      throw refused(MemberListProblems.LIST_EMPTY);
    }
    return rows;
  }

  private Map<Integer, String> headings(Map<Integer, String> cells) {
    Map<Integer, String> found = new HashMap<>();
    for (var cell : cells.entrySet()) {
      String heading = cell.getValue() == null ? "" : cell.getValue().strip().replace("\uFEFF", "");
      String column = HEADINGS.get(heading.toLowerCase(Locale.ROOT));
      if (column != null && required.contains(column)) {
        found.put(cell.getKey(), column);
      }
    }
    if (!found.values().containsAll(required)) {
      throw refused(MemberListProblems.LIST_COLUMNS_MISSING);
    }
    return found;
  }

  private static boolean control(int c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
  }

  static ProblemException refused(Problem problem) {
    return new ProblemException(problem);
  }
}
