package hpf.withdrawal;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.crypto.FieldCipher;
import hpf.identity.SmsGatewayClient;
import hpf.kit.BusinessTime;
import hpf.kit.Money;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every active agreement once for the current month (约定提取执行). Each agreement runs in its own
 * transaction whose first write is the (agreement, month) run row: a second run, on this node or another, waits
 * for that row and then skips, so the job is idempotent per period and safe on every node at once. A refused
 * application (balance, in flight, blocked …) is recorded with its problem code and not retried that month.
 */
public final class AgreedWithdrawalJob {

  private static final Logger LOG = LoggerFactory.getLogger(AgreedWithdrawalJob.class);
  private static final long EVERY_MILLIS = 60 * 60 * 1000;

  /**
   * What one run did: agreements due this month, applied, refused (by another run in between: neither), and
   * renewal reminders sent.
   */
  public record Report(YearMonth period, int due, int applied, int refused, int reminded) {
    public JsonObject toJson() {
      return new JsonObject().put("period", period.toString()).put("due", due).put("applied", applied)
          .put("refused", refused).put("reminded", reminded);
    }
  }

  private enum Outcome { APPLIED, REFUSED, SKIPPED }

  private final Pool pool;
  private final AuditLog audit;
  private final Withdrawals withdrawals;

  private final AgreementReminders reminders;
  private final Clock clock;

  public AgreedWithdrawalJob(Pool pool, AuditLog audit, FieldCipher fields, SmsGatewayClient sms,
                             Verification verification, Clock clock) {
    this.pool = pool;
    this.withdrawals = new Withdrawals(verification, fields);
    this.audit = audit;
    this.reminders = new AgreementReminders(pool, fields, sms);
    this.clock = clock;
  }

  /** The operators' "run now" on the admin listener; audited with the figures. */
  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("runAgreedWithdrawals", ctx -> run(BusinessTime.today(clock))
        .compose(report -> audit.append(new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin",
                "runAgreedWithdrawals", "agreed-withdrawals:" + report.period(), "OK", Requests.requestId(ctx),
                Map.of("due", String.valueOf(report.due()), "applied", String.valueOf(report.applied()),
                    "refused", String.valueOf(report.refused()), "reminded", String.valueOf(report.reminded()))))
            .map(seq -> report))
        .onSuccess(report -> ctx.json(report.toJson()))
        .onFailure(ctx::fail));
  }

  /** Runs hourly on this node (the first run an hour after start); the timer ends with the Vert.x instance. */
  public void schedule(Vertx vertx) {
    vertx.setPeriodic(EVERY_MILLIS, id -> run(BusinessTime.today(clock))
        .onFailure(e -> LOG.warn("agreed withdrawals not run: {}", e.getMessage())));
  }

  public Future<Report> run(LocalDate today) {
    YearMonth period = YearMonth.from(today);
    return pool.preparedQuery("""
            SELECT a.agreement_id, a.person_id, a.reason, a.monthly_amount, a.app_id FROM withdrawal_agreement a
             WHERE a.status = 'ACTIVE' AND a.starts_on <= $1 AND a.ends_on >= $1
               AND NOT EXISTS (SELECT 1 FROM withdrawal_agreement_run r
                                WHERE r.agreement_id = a.agreement_id AND r.period = $2)
             ORDER BY a.agreement_id""")
        .execute(Tuple.of(today, period.toString()))
        .compose(rows -> {
          List<Row> due = new ArrayList<>();
          rows.forEach(due::add);
          // One after the other: the job is background work and must not crowd out the channels' requests.
          Future<List<Outcome>> chain = Future.succeededFuture(new ArrayList<>());
          for (Row agreement : due) {
            chain = chain.compose(done -> runOne(agreement, period, today).map(outcome -> {
              done.add(outcome);
              return done;
            }));
          }
          return chain.compose(outcomes -> reminders.run(today).map(reminded -> new Report(period, due.size(),
              (int) outcomes.stream().filter(o -> o == Outcome.APPLIED).count(),
              (int) outcomes.stream().filter(o -> o == Outcome.REFUSED).count(), reminded)));
        });
  }

  private Future<Outcome> runOne(Row agreement, YearMonth period, LocalDate today) {
    String agreementId = agreement.getString("agreement_id");
    Withdrawals.Request request = Withdrawals.Request.agreed(agreement.getString("person_id"),
        agreement.getString("reason"), Money.of(agreement.getBigDecimal("monthly_amount")), agreement.getString("app_id"));
    return pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO withdrawal_agreement_run (agreement_id, period, outcome) VALUES ($1, $2, 'APPLIED')
                ON CONFLICT DO NOTHING RETURNING agreement_id""")
            .execute(Tuple.of(agreementId, period.toString()))
            .compose(claimed -> claimed.size() == 0 ? Future.succeededFuture(Outcome.SKIPPED)
                : withdrawals.apply(conn, request, today)
                    .compose(application -> conn.preparedQuery("""
                            UPDATE withdrawal_agreement_run SET application_id = $3 WHERE agreement_id = $1 AND period = $2""")
                        .execute(Tuple.of(agreementId, period.toString(), application.getString("applicationId")))
                        .compose(v -> audit.append(conn, new AuditEntry("agreed-withdrawal-job", "SYSTEM", request.appId(),
                            "applyAgreedWithdrawal", "withdrawal:" + application.getString("applicationId"), "OK",
                            "job:" + period, Map.of("agreementId", agreementId, "personId", request.personId(),
                                "amount", request.amount().toString())))))
                    .map(seq -> Outcome.APPLIED)))
        .recover(e -> e instanceof ProblemException refused
            // The application's transaction rolled back; the refusal is recorded on its own, once per month.
            ? pool.preparedQuery("""
                    INSERT INTO withdrawal_agreement_run (agreement_id, period, outcome) VALUES ($1, $2, $3)
                    ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(agreementId, period.toString(), refused.problem().code()))
                .map(v -> Outcome.REFUSED)
            : Future.failedFuture(e));
  }
}
