package hpf.cli;

import hpf.kit.BuildInfo;
import hpf.kit.ConfigException;
import hpf.kit.StartupException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * Entry point: {@code java -jar hpf.jar [run] [--config file]} runs the platform ({@link RunCommand}); the other
 * subcommands are operator tools that keep their own argument parsing. {@code --help} and {@code --version} answer
 * and exit 0; an unknown subcommand or option exits 2. Exit codes of {@code run}: 0 after a graceful stop, 2 for
 * invalid configuration, 1 when start-up fails for any other reason.
 */
@Command(name = "java -jar hpf.jar", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "住房公积金 API 平台 (HPF). Without a subcommand: run the platform.",
    footer = "%nSettings: HPF_* environment variables, then --config <file> (see docs/configuration-security.md).")
public final class Main implements Callable<Integer> {

  /** {@link #execute}'s answer when the platform was started and keeps running (no exit). */
  static final int RUNNING = -1;
  static final int EXIT_STARTUP_FAILED = 1;
  static final int EXIT_BAD_CONFIG = 2;

  @Option(names = "--config", paramLabel = "FILE", description = "properties file of HPF_* settings (else HPF_CONFIG_FILE)")
  private Path config;

  private final Map<String, String> env;

  private Main(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    int code = execute(args, System.getenv(), System.out, System.err);
    if (code != RUNNING) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() {
    return RunCommand.run(config, env);
  }

  /** Parses the command line and runs the chosen command; the exit code, or {@link #RUNNING}. */
  public static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main(env));
    cli.addSubcommand("run", new Run(env));
    cli.addSubcommand("call", tool("signed request to the sandbox run, as a demo app, member or staff",
        "call [--app <demo app>] [--as member:<personId>|employer:<employerId>|staff:<staffId>]"
            + " [--base <url>] [--sandbox <url>] [--key <idempotency key>] [--field <name>] METHOD PATH [JSON-BODY]",
        a -> hpf.sandbox.DemoClient.run(a, out)));
    cli.addSubcommand("rotate-field-keys", tool("re-encrypt sensitive fields under the current field key version"
        + " (signs in as an operator: HPF_OPERATOR_USER, HPF_OPERATOR_PASSWORD, HPF_OPERATOR_OTP)", "rotate-field-keys [--admin <url>] [--user <name>]",
        a -> hpf.cli.RotateCommand.run(a, env, out)));
    cli.addSubcommand("generate", tool("load a generated data set into the database",
        "generate --members N [--employers N] [--months 12] [--through YYYY-MM] [--seed N] [--loans 3] [--add]"
            + " [--allow-production] [--no-check] [--config file]", a -> hpf.cli.GenerateCommand.run(a, env, out)));
    cli.addSubcommand("reconcile", tool("check that the books agree (signs in as an operator: HPF_OPERATOR_USER, HPF_OPERATOR_PASSWORD, HPF_OPERATOR_OTP)",
        "reconcile [--admin <url>] [--user <name>]",
        a -> hpf.cli.ReconcileCommand.run(a, env, out)));
    cli.addSubcommand("help", new CommandLine.HelpCommand());
    cli.setExpandAtFiles(false);
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println(line.getCommandName() + ": " + rootMessage(e));
      return EXIT_STARTUP_FAILED;
    });
    return cli.execute(args);
  }

  /** An operator tool whose arguments go, unparsed and in order, to its own parser. */
  private static CommandLine tool(String description, String synopsis, Function<String[], Integer> run) {
    CommandLine tool = new CommandLine(new Tool(run));
    tool.getCommandSpec().usageMessage().description(description).customSynopsis("java -jar hpf.jar " + synopsis);
    tool.setUnmatchedOptionsArePositionalParams(true);
    return tool;
  }

  /** {@code run [--config file]}: the same as no subcommand. */
  @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "run the platform (the default)")
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file of HPF_* settings")
    private Path config;
    private final Map<String, String> env;

    Run(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public Integer call() {
      return RunCommand.run(config, env);
    }
  }

  @Command(mixinStandardHelpOptions = true, versionProvider = Version.class)
  static final class Tool implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "the tool's own arguments")
    private List<String> args = new ArrayList<>();
    private final Function<String[], Integer> run;

    Tool(Function<String[], Integer> run) {
      this.run = run;
    }

    @Override
    public Integer call() {
      return run.apply(args.toArray(String[]::new));
    }
  }

  /** The build's version, from {@link BuildInfo}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"hpf " + BuildInfo.current().version()};
    }
  }

  /** The most telling message of a failure chain: our own start-up messages win over library wrappers. */
  public static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StartupException || t instanceof ConfigException
          || t instanceof hpf.channel.HttpListener.ListenerException) {
        return t.getMessage();
      }
    }
    return String.valueOf(e.getMessage());
  }
}
