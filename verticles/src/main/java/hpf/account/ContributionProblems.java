package hpf.account;

import hpf.kit.Problem;

/**
 * Business-rule refusals of contributions beyond the monthly list (补缴, 多缴退款, 暂收款), one stable code and
 * Chinese title each.
 */
final class ContributionProblems {

  static final Problem AMOUNT_INVALID = new Problem(422, "AMOUNT_INVALID", "金额有误", "金额应大于零。");

  static final Problem SUPPLEMENT_NOT_FOUND = new Problem(404, "SUPPLEMENT_NOT_FOUND", "补缴清册不存在",
      "未找到该单位的这份补缴清册。");
  static final Problem SUPPLEMENT_MONTH_NOT_PAST = new Problem(422, "SUPPLEMENT_MONTH_NOT_PAST", "补缴月份须早于应汇缴月份",
      "补缴只用于单位应汇缴月份之前未缴存的月份；应汇缴月份及以后通过汇缴清册按月缴存。");
  static final Problem SUPPLEMENT_MONTH_NO_POLICY = new Problem(422, "SUPPLEMENT_MONTH_NO_POLICY", "补缴月份无缴存政策",
      "该月份没有在本中心生效的缴存基数上下限等政策参数，不能计算补缴金额。");
  static final Problem SUPPLEMENT_MONTH_PAID = new Problem(409, "SUPPLEMENT_MONTH_PAID", "补缴月份已缴存",
      "该职工该月份已经缴存（汇缴或补缴），或已列入尚未入账的补缴清册，不能重复补缴。");
  static final Problem SUPPLEMENT_ALREADY_PAID = new Problem(409, "SUPPLEMENT_ALREADY_PAID", "补缴清册已入账",
      "该补缴清册已入账，不能再次入账或撤销。");
  static final Problem SUPPLEMENT_CANCELLED = new Problem(409, "SUPPLEMENT_CANCELLED", "补缴清册已撤销",
      "该补缴清册已撤销，不能入账；如需补缴请重新生成清册。");

  static final Problem REFUND_MONTH_NOT_PAID = new Problem(422, "REFUND_MONTH_NOT_PAID", "该月份未缴存",
      "该职工该月份没有已入账的汇缴或补缴，无可退款项。");
  static final Problem REFUND_EXCEEDS_PAID = new Problem(422, "REFUND_EXCEEDS_PAID", "退款金额超出已缴金额",
      "退款金额（含该职工该月份已退金额）不能超过该月份已缴存的金额。");
  static final Problem PAYEE_ACCOUNT_INVALID = new Problem(422, "PAYEE_ACCOUNT_INVALID", "银行账号有误",
      "银行账号应为 6–32 位数字，请核对。");

  static final Problem SUSPENSE_NOT_FOUND = new Problem(404, "SUSPENSE_NOT_FOUND", "暂收款不存在", "未找到该笔暂收款。");
  static final Problem SUSPENSE_REFERENCE_EXISTS = new Problem(409, "SUSPENSE_REFERENCE_EXISTS", "该笔到账已登记",
      "该银行流水号的到账已登记为暂收款，不能重复登记。");
  static final Problem SUSPENSE_VALUE_DATE_FUTURE = new Problem(422, "SUSPENSE_VALUE_DATE_FUTURE", "到账日期有误",
      "到账日期不能晚于今天。");
  static final Problem SUSPENSE_ALREADY_CLAIMED = new Problem(409, "SUSPENSE_ALREADY_CLAIMED", "暂收款已认领",
      "该笔暂收款已认领入账，不能再次认领或退回。");
  static final Problem SUSPENSE_ALREADY_REFUNDED = new Problem(409, "SUSPENSE_ALREADY_REFUNDED", "暂收款已退回",
      "该笔暂收款已退回付款人，不能再认领或退回。");
  static final Problem SUSPENSE_AMOUNT_MISMATCH = new Problem(422, "SUSPENSE_AMOUNT_MISMATCH", "暂收款金额与清册不符",
      "暂收款只能认领到金额相同的汇缴或补缴清册。");

  private ContributionProblems() {}
}
