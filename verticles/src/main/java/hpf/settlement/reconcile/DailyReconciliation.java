package hpf.settlement.reconcile;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every connected bank's previous day (Beijing time), reconciled once after midnight by one instance of the cluster.
 * Every instance looks each round; the (bank, date) row is claimed with a lease (insert, or take over a lapsed
 * claim that recorded no report), so one instance runs it. A run that fails (the bank down or isolated) keeps no
 * report and is taken again once its lease has run out, on a later round.
 */
public final class DailyReconciliation {

  private static final Logger LOG = LoggerFactory.getLogger(DailyReconciliation.class);
  /** Longer than any run: all pages of a busy day through the guard's timeouts. */
  static final Duration LEASE = Duration.ofMinutes(15);

  private final Pool pool;
  private final Reconciler reconciler;
  private final String instance;
  private long timer = -1;

  public DailyReconciliation(Pool pool, Reconciler reconciler, String instance) {
    this.pool = pool;
    this.reconciler = reconciler;
    this.instance = instance;
  }

  /** A round a minute after start, then every {@code every} (an hour in production). */
  public void start(Vertx vertx, Duration every) {
    vertx.setTimer(60_000, id -> round());
    timer = vertx.setPeriodic(every.toMillis(), id -> round());
  }

  public void stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Yesterday for every connected bank this instance can claim; answers the reports it recorded. */
  public Future<List<UUID>> round() {
    LocalDate yesterday = reconciler.today().minusDays(1);
    List<Future<UUID>> runs = reconciler.banks().stream().map(bank -> claim(bank, yesterday)
        .compose(mine -> mine ? run(bank, yesterday) : Future.<UUID>succeededFuture(null))).toList();
    return Future.join(runs).transform(done -> Future.succeededFuture(runs.stream()
        .filter(f -> f.succeeded() && f.result() != null).map(Future::result).toList()));
  }

  private Future<UUID> run(String bank, LocalDate date) {
    return reconciler.run(bank, date, "DAILY", "daily-reconciliation")
        .map(report -> UUID.fromString(report.getString("reportId")))
        .compose(id -> pool.preparedQuery("""
                UPDATE settlement_reconciliation_daily SET report_id = $4
                 WHERE bank_code = $1 AND business_date = $2 AND claimed_by = $3""")
            .execute(Tuple.of(bank, date, instance, id)).map(id))
        .onFailure(e -> LOG.atWarn().addKeyValue("bank", bank).addKeyValue("businessDate", date).setCause(e)
            .log("daily reconciliation failed; taken again when its claim lapses"));
  }

  /** True when this instance holds the (bank, date) now: a new claim, or one that lapsed without a report. */
  private Future<Boolean> claim(String bank, LocalDate date) {
    return pool.preparedQuery("""
            INSERT INTO settlement_reconciliation_daily (bank_code, business_date, claimed_by, lease_until)
            VALUES ($1, $2, $3, now() + $4 * interval '1 second')
            ON CONFLICT (bank_code, business_date) DO UPDATE
               SET claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until
             WHERE settlement_reconciliation_daily.report_id IS NULL
               AND settlement_reconciliation_daily.lease_until < now()
            RETURNING bank_code""")
        .execute(Tuple.of(bank, date, instance, LEASE.toSeconds()))
        .map(rows -> rows.size() == 1);
  }
}
