package hpf.loan;

import hpf.kit.Money;
import hpf.loan.terms.CeilingResult;
import java.util.Map;

/**
 * The ceiling an application was accepted under (hpf.loan.terms Ceilings): the largest loan allowed and the name of
 * the limit that bound it, with the names of the limits as applicants read them.
 */
final class LoanCeiling {

  /** The amount allowed and the binding limit's stable name. */
  record Found(Money amount, String bindingLimit) {}

  private static final Map<String, String> LABELS = Map.of(
      CeilingResult.CENTER_CEILING, "中心最高贷款额度",
      CeilingResult.LOAN_TO_VALUE, "房价乘以贷款成数",
      CeilingResult.BALANCE_MULTIPLE, "账户余额乘以倍数",
      CeilingResult.REPAYMENT_CAPACITY, "还款能力（月还款额不超过月收入的规定比例）",
      CeilingResult.TERM_MAX, "最长贷款期限",
      CeilingResult.AGE_TERM, "借款人年龄与贷款期限之和的上限");

  private LoanCeiling() {}

  static String label(String limit) {
    return LABELS.getOrDefault(limit, limit);
  }
}
