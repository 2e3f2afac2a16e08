package hpf.account;

import hpf.identity.Caller;
import hpf.identity.Identifiers;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.People;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.ledger.Ledger;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Public operations of flexible employment depositors (灵活就业人员缴存): counter staff register a person (开户签约:
 * found or registered, verified like a member addition, an account of depositor type FLEXIBLE opened or a sealed one
 * reused, the agreement signed) and record deposits received; the member itself (any channel) or counter staff change
 * the monthly amount, pause, resume and exit; the member and service staff read the agreement with its history and
 * the deposits. Every write is idempotent and audited in its own transaction.
 */
public final class FlexibleOperations extends KitOperations {

  private final People people;
  private final MemberEligibilityCheck eligibility;
  private final Policies policies;
  private final MemberAccounts accounts;
  private final FlexibleAgreements agreements = new FlexibleAgreements();
  private final FlexibleDeposits deposits = new FlexibleDeposits();

  public FlexibleOperations(Kit kit, People people, MemberEligibilityCheck eligibility) {
    super(kit);
    this.accounts = new MemberAccounts(new Ledger(), kit.clock());
    this.people = people;
    this.eligibility = eligibility;
    this.policies = new Policies(pool);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "registerFlexibleDepositor", write("registerFlexibleDepositor", this::register),
        "getFlexibleAgreement", auth.requireOwner(Caller.MEMBER, this::agreement),
        "changeFlexibleDepositAmount", write("changeFlexibleDepositAmount", this::changeAmount),
        "pauseFlexibleAgreement", write("pauseFlexibleAgreement", (ctx, conn) -> change(ctx, conn, "pauseFlexibleAgreement")),
        "resumeFlexibleAgreement", write("resumeFlexibleAgreement", (ctx, conn) -> change(ctx, conn, "resumeFlexibleAgreement")),
        "exitFlexibleAgreement", write("exitFlexibleAgreement", (ctx, conn) -> change(ctx, conn, "exitFlexibleAgreement")),
        "recordFlexibleDeposit", write("recordFlexibleDeposit", this::deposit),
        "listFlexibleDeposits", auth.requireOwner(Caller.MEMBER, this::depositList));
  }

  private Handler<RoutingContext> write(String operation,
                                        BiFunction<RoutingContext, SqlConnection, Future<Idempotency.Answer>> work) {
    return auth.require(idempotency.write(operation, SessionAuth::callerKey, work));
  }

  /** 开户签约, counter staff only: checks first, then the person, the account and the agreement in one transaction. */
  private Future<Idempotency.Answer> register(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return refuse(Profiles.forbidden());
    }
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String name = body.getString("name");
    String idNumber = Identifiers.normalizeIdNumber(body.getString("idNumber"));
    if (!Identifiers.isIdNumber(idNumber)) {
      return refuse(AccountProblems.ID_NUMBER_INVALID);
    }
    if (!Identifiers.isMobile(body.getString("phone"))) {
      return refuse(AccountProblems.PHONE_INVALID);
    }
    Money amount = Money.parse(body.getString("monthlyAmount"));
    LocalDate today = BusinessTime.today(clock);
    Actor actor = Actor.of(ctx);
    return policies.asOf(today)
        .compose(policy -> {
          Problem refused = FlexibleProblems.checkAmount(amount, policy);
          return refused != null ? refuse(refused) : Verifications.await(() -> eligibility.verify(idNumber, name));
        })
        .compose(verification -> people.ensure(conn, name, idNumber, body.getString("phone"))
            .compose(personId -> agreements.lockLatest(conn, personId).compose(latest ->
                latest != null && !FlexibleAgreements.EXITED.equals(latest.getString("status"))
                    ? refuse(FlexibleProblems.ALREADY_SIGNED)
                    // Both shares are the person's own: the chosen amount is the whole monthly deposit (and its base).
                    : accounts.openOrUnseal(conn, personId, null, new ContributionRules.Monthly(amount, Money.ZERO, amount),
                        today, actor)))
            .compose(added -> {
              JsonObject account = added.account();
              String accountNo = account.getString("accountNo");
              String target = "member_account:" + accountNo;
              return agreements.sign(conn, account.getString("personId"), accountNo, amount, today, actor)
                  .compose(agreement -> Verifications.record(conn, target, MemberEligibilityCheck.NAME, verification)
                      .compose(v -> record(conn, ctx, "registerFlexibleDepositor", target, Map.of(
                          "agreementId", agreement.getString("agreementId"), "monthlyAmount", amount.toString(),
                          "unsealed", String.valueOf(added.unsealed()), "verification", verification.outcome())))
                      .map(v -> new Idempotency.Answer(201, new JsonObject().put("personId", account.getString("personId"))
                          .put("unsealed", added.unsealed()).put("account", account).put("agreement", agreement))));
            }));
  }

  private void agreement(RoutingContext ctx, String personId) {
    agreements.latest(pool, personId).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** A new monthly amount within the policy in force today, by the member itself or counter staff. */
  private Future<Idempotency.Answer> changeAmount(RoutingContext ctx, SqlConnection conn) {
    String personId = personId(ctx);
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return refuse(refused);
    }
    Money amount = Money.parse(Requests.validated(ctx).getBody().getJsonObject().getString("monthlyAmount"));
    return policies.asOf(BusinessTime.today(clock))
        .compose(policy -> {
          Problem outOfRange = FlexibleProblems.checkAmount(amount, policy);
          return outOfRange != null ? refuse(outOfRange) : agreements.lockOpen(conn, personId);
        })
        .compose(agreement -> agreements.changeAmount(conn, agreement, amount, Actor.of(ctx)))
        .compose(agreement -> audited(conn, ctx, "changeFlexibleDepositAmount", agreement));
  }

  /** 暂停, 恢复 or 退出, by the member itself or counter staff, with an optional reason. */
  private Future<Idempotency.Answer> change(RoutingContext ctx, SqlConnection conn, String operation) {
    String personId = personId(ctx);
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return refuse(refused);
    }
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String reason = body == null ? "" : body.getString("reason", "");
    Actor actor = Actor.of(ctx);
    return agreements.lockOpen(conn, personId)
        .compose(agreement -> switch (operation) {
          case "pauseFlexibleAgreement" -> agreements.pause(conn, agreement, reason, actor);
          case "resumeFlexibleAgreement" -> agreements.resume(conn, agreement, reason, actor);
          default -> agreements.exit(conn, agreement, reason, BusinessTime.today(clock), actor);
        })
        .compose(agreement -> audited(conn, ctx, operation, agreement));
  }

  /** 自愿缴存 received at the counter (the stand-in for the bank's collection), counter staff only. */
  private Future<Idempotency.Answer> deposit(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return refuse(Profiles.forbidden());
    }
    String personId = personId(ctx);
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    YearMonth month = YearMonth.parse(body.getString("month"));
    Money amount = Money.parse(body.getString("amount"));
    return agreements.lockOpen(conn, personId)
        .compose(agreement -> deposits.record(conn, agreement, month, amount, BusinessTime.today(clock),
            Actor.of(ctx)))
        .compose(deposit -> record(conn, ctx, "recordFlexibleDeposit", "flexible_deposit:" + deposit.getString("depositId"),
                Map.of("personId", personId, "accountNo", deposit.getString("accountNo"), "month", month.toString(),
                    "amount", deposit.getString("amount")))
            .map(v -> new Idempotency.Answer(201, deposit)));
  }

  private void depositList(RoutingContext ctx, String personId) {
    var query = Requests.validated(ctx).getQuery();
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 20 : query.get("size").getInteger();
    deposits.list(pool, personId, page, size).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> audited(SqlConnection conn, RoutingContext ctx, String operation, JsonObject agreement) {
    return record(conn, ctx, operation, "flexible_agreement:" + agreement.getString("agreementId"), Map.of(
            "personId", agreement.getString("personId"), "status", agreement.getString("status"),
            "monthlyAmount", agreement.getString("monthlyAmount")))
        .map(v -> new Idempotency.Answer(200, agreement));
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, String target,
                              Map<String, String> details) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, target, details)).mapEmpty();
  }

  private static String personId(RoutingContext ctx) {
    return Requests.validated(ctx).getPathParameters().get("personId").getString();
  }

  private static <T> Future<T> refuse(Problem problem) {
    return Future.failedFuture(new ProblemException(problem));
  }
}
