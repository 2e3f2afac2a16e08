package hpf.cli;

import hpf.kit.BuildInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as an operator types it: help and version answer without starting anything, typos exit 2. */
class MainTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.execute(args, Map.of("HPF_DATA_DIR", dir.resolve("data").toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpInEveryUsualSpellingPrintsUsageAndStartsNothing() {
    for (String[] help : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
      out.reset();
      assertThat(run(help)).as(String.join(" ", help)).isZero();
      assertThat(out()).contains("Usage: java -jar hpf.jar", "run", "call", "rotate-field-keys", "generate",
          "reconcile", "--config");
    }
    assertThat(Files.exists(dir.resolve("data"))).as("nothing started").isFalse();
  }

  @Test
  void versionPrintsTheBuildVersion() {
    assertThat(run("--version")).isZero();
    assertThat(out().trim()).isEqualTo("hpf " + BuildInfo.current().version());
    out.reset();
    assertThat(run("run", "--version")).isZero();
    assertThat(out().trim()).isEqualTo("hpf " + BuildInfo.current().version());
  }

  @Test
  void subcommandsHaveHelpOfTheirOwn() {
    assertThat(run("run", "--help")).isZero();
    assertThat(out()).contains("run the platform", "--config");
    out.reset();
    assertThat(run("help", "generate")).isZero();
    assertThat(out()).contains("generated data set");
  }

  @Test
  void anUnknownSubcommandOrOptionExitsTwoNamingIt() {
    assertThat(run("strat")).isEqualTo(2);
    assertThat(err()).contains("'strat'");
    err.reset();
    assertThat(run("--verbose")).isEqualTo(2);
    assertThat(err()).contains("--verbose");
    err.reset();
    assertThat(run("run", "--confg", "x")).isEqualTo(2);
    assertThat(err()).contains("--confg");
    assertThat(Files.exists(dir.resolve("data"))).as("nothing started").isFalse();
  }

  @Test
  void aToolGetsItsArgumentsUnparsedAndInOrder() {
    // The demo client's own parser answers its usage error (exit 2) for an option only it knows about.
    assertThat(run("call", "--app")).isEqualTo(2);
    assertThat(out()).contains("usage: java -jar hpf.jar call");
  }

  @Test
  void anUnknownLogLevelStopsStartUpWithExitTwo() throws Exception {
    Path file = dir.resolve("hpf.properties");
    Files.writeString(file, "HPF_LOG_LEVEL=LOUD\n");
    assertThat(run("--config", file.toString())).isEqualTo(2);
    assertThat(Files.exists(dir.resolve("data"))).as("nothing started").isFalse();
  }
}
