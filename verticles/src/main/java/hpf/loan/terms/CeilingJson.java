package hpf.loan.terms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** The calculator's answers as JSON: amounts as decimal strings in yuan, limits and reasons by their stable names. */
final class CeilingJson {

  private static final Map<String, String> TITLES = Map.ofEntries(
      Map.entry(CeilingResult.CENTER_CEILING, "中心最高贷款额度"),
      Map.entry(CeilingResult.LOAN_TO_VALUE, "房价 × 贷款成数"),
      Map.entry(CeilingResult.BALANCE_MULTIPLE, "账户余额 × 倍数"),
      Map.entry(CeilingResult.REPAYMENT_CAPACITY, "还款能力（首期月还款额不超过月收入的规定比例）"),
      Map.entry(CeilingResult.TERM_MAX, "最长贷款期限"),
      Map.entry(CeilingResult.AGE_TERM, "借款人年龄与贷款期限之和上限"),
      Map.entry(CeilingResult.REQUESTED_TERM, "申请的贷款期限"),
      Map.entry(CeilingResult.DEPOSIT_MONTHS_TOO_SHORT, "连续缴存月数不足"),
      Map.entry(CeilingResult.ACCOUNT_NOT_NORMAL, "个人账户不是正常缴存状态"),
      Map.entry(CeilingResult.OUTSTANDING_LOAN, "尚有未结清的住房公积金贷款"),
      Map.entry(CeilingResult.AGE_LIMIT_REACHED, "年龄已达贷款年龄上限"),
      Map.entry(CeilingResult.HOME_ORDINAL_NOT_ELIGIBLE, "第三套及以上住房不予贷款"));

  private CeilingJson() {}

  static JsonObject of(LocalDate businessDate, CeilingInputs in, CeilingResult r) {
    JsonArray reasons = new JsonArray();
    r.ineligible().forEach(code -> reasons.add(new JsonObject().put("code", code).put("title", TITLES.get(code))));
    JsonArray limits = new JsonArray();
    r.limits().forEach(l -> limits.add(new JsonObject().put("name", l.name()).put("title", TITLES.get(l.name()))
        .put("amount", yuan(l.amount()))));
    JsonArray termLimits = new JsonArray();
    r.termLimits().forEach(t -> termLimits.add(new JsonObject().put("name", t.name()).put("title", TITLES.get(t.name()))
        .put("months", t.months())));
    JsonObject json = new JsonObject()
        .put("businessDate", businessDate.toString())
        .put("eligible", r.eligible())
        .put("ineligibleReasons", reasons)
        .put("amount", yuan(r.amount()))
        .put("limits", limits)
        .put("termMonths", r.termMonths())
        .put("maxTermMonths", r.maxTermMonths())
        .put("bindingTermLimit", r.termBinding())
        .put("termLimits", termLimits)
        .put("repaymentMethod", in.method().code())
        .put("monthlyIncome", yuan(r.monthlyIncome()))
        .put("installmentCap", yuan(r.installmentCap()));
    if (r.binding() != null) {
      json.put("bindingLimit", r.binding());
    }
    if (r.annualRate() != null) {
      json.put("annualRate", r.annualRate().toPlainString());
    }
    return json;
  }

  static JsonObject schedule(Schedule s) {
    JsonArray rows = new JsonArray();
    s.installments().forEach(i -> rows.add(new JsonObject()
        .put("period", i.period())
        .put("due", i.due().toString())
        .put("principal", yuan(i.principal()))
        .put("interest", yuan(i.interest()))
        .put("payment", yuan(i.payment()))
        .put("outstandingAfter", yuan(i.outstandingAfter()))));
    return new JsonObject()
        .put("principal", yuan(s.principal()))
        .put("annualRate", s.annualRate().toPlainString())
        .put("months", s.months())
        .put("repaymentMethod", s.method().code())
        .put("disbursedOn", s.disbursedOn().toString())
        .put("firstPayment", yuan(s.first().payment()))
        .put("highestPayment", yuan(s.highestPayment()))
        .put("totalPrincipal", yuan(s.totalPrincipal()))
        .put("totalInterest", yuan(s.totalInterest()))
        .put("totalPayment", yuan(s.totalPayment()))
        .put("installments", rows);
  }

  private static String yuan(BigDecimal amount) {
    return amount.setScale(2).toPlainString();
  }
}
