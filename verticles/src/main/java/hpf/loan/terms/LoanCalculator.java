package hpf.loan.terms;

import hpf.account.MemberStanding;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.PersonFacts;
import hpf.kit.BusinessTime;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * The loan calculator (贷款试算): for any signed app without a session, the ceiling of the inputs given and a preview
 * of the schedule; for a logged-in member, the ceiling from the member's own account and identity data. Both use the
 * policy in force today; nothing is written. The contract bounds every input, so the work of one call is bounded too.
 */
final class LoanCalculator {

  private final Kit kit;
  private final MemberStanding standing;
  private final PersonFacts persons;

  LoanCalculator(Kit kit, MemberStanding standing, PersonFacts persons) {
    this.kit = kit;
    this.standing = standing;
    this.persons = persons;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "calculateLoan", this::calculate,
        "getMyLoanCeiling", kit.auth().requireOwner(Caller.MEMBER, this::memberCeiling));
  }

  private void calculate(RoutingContext ctx) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    CeilingInputs in;
    BigDecimal requested;
    try {
      in = inputs(body);
      requested = money(body, "amount");
      if (requested != null && (requested.signum() <= 0 || requested.compareTo(Schedules.MAX_PRINCIPAL) > 0)) {
        throw new ProblemException(LoanTermsProblems.AMOUNT_INVALID);
      }
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    LocalDate today = BusinessTime.today(kit.clock());
    LoanPolicies.inForce(kit.pool(), today).onSuccess(policy -> {
      CeilingResult result = Ceilings.compute(in, policy);
      JsonObject answer = CeilingJson.of(today, in, result);
      // The preview: the amount asked for, else the ceiling; over the term and at the rate the ceiling used.
      BigDecimal preview = requested != null ? requested : result.amount();
      if (requested != null) {
        answer.put("withinCeiling", result.eligible() && requested.compareTo(result.amount()) <= 0);
      }
      if (preview.signum() > 0 && result.termMonths() >= 1 && result.annualRate() != null) {
        answer.put("schedule", CeilingJson.schedule(Schedules.of(preview, result.annualRate(), result.termMonths(),
            in.method(), today)));
      }
      ctx.json(answer);
    }).onFailure(ctx::fail);
  }

  private void memberCeiling(RoutingContext ctx, String personId) {
    Map<String, RequestParameter> query = Requests.validated(ctx).getQuery();
    LocalDate today = BusinessTime.today(kit.clock());
    standing.of(kit.pool(), personId).compose(account -> persons.of(kit.pool(), personId)
        .compose(person -> LoanPolicies.inForce(kit.pool(), today).map(policy -> {
          int age = person.ageOn(today);
          CeilingInputs.Party borrower = new CeilingInputs.Party(account.balance(), account.contributionBase(),
              wholeYuan(query, "monthlyIncome"), account.continuousMonths(), account.normal());
          // Loans outstanding elsewhere are known only from the national loan overview, which needs the member's
          // consent: the application checks them; the ceiling here counts none.
          CeilingInputs in = new CeilingInputs(wholeYuan(query, "price"), integer(query, "homeOrdinal", 1),
              bool(query, "sharedOwnership"), borrower, null, age, 0, integerOrNull(query, "termMonths"),
              RepaymentMethod.ofCode(text(query, "repaymentMethod", RepaymentMethod.EQUAL_INSTALLMENT.code())));
          return CeilingJson.of(today, in, Ceilings.compute(in, policy)).put("basis", new JsonObject()
              .put("accountNo", account.accountNo()).put("accountStatus", account.status())
              .put("balance", account.balance().toPlainString())
              .put("contributionBase", account.contributionBase().toPlainString())
              .put("continuousDepositMonths", account.continuousMonths()).put("age", age));
        })))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** The calculator's body as ceiling inputs; the contract has checked shapes and bounds. */
  static CeilingInputs inputs(JsonObject body) {
    JsonObject co = body.getJsonObject("coBorrower");
    return new CeilingInputs(money(body, "price"), body.getInteger("homeOrdinal"),
        body.getBoolean("sharedOwnership", false), party(body.getJsonObject("borrower")),
        co == null ? null : party(co), body.getInteger("age"), body.getInteger("outstandingLoans", 0),
        body.getInteger("termMonths"), RepaymentMethod.ofCode(body.getString("repaymentMethod",
        RepaymentMethod.EQUAL_INSTALLMENT.code())));
  }

  private static CeilingInputs.Party party(JsonObject json) {
    BigDecimal base = money(json, "contributionBase");
    BigDecimal income = money(json, "monthlyIncome");
    if (base == null && income == null) {
      throw new ProblemException(LoanTermsProblems.INCOME_MISSING);
    }
    return new CeilingInputs.Party(money(json, "balance"), base, income, json.getInteger("continuousDepositMonths", 0),
        true);
  }

  private static BigDecimal money(JsonObject json, String field) {
    String text = json.getString(field);
    return text == null ? null : new BigDecimal(text);
  }

  /** Whole yuan in the query: a decimal point would make the contract's parser read a number, never money. */
  private static BigDecimal wholeYuan(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query.get(name);
    return p == null || p.isNull() ? null : BigDecimal.valueOf(p.getLong()).setScale(2);
  }

  private static Integer integerOrNull(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query.get(name);
    return p == null || p.isNull() ? null : p.getInteger();
  }

  private static int integer(Map<String, RequestParameter> query, String name, int fallback) {
    Integer value = integerOrNull(query, name);
    return value == null ? fallback : value;
  }

  private static boolean bool(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query.get(name);
    return p != null && !p.isNull() && p.getBoolean();
  }

  private static String text(Map<String, RequestParameter> query, String name, String fallback) {
    RequestParameter p = query.get(name);
    return p == null || p.isNull() ? fallback : p.getString();
  }
}
