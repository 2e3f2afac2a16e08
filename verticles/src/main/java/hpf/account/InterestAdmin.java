package hpf.account;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.BusinessTime;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.policy.Policies;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Operators run the annual interest settlement for a 6/30 that has passed; it is safe to run again (each account
 * settles once per date). Rate and day basis come from the policy in force on the settlement date; audited.
 */
public final class InterestAdmin {

  private static final Problem NOT_A_SETTLEMENT_DATE = new Problem(422, "NOT_A_SETTLEMENT_DATE", "结息日有误",
      "年终结息日为每年 6 月 30 日，且须已到来。");

  private final Pool pool;
  private final AuditLog audit;
  private final InterestSettlement settlement;
  private final Clock clock;

  public InterestAdmin(Pool pool, AuditLog audit, Clock clock) {
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
    this.settlement = new InterestSettlement(pool);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("runInterestSettlement", this::run);
  }

  private void run(RoutingContext ctx) {
    LocalDate date;
    try {
      date = LocalDate.parse(Requests.validated(ctx).getBody().getJsonObject().getString("settlementDate"));
    } catch (DateTimeParseException e) {
      ctx.fail(new ProblemException(NOT_A_SETTLEMENT_DATE));
      return;
    }
    if (date.getMonthValue() != 6 || date.getDayOfMonth() != 30 || date.isAfter(BusinessTime.today(clock))) {
      ctx.fail(new ProblemException(NOT_A_SETTLEMENT_DATE));
      return;
    }
    new Policies(pool).asOf(date)
        .compose(policy -> settlement.run(date, policy.decimal("interest.rate.annual"),
            Integer.parseInt(policy.text("interest.day_basis"))))
        .compose(report -> audit.append(new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin",
                "runInterestSettlement", "interest:" + date, "OK", Requests.requestId(ctx),
                Map.of("credited", String.valueOf(report.credited()), "total", report.total().toString())))
            .map(seq -> report))
        .onSuccess(report -> ctx.json(report.toJson(date)))
        .onFailure(ctx::fail);
  }
}
