package hpf.account;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;

/**
 * 缓缴 (employer status 03): counter staff grant an employer in difficulty a deferral for a run of months with a
 * reason, bounded by the policy (at most {@code deferral.max_months}, ending with the fund year), and may end it
 * early; the employer is shown as 03 while a deferral covers the current month. The employer and service staff list
 * its deferrals. Writes are idempotent and audited.
 */
public final class DeferralOperations extends KitOperations {

  private final Policies policies;
  private final Employers employers;

  public DeferralOperations(Kit kit) {
    super(kit);
    this.employers = new Employers(kit.clock());
    this.policies = new Policies(pool);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "grantDeferral", auth.require(idempotency.write("grantDeferral", SessionAuth::callerKey, this::grant)),
        "endDeferral", auth.require(idempotency.write("endDeferral", SessionAuth::callerKey, this::end)),
        "listDeferrals", auth.requireOwner(Caller.EMPLOYER, this::list));
  }

  private Future<Idempotency.Answer> grant(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Future.failedFuture(new ProblemException(Profiles.forbidden()));
    }
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    JsonObject body = request.getBody().getJsonObject();
    YearMonth from = YearMonth.parse(body.getString("fromMonth"));
    YearMonth to = YearMonth.parse(body.getString("toMonth"));
    String reason = body.getString("reason");
    YearMonth current = BusinessTime.month(clock);
    Actor actor = Actor.of(ctx);
    return employers.lockForChange(conn, employerId)
        .compose(employer -> {
          Problem closed = Employers.refusalOfNewBusiness(employer);
          if (closed != null) {
            return Future.failedFuture(new ProblemException(closed));
          }
          return Future.all(policies.asOf(BusinessTime.today(clock)), Deferrals.lastListedMonth(conn, employerId))
              .compose(both -> {
                YearMonth first = DeferralRules.firstDeferrable(current, YearMonth.from(employer.openedOn()),
                    employer.paidThrough(), both.resultAt(1));
                Problem refused = DeferralRules.check(from, to, first, both.resultAt(0));
                return refused != null ? Future.failedFuture(new ProblemException(refused))
                    : Deferrals.grant(conn, employerId, from, to, reason, actor);
              })
              .compose(row -> {
                boolean coversNow = !current.isBefore(from) && !current.isAfter(to);
                return EmployerStatuses.event(conn, employerId, "DEFERRAL_GRANTED", employer.shownStatus(),
                        coversNow ? "03" : employer.shownStatus(), reason, row.getLong("deferral_id"), actor)
                    .compose(v -> answer(ctx, conn, "grantDeferral", employerId, 201, row, current));
              });
        });
  }

  private Future<Idempotency.Answer> end(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Future.failedFuture(new ProblemException(Profiles.forbidden()));
    }
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    long deferralId = request.getPathParameters().get("deferralId").getLong();
    String reason = request.getBody().getJsonObject().getString("reason");
    YearMonth current = BusinessTime.month(clock);
    Actor actor = Actor.of(ctx);
    return employers.lockForChange(conn, employerId)
        .compose(employer -> Deferrals.end(conn, employerId, deferralId, current, reason, actor)
            .compose(row -> EmployerStatuses.event(conn, employerId, "DEFERRAL_ENDED", employer.shownStatus(),
                    employer.status(), reason, deferralId, actor)
                .compose(v -> answer(ctx, conn, "endDeferral", employerId, 200, row, current))));
  }

  private Future<Idempotency.Answer> answer(RoutingContext ctx, SqlConnection conn, String operation, String employerId,
                                            int status, io.vertx.sqlclient.Row row, YearMonth current) {
    JsonObject deferral = Deferrals.toJson(row, current);
    return audit.append(conn, SessionAuth.audited(ctx, operation, "employer:" + employerId, Map.of(
            "deferralId", String.valueOf(deferral.getLong("deferralId")), "fromMonth", deferral.getString("fromMonth"),
            "toMonth", deferral.getString("toMonth"), "months", String.valueOf(deferral.getLong("months")))))
        .map(v -> new Idempotency.Answer(status, deferral));
  }

  private void list(RoutingContext ctx, String employerId) {
    employers.find(pool, employerId, false)
        .compose(employer -> Deferrals.list(pool, employerId, BusinessTime.month(clock)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
