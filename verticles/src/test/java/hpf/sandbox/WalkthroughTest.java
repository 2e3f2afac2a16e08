package hpf.sandbox;

import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import hpf.kit.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/walkthrough.md runs as written: every {@code sh} block's commands, in order, through the {@code call}
 * command's code path against a freshly started sandbox platform whose dispatcher pays, each expected to succeed
 * (and to contain what its {@code # expect} or {@code # until} comment says).
 */
class WalkthroughTest {

  private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Z][A-Z0-9_]*)=\\$\\((.*)\\)$");
  private static final Pattern DATE = Pattern.compile("^TZ=Asia/Shanghai date \\+(%F|%Y-%m)$");
  private static final String CALL = "java -jar verticles/target/hpf.jar call ";

  @Test
  void theBusinessDayOfTheDocsRunsAsWritten() throws Exception {
    List<String> commands = commands(Files.readString(Path.of("../docs/walkthrough.md")));
    assertThat(commands).as("commands of docs/walkthrough.md").hasSizeGreaterThan(10);
    Map<String, String> settings = TestPlatform.overrides(Files.createTempDirectory("hpf-walkthrough-"));
    settings.put("HPF_SETTLEMENT_DISPATCH", "true");
    HpfApplication app = HpfApplication.start(HpfConfig.from(Settings.of(settings))).await(120, TimeUnit.SECONDS);
    String admin = "http://127.0.0.1:" + app.ports().get(Zone.ADMIN);
    try {
      Map<String, String> variables = new HashMap<>();
      for (String command : commands) {
        run(app, command, variables);
      }
      assertThat(variables).containsKeys("E", "P", "A");
    } finally {
      for (DemoOperators.Demo operator : DemoOperators.ALL) {
        Files.deleteIfExists(new DemoOperatorCall(HttpClient.newHttpClient(), admin, operator.username()).tokenFile());
      }
      app.stop().await(60, TimeUnit.SECONDS);
    }
  }

  /** The lines of the page's {@code sh} blocks that are commands (no blank lines, no comment lines). */
  static List<String> commands(String page) {
    List<String> out = new ArrayList<>();
    boolean inside = false;
    for (String line : page.split("\n")) {
      if (!inside && line.trim().equals("```sh")) {
        inside = true;
      } else if (inside && line.trim().equals("```")) {
        inside = false;
      } else if (inside && !line.isBlank() && !line.trim().startsWith("#")) {
        out.add(line.trim());
      }
    }
    return out;
  }

  private static void run(HpfApplication app, String line, Map<String, String> variables) throws Exception {
    Shell.Line parsed = Shell.parse(line);
    Matcher assignment = ASSIGNMENT.matcher(parsed.code());
    String command = assignment.matches() ? assignment.group(2) : parsed.code();
    Matcher date = DATE.matcher(command);
    if (date.matches()) {
      LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
      variables.put(assignment.group(1), today.format(DateTimeFormatter.ofPattern(
          date.group(1).equals("%F") ? "yyyy-MM-dd" : "yyyy-MM")));
      return;
    }
    assertThat(command).as(line).startsWith(CALL);
    List<String> words = Shell.words(command.substring(CALL.length()), variables);
    boolean operator = words.stream().anyMatch(w -> w.startsWith("operator:"));
    List<String> args = new ArrayList<>(List.of(
        "--base", "http://127.0.0.1:" + app.ports().get(operator ? Zone.ADMIN : Zone.PUBLIC),
        "--sandbox", "http://127.0.0.1:" + app.sandboxPort()));
    args.addAll(words);
    String comment = parsed.comment();
    String until = comment.startsWith("until ") ? comment.substring("until ".length()) : null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String out = call(args, line);
    while (until != null && !out.contains(until) && System.nanoTime() < deadline) {
      // Each call logs in afresh: polled without a pause, a slow payout made more than the 60 logins a minute the
      // channel allows one person, and the next command was refused.
      TimeUnit.SECONDS.sleep(1);
      out = call(args, line);
    }
    if (until != null) {
      assertThat(out).as(line).contains(until);
    }
    if (comment.startsWith("expect ")) {
      assertThat(out).as(line).contains(comment.substring("expect ".length()));
    }
    if (assignment.matches()) {
      assertThat(out.trim()).as(line).isNotEmpty();
      variables.put(assignment.group(1), out.trim());
    }
  }

  private static String call(List<String> args, String line) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = DemoClient.run(args.toArray(String[]::new), new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(line + "\n" + out).isZero();
    return out;
  }
}
