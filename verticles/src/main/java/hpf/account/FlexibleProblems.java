package hpf.account;

import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.policy.Policies;

/**
 * Refusals of flexible employment deposits (灵活就业人员缴存), one stable code and Chinese title each, and the one rule
 * they share: a monthly amount lies within the bounds of the policy in force.
 */
final class FlexibleProblems {

  static final String MIN = "flexible.monthly_deposit.min";
  static final String MAX = "flexible.monthly_deposit.max";

  static final Problem AMOUNT_OUT_OF_RANGE = new Problem(422, "FLEXIBLE_AMOUNT_OUT_OF_RANGE", "超出灵活就业缴存额范围",
      "月缴存额须在政策规定的灵活就业人员月缴存额上下限之间。");
  static final Problem POLICY_MISSING = new Problem(422, "FLEXIBLE_POLICY_MISSING", "暂无灵活就业缴存政策",
      "该日期或月份没有生效的灵活就业人员月缴存额上下限，不能办理。");
  static final Problem ALREADY_SIGNED = new Problem(409, "FLEXIBLE_ALREADY_SIGNED", "已签订灵活就业缴存协议",
      "该人员已有未退出的灵活就业缴存协议，可变更月缴存额或暂停、恢复缴存。");
  static final Problem AGREEMENT_NOT_FOUND = new Problem(404, "FLEXIBLE_AGREEMENT_NOT_FOUND", "灵活就业缴存协议不存在",
      "未找到该人员的灵活就业缴存协议。");
  static final Problem AGREEMENT_PAUSED = new Problem(422, "FLEXIBLE_AGREEMENT_PAUSED", "协议已暂停",
      "灵活就业缴存协议已暂停，恢复缴存后才能办理。");
  static final Problem AGREEMENT_NOT_PAUSED = new Problem(422, "FLEXIBLE_AGREEMENT_NOT_PAUSED", "协议未暂停",
      "只有已暂停的灵活就业缴存协议才能恢复缴存。");
  static final Problem AGREEMENT_EXITED = new Problem(422, "FLEXIBLE_AGREEMENT_EXITED", "协议已退出",
      "灵活就业缴存协议已退出，个人账户已封存；继续缴存请重新签约。");
  static final Problem AMOUNT_UNCHANGED = new Problem(422, "FLEXIBLE_AMOUNT_UNCHANGED", "月缴存额未变化",
      "所申请的月缴存额与协议约定的相同。");
  static final Problem MONTH_INVALID = new Problem(422, "FLEXIBLE_MONTH_INVALID", "缴存月份有误",
      "缴存月份不能早于签约月份，也不能晚于本月。");
  static final Problem MONTH_PAID = new Problem(409, "FLEXIBLE_MONTH_PAID", "该月已缴存",
      "该账户该月份已经缴存（自愿缴存、单位汇缴或补缴），每月只缴存一次。");

  private FlexibleProblems() {}

  /** Null when the amount lies within the bounds in force; otherwise the refusal. */
  static Problem checkAmount(Money amount, Policies.AsOf policy) {
    if (!policy.values().containsKey(MIN) || !policy.values().containsKey(MAX)) {
      return POLICY_MISSING;
    }
    return amount.compareTo(Money.parse(policy.text(MIN))) < 0 || amount.compareTo(Money.parse(policy.text(MAX))) > 0
        ? AMOUNT_OUT_OF_RANGE : null;
  }
}
