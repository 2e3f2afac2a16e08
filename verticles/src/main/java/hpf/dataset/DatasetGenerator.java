package hpf.dataset;

import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.kit.BusinessTime;
import hpf.kit.Money;
import hpf.loan.LoanRows;
import hpf.loan.servicing.OverduePolicy;
import hpf.loan.terms.LoanPolicy;
import hpf.policy.Policies;
import hpf.review.ReviewRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Generates a data set into the center's database in one transaction: the database holds all of it or none of it,
 * and records it ({@code dataset_run}) so it is never loaded twice. Chunks are built and encrypted (all cores) while
 * the previous chunk streams into PostgreSQL with COPY. Blocking: run it on a thread of its own, never an event loop.
 */
public final class DatasetGenerator {

  /** Why a data set is generated: the sandbox's demo set (only into an empty database) or the operator command. */
  public enum Purpose { DEMO, COMMAND }

  /** What was written. */
  public record Report(int runId, DatasetSpec spec, Map<String, Long> rows, Duration elapsed) {
    public long totalRows() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rowsPerSecond() {
      return Math.round(totalRows() / Math.max(0.001, elapsed.toNanos() / 1e9));
    }
  }

  /** The database already holds this (or a) data set, or another generation is running: nothing was written. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** Opens a new JDBC connection to the center's database. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  private final Connections connections;
  private final FieldCipher fields;
  private final KeyRing<Sm2Keys.Private> documentKeys;
  private final Consumer<String> progress;

  /** {@code documentKeys}: the platform's keys (HPF_PLATFORM_KEYS), which sign loan contracts as the loan room does. */
  public DatasetGenerator(Connections connections, FieldCipher fields, KeyRing<Sm2Keys.Private> documentKeys,
                          Consumer<String> progress) {
    this.connections = connections;
    this.fields = fields;
    this.documentKeys = documentKeys;
    this.progress = progress;
  }

