package hpf.settlement.reconcile;

import hpf.isolation.DependencyBusyException;
import hpf.isolation.DependencyGuard;
import hpf.isolation.DependencyIsolatedException;
import hpf.isolation.DependencyTimeoutException;
import hpf.kit.BusinessTime;
import hpf.kit.ProblemException;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily reconciliation of one partner bank's day (Beijing business date): the bank's details of the center's special
 * account (BDC113, all pages, through the bank's guard) against our instructions and receipts of that day, recorded
 * as the next version of that (bank, date)'s report. The slow part (the bank, our reads) runs before the short
 * transaction that records the report, so no pooled connection waits on a bank. Nothing else is changed: a report
 * tells operators what to look at; corrections are the business rooms' own reversing entries.
 */
public final class Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Pool pool;
  private final BankStatement statement;
  private final OurBooks ours;
  private final ReportStore reports;
  private final ReconciliationMetrics metrics;
  private final Clock clock;
  /** The banks with a gateway: connected when the settlement room's bank links come up (the dispatcher's). */
  private final Map<String, BankGateway> gateways = new ConcurrentHashMap<>();

  public Reconciler(Pool pool, DependencyGuard guard, ReconciliationMetrics metrics, Clock clock,
                    ReceivedReferences references) {
    this.pool = pool;
    this.statement = new BankStatement(guard);
    this.ours = new OurBooks(pool, references);
    this.reports = new ReportStore(pool);
    this.metrics = metrics;
    this.clock = clock;
  }

  /** A bank's gateway, whose calls go through the guard as {@code bank.<code>} (registered by whoever made it). */
  public void connect(BankGateway gateway) {
    gateways.put(gateway.bankCode(), gateway);
  }

  /** The banks with a gateway, in code order. */
  Set<String> banks() {
    return new TreeSet<>(gateways.keySet());
  }

  LocalDate today() {
    return BusinessTime.today(clock);
  }

  /** Runs and records a report outside any request (the daily job); answers it as the admin API shows it. */
  public Future<JsonObject> run(String bankCode, LocalDate date, String trigger, String requestedBy) {
    return prepare(bankCode, date, trigger, requestedBy)
        .compose(run -> pool.withTransaction(conn -> record(conn, run)).onSuccess(id -> recorded(run)))
        .compose(reports::one);
  }

  /**
   * Both sides of the day, matched: refused at once for a bank without gateway or special account or a future date;
   * a bank that cannot give its whole day fails (no report of half a day).
   */
  Future<ReportStore.Run> prepare(String bankCode, LocalDate date, String trigger, String requestedBy) {
    BankGateway gateway = gateways.get(bankCode);
    if (date.isAfter(today())) {
      return Future.failedFuture(new ProblemException(ReconciliationProblems.DATE_INVALID));
    }
    return ours.centerAccount(bankCode).compose(accountNo -> {
      if (gateway == null || accountNo == null) {
        return Future.failedFuture(new ProblemException(ReconciliationProblems.BANK_NOT_CONNECTED));
      }
      return statement.day(gateway, accountNo, date)
          .recover(e -> failed(bankCode, date, e))
          .compose(lines -> Future.all(ours.instructions(bankCode, date), ours.receipts(bankCode, date))
              .compose(both -> {
                List<Matching.OurInstruction> instructions = both.resultAt(0);
                Set<String> todays = new TreeSet<>(instructions.stream().map(Matching.OurInstruction::serialNo).toList());
                List<String> others = lines.stream().map(BankGateway.Detail::serialNo)
                    .filter(s -> s != null && !todays.contains(s)).distinct().toList();
                return ours.known(others).map(known -> new ReportStore.Run(bankCode, date, trigger, requestedBy,
                    accountNo, Matching.match(lines, instructions, both.resultAt(1), known)));
              }));
    });
  }

  /** Records the report in the caller's transaction. */
  Future<UUID> record(SqlConnection conn, ReportStore.Run run) {
    return reports.record(conn, run);
  }

  /** Once committed: the gauge and the run counter. */
  void recorded(ReportStore.Run run) {
    long mismatches = run.outcome().items().size();
    metrics.mismatches(run.bankCode(), mismatches);
    metrics.run(run.bankCode(), mismatches == 0 ? "reconciled" : "mismatched");
  }

  ReportStore reports() {
    return reports;
  }

  /** Starts the gauge's refresh from the recorded reports. */
  public void startMetrics(io.vertx.core.Vertx vertx) {
    metrics.start(vertx, reports);
  }

  private <T> Future<T> failed(String bankCode, LocalDate date, Throwable e) {
    metrics.run(bankCode, "failed");
    LOG.atWarn().addKeyValue("bank", bankCode).addKeyValue("businessDate", date).setCause(e)
        .log("bank details for reconciliation not available");
    // The guard's own answers (isolated, busy, too slow) say which bank and when to try again; pass them as they are.
    if (e instanceof DependencyIsolatedException || e instanceof DependencyBusyException
        || e instanceof DependencyTimeoutException) {
      return Future.failedFuture(e);
    }
    return Future.failedFuture(new ProblemException(ReconciliationProblems.DETAILS_UNAVAILABLE));
  }
}
