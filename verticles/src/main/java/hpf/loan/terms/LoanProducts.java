package hpf.loan.terms;

import hpf.identity.Kit;
import hpf.kit.BusinessTime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * The loan products as a channel shows them (贷款产品): a first home, a second home and, where the policy enables
 * it, a first shared-ownership home (共有产权住房), each with today's rates by term band, the ceilings, the loan to
 * value and the repayment methods; and the rules every product shares. All of it is the policy in force today, so
 * a rate change reaches every channel on its effective date without a release.
 */
final class LoanProducts {

  /** JGJ/T 320 A.10: provident fund housing loans are secured by a mortgage of the home. */
  static final String GUARANTEE_MORTGAGE = "01";

  private final Kit kit;

  LoanProducts(Kit kit) {
    this.kit = kit;
  }

  void list(RoutingContext ctx) {
    LocalDate today = BusinessTime.today(kit.clock());
    LoanPolicies.inForce(kit.pool(), today).onSuccess(p -> ctx.json(of(p))).onFailure(ctx::fail);
  }

  static JsonObject of(LoanPolicy p) {
    JsonArray products = new JsonArray()
        .add(product(p, "FIRST_HOME", "首套住房公积金个人住房贷款", 1, p.ceiling().person(), p.ceiling().family()));
    products.add(product(p, "SECOND_HOME", "第二套住房公积金个人住房贷款", 2, p.ceiling().person(), p.ceiling().family()));
    if (p.ceiling().sharedOwnershipFloat()) {
      LoanPolicy.Ceiling c = p.ceiling();
      products.add(product(p, "SHARED_OWNERSHIP_FIRST_HOME", "共有产权住房首套住房公积金个人住房贷款", 1,
          floated(c.person(), c), floated(c.family(), c))
          .put("ceilingFloat", yuan(c.sharedFloat())).put("ceilingCap", yuan(c.sharedCap())));
    }
    return new JsonObject().put("asOf", p.date().toString()).put("products", products)
        .put("rules", new JsonObject()
            .put("maxTermMonths", p.maxTermMonths())
            .put("maxAgeAtTermEnd", p.maxAgeAtTermEnd())
            .put("minContinuousDepositMonths", p.minDepositMonths())
            .put("balanceMultiple", p.balanceMultiple().stripTrailingZeros().toPlainString())
            .put("maxInstallmentShareOfIncome", p.incomeShare().stripTrailingZeros().toPlainString())
            .put("maxOutstandingLoans", p.maxOutstandingLoans()));
  }

  private static JsonObject product(LoanPolicy p, String code, String name, int homeOrdinal, BigDecimal person,
                                    BigDecimal family) {
    return new JsonObject().put("code", code).put("name", name).put("homeOrdinal", homeOrdinal)
        .put("guaranteeType", GUARANTEE_MORTGAGE)
        .put("repaymentMethods", new JsonArray().add(RepaymentMethod.EQUAL_INSTALLMENT.code())
            .add(RepaymentMethod.EQUAL_PRINCIPAL.code()))
        .put("rates", new JsonArray()
            .add(new JsonObject().put("maxTermMonths", p.shortBandMonths())
                .put("annualRate", rate(p.rate(p.shortBandMonths(), homeOrdinal))))
            .add(new JsonObject().put("maxTermMonths", p.maxTermMonths())
                .put("annualRate", rate(p.rate(p.shortBandMonths() + 1, homeOrdinal)))))
        .put("ceilingPerson", yuan(person)).put("ceilingFamily", yuan(family))
        .put("maxLoanToValue", p.loanToValue(homeOrdinal).stripTrailingZeros().toPlainString());
  }

  /** As the ceiling computes it: the float up to the cap, never below the ordinary ceiling. */
  private static BigDecimal floated(BigDecimal ceiling, LoanPolicy.Ceiling c) {
    return ceiling.max(ceiling.add(c.sharedFloat()).min(c.sharedCap()));
  }

  private static String rate(BigDecimal annual) {
    return annual.stripTrailingZeros().toPlainString();
  }

  private static String yuan(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
