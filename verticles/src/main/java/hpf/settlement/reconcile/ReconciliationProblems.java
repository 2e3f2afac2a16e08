package hpf.settlement.reconcile;

import hpf.kit.Problem;

/** The reconciliation's refusals, in business language. */
final class ReconciliationProblems {

  static final Problem BANK_NOT_CONNECTED = new Problem(422, "RECONCILIATION_BANK_UNKNOWN", "该银行未接入对账",
      "该银行不是已接入结算的合作银行（或中心在该行没有专户），无法对账。");
  static final Problem DATE_INVALID = new Problem(422, "RECONCILIATION_DATE_INVALID", "对账日期有误",
      "对账日期不能晚于今天（北京时间）。");
  static final Problem NOT_FOUND = new Problem(404, "RECONCILIATION_NOT_FOUND", "对账报告不存在", "未找到该对账报告。");
  static final Problem DETAILS_UNAVAILABLE = new Problem(503, "BANK_DETAILS_UNAVAILABLE", "银行交易明细暂不可取得",
      "银行未返回完整的账户交易明细，本次未生成对账报告，请稍后再试。");

  private ReconciliationProblems() {}
}