  /**
   * Generates under {@code policy} (the parameters in force on the first day of the last month). With {@code add},
   * a data set of another seed may join those already there.
   */
  public Report generate(DatasetSpec spec, Policies.AsOf policy, Purpose purpose, String requestedBy, boolean add)
      throws SQLException {
    if (!spec.through().isBefore(YearMonth.now(BusinessTime.ZONE))) {
      throw new IllegalArgumentException("--through: a month that has ended, at the latest "
          + YearMonth.now(BusinessTime.ZONE).minusMonths(1));
    }
    Terms terms;
    LoanPolicy loanPolicy;
    OverduePolicy overdue;
    try {
      terms = Terms.from(policy);
      loanPolicy = LoanPolicy.of(policy);
      overdue = OverduePolicy.of(policy);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("--through " + spec.through() + ": " + e.getMessage()
          + "; choose a later month or add the policy version", e);
    }
    long begin = System.nanoTime();
    ExecutorService writing = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "hpf-dataset-writer");
      thread.setDaemon(true);
      return thread;
    });
    try (Connection main = connections.open(); Connection side = connections.open(); Sealing sealing = new Sealing(fields, documentKeys)) {
      main.setAutoCommit(false);
      try {
        requireAllowed(main, spec, purpose, add);
        checkEachStatement(main);
        CenterAccounts.open(main);
        ReviewRows.Flow flow = ReviewRows.inForce(main, LoanRows.REVIEW_BUSINESS_TYPE,
            spec.firstMonth().atDay(1).atStartOfDay(BusinessTime.ZONE).toOffsetDateTime());
        if (flow == null) {
          throw new IllegalStateException("no review flow for " + LoanRows.REVIEW_BUSINESS_TYPE);
        }
        Map<String, Long> counts = write(spec, terms, loanPolicy, overdue, flow, main, new DatabaseRegistry(side), sealing,
            writing);
        int runId = DatasetRuns.record(main, spec, purpose, requestedBy, counts);
        main.commit();
        return new Report(runId, spec, counts, Duration.ofNanos(System.nanoTime() - begin));
      } catch (SQLException | RuntimeException e) {
        try {
          main.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } finally {
      writing.shutdownNow();
    }
  }

  private Map<String, Long> write(DatasetSpec spec, Terms terms, LoanPolicy loanPolicy, OverduePolicy overdue,
                                  ReviewRows.Flow flow,
                                  Connection main, Registry registry, Sealing sealing, ExecutorService writing)
      throws SQLException {
    Population population = Population.plan(spec);
    ChunkBuilder builder = new ChunkBuilder(spec, population, terms, registry,
        new GeneratedLoans(spec, loanPolicy, overdue, registry, flow));
    ChunkWriter writer = new ChunkWriter(main, spec, flow);
    List<int[]> chunks = population.chunks();
    Money bank = Money.ZERO;
    Money payable = Money.ZERO;
    Money loanPayable = Money.ZERO;
    Map<String, Money> receipts = new java.util.TreeMap<>();
    Future<?> previous = null;
    int members = 0;
    try {
      for (int i = 0; i < chunks.size(); i++) {
        Rows.Chunk chunk = builder.build(chunks.get(i)[0], chunks.get(i)[1]);
        sealing.seal(chunk);
        avoidKnownIdNumbers(chunk, builder, sealing, registry);
        bank = bank.plus(chunk.bankDelta);
        payable = payable.plus(chunk.payableDelta);
        loanPayable = loanPayable.plus(chunk.loanPayableDelta);
        chunk.receiptDeltas.forEach((account, delta) -> receipts.merge(account, delta, Money::plus));
        members += chunk.persons.size();
        awaitWritten(previous);
        String done = "chunk " + (i + 1) + "/" + chunks.size() + ": " + members + " of " + spec.members() + " members";
        long started = System.nanoTime();
        // The next chunk is built and encrypted while this one streams into the database.
        previous = writing.submit(() -> {
          writer.write(chunk);
          progress.accept(done + " (written in " + (System.nanoTime() - started) / 1_000_000 + " ms)");
          return null;
        });
      }
      awaitWritten(previous);
    } catch (SQLException | RuntimeException e) {
      // The writer must be done with the connection before the caller rolls it back.
      awaitQuietly(previous);
      throw e;
    }
    CenterAccounts.add(main, bank, payable, loanPayable, receipts);
    return writer.counts();
  }

  /**
   * The balanced check runs at the end of each COPY rather than all at commit: every ledger transaction of a chunk is
   * whole in its COPY, so the guarantee is the same, its pages are still in memory, and the commit has no long tail.
   */
  private static void checkEachStatement(Connection main) throws SQLException {
    try (var st = main.createStatement()) {
      st.execute("SET CONSTRAINTS ALL IMMEDIATE");
    }
  }

  /** A person whose ID number the center already knows (someone registered before) is given another one. */
  private static void avoidKnownIdNumbers(Rows.Chunk chunk, ChunkBuilder builder, Sealing sealing, Registry registry) {
    Map<String, Rows.Person> byIndex = new HashMap<>();
    chunk.persons.forEach(p -> byIndex.put(p.idNumberIdx, p));
    for (var known = registry.idNumbersInUse(byIndex.keySet()); !known.isEmpty(); ) {
      List<Rows.Person> again = known.stream().map(byIndex::remove).toList();
      again.forEach(builder::redrawIdNumber);
      sealing.sealPersons(again);
      Map<String, Rows.Person> redrawn = new HashMap<>();
      again.forEach(p -> redrawn.put(p.idNumberIdx, p));
      byIndex.putAll(redrawn);
      known = registry.idNumbersInUse(redrawn.keySet());
    }
  }

  private static void requireAllowed(Connection main, DatasetSpec spec, Purpose purpose, boolean add)
      throws SQLException {
    if (!DatasetRuns.tryLock(main)) {
      throw new Refused("another generation is running on this database");
    }
    List<DatasetRuns.Run> runs = DatasetRuns.existing(main);
    if (purpose == Purpose.DEMO && (!runs.isEmpty() || DatasetRuns.anyMemberAccount(main))) {
      throw new Refused("the database is not empty: the demo set is generated only on the first start");
    }
    for (DatasetRuns.Run run : runs) {
      if (run.seed() == spec.seed()) {
        throw new Refused("the database already holds the data set of seed " + spec.seed() + ": " + run
            + "; the same seed again would be the same people twice");
      }
    }
    if (!runs.isEmpty() && !add) {
      throw new Refused("the database already holds generated data set " + runs.get(runs.size() - 1)
          + "; generate into a fresh database, or pass --add with another --seed to add a second one");
    }
  }

  private static void awaitQuietly(Future<?> write) {
    try {
      awaitWritten(write);
    } catch (SQLException | RuntimeException ignored) {
      // The first failure is the one reported.
    }
  }

  private static void awaitWritten(Future<?> write) throws SQLException {
    if (write == null) {
      return;
    }
    try {
      write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the data set", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
  }
}
