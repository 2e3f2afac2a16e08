package hpf.cli;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.audit.ChainKeys;
import hpf.boot.CommandDatabase;
import hpf.boot.HpfConfig;
import hpf.crypto.FieldCipher;
import hpf.dataset.DatasetGenerator;
import hpf.dataset.DatasetSpec;
import hpf.dataset.DemoDataset;
import hpf.dataset.GenerateOptions;
import hpf.kit.BusinessTime;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import hpf.kit.StartupException;
import hpf.ledger.Reconciliation;
import hpf.policy.Policies;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Map;

/**
 * {@code java -jar hpf.jar generate --members N [--employers N] [--months 12] [--through YYYY-MM] [--seed S]
 * [--loans PERCENT] [--add]
 * [--allow-production] [--no-check] [--config file]}: generates a data set straight into the configured database
 * (the embedded one under HPF_DATA_DIR while the platform is stopped, or HPF_DB_URL), encrypted with the configured
 * field keys, then runs the books check. Exit codes: 0 done, 1 failed (nothing written), 2 usage or configuration,
 * 3 refused (a production configuration, a data set already there, another generation running).
 */
public final class GenerateCommand {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int REFUSED = 3;
  static final String USAGE_TEXT = "usage: java -jar hpf.jar generate --members N [--employers N] [--months 12]"
      + " [--through YYYY-MM] [--seed N] [--add] [--allow-production] [--no-check] [--config file]";

  private GenerateCommand() {}

  public static int run(String[] args, Map<String, String> env, PrintStream out) {
    GenerateOptions options;
    HpfConfig config;
    try {
      options = GenerateOptions.parse(args, YearMonth.now(BusinessTime.ZONE).minusMonths(1));
      config = HpfConfig.from(Settings.load(options.configFile() == null ? null : Path.of(options.configFile()), env));
    } catch (IllegalArgumentException | ConfigException e) {
      out.println(e.getMessage());
      out.println(USAGE_TEXT);
      return USAGE;
    }
    if (!config.sandbox() && !options.allowProduction()) {
      out.println("refused: HPF_SANDBOX=false is a production configuration; generated people and money would mix with"
          + " the center's real accounts and bank books. Pass --allow-production to generate anyway (a staging copy).");
      return REFUSED;
    }
    out.println("generating " + options.spec() + " into " + (config.database().embedded()
        ? "the embedded database in " + config.dataDir() : "the database of HPF_DB_URL"));
    try (CommandDatabase db = CommandDatabase.open(config)) {
      return generate(options, config, db, out);
    } catch (StartupException e) {
      out.println("failed: " + e.getMessage());
      return FAILED;
    }
  }

  private static int generate(GenerateOptions options, HpfConfig config, CommandDatabase db, PrintStream out) {
    DatasetSpec spec = options.spec();
    FieldCipher fields = new FieldCipher(config.security().fieldKeys(), config.security().blindIndexKey());
    DatasetGenerator.Report report;
    try {
      Policies.AsOf policy = new Policies(db.pool()).asOf(spec.through().atDay(1)).await();
      String operator = System.getProperty("user.name", "operator");
      report = new DatasetGenerator(db::jdbc, fields, config.security().platformKeys(), line -> out.println("  " + line))
          .generate(spec, policy, DatasetGenerator.Purpose.COMMAND, operator, options.add());
      audit(db, new ChainKeys(config.security().chains().keys()), operator, report, out);
    } catch (DatasetGenerator.Refused e) {
      out.println("refused: " + e.getMessage());
      return REFUSED;
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      return USAGE;
    } catch (Exception e) {
      out.println("failed, nothing was written: " + e.getMessage());
      return FAILED;
    }
    report.rows().forEach((table, rows) -> out.printf("  %-24s %,12d rows%n", table, rows));
    double seconds = report.elapsed().toMillis() / 1000.0;
    out.printf("generated data set #%d: %,d rows in %.1f s (%,d rows/s)%n", report.runId(), report.totalRows(), seconds,
        report.rowsPerSecond());
    analyze(db, out);
    return options.check() ? check(db, out) : OK;
  }

  /**
   * Fresh planner statistics: a database just loaded has none until autovacuum reaches it, and a platform started at
   * once plans its first queries without them (a selection over 1,000,000 members ran for minutes instead of seconds).
   */
  private static void analyze(CommandDatabase db, PrintStream out) {
    long begin = System.nanoTime();
    try {
      db.pool().query("ANALYZE").execute().await();
      out.printf("statistics: analyzed in %.1f s%n", (System.nanoTime() - begin) / 1e9);
    } catch (RuntimeException e) {
      out.println("warning: the statistics were not refreshed (autovacuum will): " + e.getMessage());
    }
  }

  /** An operator action, recorded after the data set committed (a failure here does not undo it). */
  private static void audit(CommandDatabase db, ChainKeys chainKeys, String operator, DatasetGenerator.Report report, PrintStream out) {
    try {
      new AuditLog(db.pool(), chainKeys).append(new AuditEntry(operator, "OPERATOR", "command-line", "generateDataset",
          "dataset:" + report.runId(), "OK", "generate-" + report.runId(), DemoDataset.details(report))).await();
    } catch (RuntimeException e) {
      out.println("warning: data set #" + report.runId() + " was generated, but its audit record failed: " + e.getMessage());
    }
  }

  /** The books check (账账相符) over the whole database, as the reconcile command runs it on the platform. */
  private static int check(CommandDatabase db, PrintStream out) {
    long begin = System.nanoTime();
    Reconciliation.Report books = new Reconciliation(db.pool()).run().await();
    double seconds = (System.nanoTime() - begin) / 1e9;
    if (books.balanced()) {
      out.printf("books check: balanced (member books %s, bank books %s) in %.1f s%n", books.memberBooks(),
          books.bankBooks(), seconds);
      return OK;
    }
    out.println("books check: NOT balanced");
    books.differences().forEach(d -> out.println("  " + d));
    return FAILED;
  }
}
