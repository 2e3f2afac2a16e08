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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/**
 * Public operations of employers and member accounts: counter staff open an employer (单位登记开户, verified against
 * the enterprise registry); the employer itself or counter staff add a member (增员, verified against the deposit
 * overview and pension data; a person with a sealed account gets it back: 启封) and remove one (减员); the member
 * and service staff see the member's account. Every write is idempotent and audited in its own transaction.
 */
public final class AccountOperations extends KitOperations {

  private final People people;
  private final Policies policies;
  private final EmployerRegistryCheck registry;
  private final MemberEligibilityCheck eligibility;
  private final Employers employers;
  private final MemberAccounts accounts;
  private final MemberChanges changes;

  public AccountOperations(Kit kit, People people, EmployerRegistryCheck registry, MemberEligibilityCheck eligibility) {
    super(kit);
    this.employers = new Employers(kit.clock());
    this.accounts = new MemberAccounts(new Ledger(), kit.clock());
    this.changes = new MemberChanges(kit.pool(), people, kit.audit(), kit.clock());
    this.people = people;
    this.policies = new Policies(pool);
    this.registry = registry;
    this.eligibility = eligibility;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "openEmployer", auth.require(idempotency.write("openEmployer", SessionAuth::callerKey, this::openEmployer)),
        "addMember", auth.require(idempotency.write("addMember", SessionAuth::callerKey, this::addMember)),
        "removeMember", auth.require(idempotency.write("removeMember", SessionAuth::callerKey, this::removeMember)),
        "getMemberAccount", auth.requireOwner(Caller.MEMBER, this::memberAccount),
        "listMemberAccountEntries", auth.requireOwner(Caller.MEMBER, this::memberEntries),
        "getAnnualStatement", auth.requireOwner(Caller.MEMBER, this::annualStatement));
  }

  private Future<Idempotency.Answer> openEmployer(RoutingContext ctx, SqlConnection conn) {
    Caller caller = SessionAuth.caller(ctx);
    if (!Profiles.isCounterStaff(caller)) {
      return Future.failedFuture(new ProblemException(Profiles.forbidden()));
    }
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String creditCode = body.getString("creditCode").toUpperCase(Locale.ROOT);
    if (!Identifiers.isCreditCode(creditCode)) {
      return Future.failedFuture(new ProblemException(AccountProblems.CREDIT_CODE_INVALID));
    }
    BigDecimal employerRatio = new BigDecimal(body.getString("employerRatio"));
    BigDecimal memberRatio = new BigDecimal(body.getString("memberRatio"));
    LocalDate today = BusinessTime.today(clock);
    return policies.asOf(today)
        .compose(policy -> {
          Problem refused = ContributionRules.checkRatios(employerRatio, memberRatio, policy);
          return refused != null ? Future.failedFuture(new ProblemException(refused))
              : Verifications.await(() -> registry.verify(creditCode, body.getString("name")));
        })
        .compose(verification -> employers.open(conn, creditCode, body.getString("name"), employerRatio, memberRatio, today)
            .compose(employer -> Verifications.record(conn, "employer:" + employer.employerId(),
                EmployerRegistryCheck.NAME, verification).map(employer))
            .compose(employer -> record(conn, ctx, "openEmployer", "employer:" + employer.employerId(),
                    Map.of("verification", verification.outcome()))
                .map(v -> new Idempotency.Answer(201, employer.toJson()))));
  }

  private Future<Idempotency.Answer> addMember(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    Caller caller = SessionAuth.caller(ctx);
    // The employer itself, or counter staff: reviewers and auditors read, they do not add members.
    Problem refused = Profiles.writeRefusal(caller, Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    String idNumber = Identifiers.normalizeIdNumber(body.getString("idNumber"));
    if (!Identifiers.isIdNumber(idNumber)) {
      return Future.failedFuture(new ProblemException(AccountProblems.ID_NUMBER_INVALID));
    }
    if (!Identifiers.isMobile(body.getString("phone"))) {
      return Future.failedFuture(new ProblemException(AccountProblems.PHONE_INVALID));
    }
    MemberChanges.NewMember member = new MemberChanges.NewMember(body.getString("name"), idNumber,
        body.getString("phone"), Money.parse(body.getString("monthlyWage")));
    return changes.terms(conn, employerId, member.monthlyWage())
        .compose(monthly -> Verifications.await(() -> eligibility.verify(idNumber, member.name()))
            .compose(verification -> changes.add(conn, employerId, member, monthly, verification, Actor.of(ctx),
                Map.of()))
            .map(added -> new Idempotency.Answer(201, added.account())));
  }

  /** 减员: the employer itself or counter staff seal one of the employer's normal accounts. */
  private Future<Idempotency.Answer> removeMember(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    String accountNo = request.getPathParameters().get("accountNo").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    return changes.remove(conn, employerId, accountNo, Actor.of(ctx), Map.of())
        .map(account -> new Idempotency.Answer(200, account));
  }

  private void memberAccount(RoutingContext ctx, String personId) {
    accounts.ofPerson(pool, personId).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void memberEntries(RoutingContext ctx, String personId) {
    var request = Requests.validated(ctx);
    var query = request.getQuery();
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 20 : query.get("size").getInteger();
    accounts.entries(pool, personId, page, size).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void annualStatement(RoutingContext ctx, String personId) {
    var request = Requests.validated(ctx);
    int year = request.getPathParameters().get("year").getInteger();
    LocalDate today = BusinessTime.today(clock);
    // The interest year ending this 6/30 is shown as it stands so far; a later one has not begun.
    if (year > (today.getMonthValue() >= 7 ? today.getYear() + 1 : today.getYear())) {
      ctx.fail(new ProblemException(AccountProblems.STATEMENT_YEAR_NOT_BEGUN));
      return;
    }
    accounts.annualStatement(pool, personId, year).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, String target,
                              Map<String, String> details) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, target, details)).mapEmpty();
  }
}
