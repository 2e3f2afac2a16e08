import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the statistics table of a Gatling report (3.15 writes no stats.json: the figures are in index.html's table,
 * one row per group and request) as plain text, for bench/load.sh and docs/load-tests.md. With {@code --ramp} it also finds
 * the first step ("rate NNN/s" groups of OpenRampSimulation) whose 99th percentile exceeds the threshold.
 * Usage: java bench/LoadReport.java REPORT_DIR [--ramp P99_MS]
 * [--compare BASELINE_GROUP GROUP MAX_RATIO SLACK_MS] (exit 3 when GROUP's p99 exceeds BASELINE's × ratio + slack).
 */
public class LoadReport {

  /** One row of the table: a group (path without " / ") or a request within one. */
  record Row(String id, String parent, String name, long total, long ok, long ko, double perSecond, long min,
             long p50, long p75, long p95, long p99, long max, long mean) {
    boolean group() {
      return id.startsWith("group_") || id.equals("ROOT");
    }
  }

  private static final Pattern ROW = Pattern.compile(
      "<tr id=\"([^\"]+)\"(?: data-parent=\"([^\"]*)\")?\\s*>(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)</span>");
  private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: java bench/LoadReport.java REPORT_DIR [--ramp P99_MS] [--compare BASE GROUP RATIO SLACK_MS]");
      System.exit(2);
    }
    List<Row> rows = read(Path.of(args[0], "index.html"));
    print(rows);
    int status = 0;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--ramp")) {
        ramp(rows, Long.parseLong(args[++i]));
      } else if (args[i].equals("--compare")) {
        status = Math.max(status, compare(rows, args[i + 1], args[i + 2], Double.parseDouble(args[i + 3]),
            Long.parseLong(args[i + 4])));
        i += 4;
      }
    }
    System.exit(status);
  }

  static List<Row> read(Path index) throws IOException {
    String html = Files.readString(index);
    List<Row> rows = new ArrayList<>();
    Matcher row = ROW.matcher(html);
    while (row.find()) {
      Matcher name = NAME.matcher(row.group(3));
      if (!name.find()) {
        continue;
      }
      String[] cells = new String[15];
      Matcher cell = CELL.matcher(row.group(3));
      while (cell.find()) {
        cells[Integer.parseInt(cell.group(1))] = cell.group(2).trim();
      }
      if (cells[2] == null) {
        continue;
      }
      rows.add(new Row(row.group(1), row.group(2), unescape(name.group(1)), number(cells[2]), number(cells[3]),
          number(cells[4]), Double.parseDouble(cells[6].replace(",", "")), number(cells[7]), number(cells[8]),
          number(cells[9]), number(cells[10]), number(cells[11]), number(cells[12]), number(cells[13])));
    }
    return rows;
  }

  private static void print(List<Row> rows) {
    // Gatling's Cnt/s: the count over the whole run's duration (for a group that ran part of the time, less than
    // its rate while it ran).
    System.out.printf("%-46s %8s %6s %7s %7s %7s %7s %8s %8s%n", "group / request", "count", "KO", "p50", "p95", "p99",
        "max", "mean", "per s");
    for (Row r : rows) {
      String indent = r.group() ? "" : "  ";
      System.out.printf("%-46s %8d %6d %5d ms %5d ms %5d ms %5d ms %5d ms %8.1f%n", indent + label(r), r.total(),
          r.ko(), r.p50(), r.p95(), r.p99(), r.max(), r.mean(), r.perSecond());
    }
  }

  private static String label(Row r) {
    String name = r.id().equals("ROOT") ? "all requests" : r.name();
    return name.length() > 44 ? name.substring(0, 43) + "…" : name;
  }

  /** Steps are the groups named "rate NNN/s"; the throughput of a step is what was answered OK per second of it. */
  private static void ramp(List<Row> rows, long p99Limit) {
    System.out.printf("%nrate (arrivals/s)  answered  p50      p95      p99      max       failures%n");
    String crossed = null;
    String stayedAbove = null;
    for (Row r : rows) {
      Matcher step = Pattern.compile("rate (\\d+)/s").matcher(r.name());
      if (!r.group() || !step.matches()) {
        continue;
      }
      System.out.printf("%17s  %8d  %4d ms  %4d ms  %4d ms  %5d ms  %d (%.1f %%)%n", step.group(1), r.total(), r.p50(),
          r.p95(), r.p99(), r.max(), r.ko(), r.total() == 0 ? 0.0 : 100.0 * r.ko() / r.total());
      if (r.p99() > p99Limit) {
        crossed = crossed == null ? step.group(1) : crossed;
        stayedAbove = stayedAbove == null ? step.group(1) : stayedAbove;
      } else {
        stayedAbove = null;
      }
    }
    if (crossed == null) {
      System.out.println("p99 stayed at or under " + p99Limit + " ms at every step");
    } else {
      System.out.println("p99 first exceeds " + p99Limit + " ms at " + crossed + " arrivals/s"
          + (stayedAbove == null ? " (and is back under it at the last step)"
              : stayedAbove.equals(crossed) ? " and stays above it" : "; above it at every step from " + stayedAbove));
    }
  }

  private static int compare(List<Row> rows, String baseline, String group, double ratio, long slackMs) {
    Row base = find(rows, baseline);
    Row other = find(rows, group);
    long limit = Math.round(base.p99() * ratio) + slackMs;
    boolean held = other.p99() <= limit;
    System.out.printf("%n%s p99 %d ms against %s p99 %d ms: limit %d ms (× %.2f + %d ms): %s%n", group, other.p99(),
        baseline, base.p99(), limit, ratio, slackMs, held ? "held" : "FAILED");
    return held ? 0 : 3;
  }

  private static Row find(List<Row> rows, String group) {
    return rows.stream().filter(r -> r.group() && r.name().equals(group)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no group " + group + " in the report"));
  }

  private static long number(String text) {
    return text == null || text.equals("-") ? 0 : Math.round(Double.parseDouble(text.replace(",", "")));
  }

  private static String unescape(String html) {
    return html.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
        .replace("&quot;", "\"");
  }
}
