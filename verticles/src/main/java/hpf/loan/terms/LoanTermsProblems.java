package hpf.loan.terms;

import hpf.kit.Problem;

/** Refusals of the loan calculator's inputs, one stable code and Chinese title each. */
final class LoanTermsProblems {

  static final Problem INCOME_MISSING = new Problem(422, "LOAN_INCOME_MISSING", "缺少收入信息",
      "请填写借款人（及共同借款人）的月收入或住房公积金缴存基数，还款能力按其计算。");
  static final Problem AMOUNT_INVALID = new Problem(422, "LOAN_AMOUNT_INVALID", "贷款金额有误",
      "试算的贷款金额须大于 0 且不超过 99,999,999.99 元。");

  private LoanTermsProblems() {}
}
