package hpf.account;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * 比例调整 and 基数调整: the employer itself or counter staff change the employer's ratios within the policy's
 * limits for the rest of the fund year, or submit its members' new bases for the current fund year; the monthly
 * shares are recomputed in the same transaction and the history kept. A sealed or closed employer changes nothing.
 * Writes are idempotent and audited; the employer and service staff read the history.
 */
public final class ContributionChangeOperations extends KitOperations {

  private final Policies policies;
  private final Employers employers;
  private final ContributionChanges changes = new ContributionChanges();

  public ContributionChangeOperations(Kit kit) {
    super(kit);
    this.employers = new Employers(kit.clock());
    this.policies = new Policies(pool);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "changeContributionRatio", auth.require(idempotency.write("changeContributionRatio", SessionAuth::callerKey,
            this::changeRatio)),
        "listRatioChanges", auth.requireOwner(Caller.EMPLOYER, (ctx, employerId) -> read(ctx, employerId,
            () -> ContributionChanges.ratioHistory(pool, employerId))),
        "adjustContributionBases", auth.require(idempotency.write("adjustContributionBases", SessionAuth::callerKey,
            this::adjustBases)),
        "listBaseAdjustments", auth.requireOwner(Caller.EMPLOYER, this::baseHistory));
  }

  private Future<Idempotency.Answer> changeRatio(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    BigDecimal employerRatio = new BigDecimal(body.getString("employerRatio"));
    BigDecimal memberRatio = new BigDecimal(body.getString("memberRatio"));
    String reason = body.getString("reason");
    return open(conn, employerId).compose(employer -> policies.asOf(BusinessTime.today(clock))
        .compose(policy -> {
          Problem outOfRange = ContributionRules.checkRatios(employerRatio, memberRatio, policy);
          if (outOfRange != null) {
            return Future.failedFuture(new ProblemException(outOfRange));
          }
          if (employerRatio.compareTo(employer.employerRatio()) == 0 && memberRatio.compareTo(employer.memberRatio()) == 0) {
            return Future.failedFuture(new ProblemException(LifecycleProblems.RATIO_UNCHANGED));
          }
          return changes.changeRatios(conn, employer, employerRatio, memberRatio, reason, policy, Actor.of(ctx));
        })
        .compose(change -> audit.append(conn, SessionAuth.audited(ctx, "changeContributionRatio", "employer:" + employerId,
                Map.of("employerRatio", change.getString("employerRatio"), "memberRatio", change.getString("memberRatio"),
                    "members", String.valueOf(change.getInteger("memberCount")))))
            .map(v -> new Idempotency.Answer(200, change))));
  }

  private Future<Idempotency.Answer> adjustBases(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    LocalDate today = BusinessTime.today(clock);
    FundYear year = new FundYear(body.getInteger("fundYear"));
    // The base is set once a year for the fund year under way; earlier years are closed, later ones not begun.
    if (!year.equals(FundYear.containing(today))) {
      return Future.failedFuture(new ProblemException(LifecycleProblems.BASE_ADJUSTMENT_YEAR_INVALID));
    }
    List<ContributionChanges.Declared> declared = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    JsonArray members = body.getJsonArray("members");
    for (int i = 0; i < members.size(); i++) {
      JsonObject member = members.getJsonObject(i);
      if (!seen.add(member.getString("accountNo"))) {
        return Future.failedFuture(new ProblemException(Problem.validation("members：同一个人账户只能出现一次。",
            new JsonArray().add(new JsonObject().put("field", "members/" + i + "/accountNo").put("in", "body")
                .put("reason", "重复")))));
      }
      declared.add(new ContributionChanges.Declared(member.getString("accountNo"), Money.parse(member.getString("monthlyWage"))));
    }
    return open(conn, employerId)
        .compose(employer -> policies.asOf(today)
            .compose(policy -> changes.adjustBases(conn, employer, year, declared, policy, Actor.of(ctx))))
        .compose(adjustment -> audit.append(conn, SessionAuth.audited(ctx, "adjustContributionBases",
                "employer:" + employerId, Map.of("fundYear", String.valueOf(year.startYear()),
                    "members", String.valueOf(declared.size()))))
            .map(v -> new Idempotency.Answer(200, adjustment)));
  }

  /** The employer locked for the change, refused when sealed or closed. */
  private Future<Employers.Employer> open(SqlConnection conn, String employerId) {
    return employers.lockForChange(conn, employerId).compose(employer -> {
      Problem closed = Employers.refusalOfNewBusiness(employer);
      return closed != null ? Future.failedFuture(new ProblemException(closed)) : Future.succeededFuture(employer);
    });
  }

  private void baseHistory(RoutingContext ctx, String employerId) {
    var query = Requests.validated(ctx).getQuery();
    int fundYear = query.get("fundYear").getInteger();
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 20 : query.get("size").getInteger();
    read(ctx, employerId, () -> ContributionChanges.baseHistory(pool, employerId, fundYear, page, size));
  }

  /** Answers a history of an employer that exists (404 otherwise). */
  private void read(RoutingContext ctx, String employerId, Supplier<Future<JsonObject>> history) {
    employers.find(pool, employerId, false)
        .compose(employer -> history.get())
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
