package hpf.loan;

import hpf.kit.Problem;

/** The problems of loan contracts and their disbursement, with stable codes and business-language text. */
final class LoanContractProblems {

  static final Problem NOT_APPROVED = new Problem(409, "LOAN_APPLICATION_NOT_APPROVED", "贷款申请尚未审批通过",
      "只有审批通过且尚未签订合同的贷款申请才能签订借款合同。");
  static final Problem CONTRACT_NOT_FOUND = new Problem(404, "LOAN_CONTRACT_NOT_FOUND", "借款合同不存在",
      "未找到该借款合同。");
  static final Problem PAYEE_INVALID = new Problem(422, "LOAN_PAYEE_INVALID", "收款账户有误",
      "售房人（开发企业）收款账户须写明开户银行代码（3 位数字）、户名（1 至 60 个字）和 6 至 32 位数字的账号。");
  static final Problem NOT_SIGNED = new Problem(409, "LOAN_CONTRACT_NOT_SIGNED", "借款合同不在待登记状态",
      "只有已签订、尚未完成抵押权预告登记核验的合同才能核验预告登记。");
  static final Problem PRE_REGISTRATION_MISSING = new Problem(422, "LOAN_PRE_REGISTRATION_MISSING",
      "未查到抵押权预告登记", "不动产登记机构尚无以本中心为抵押权人、与该购房合同对应的抵押权预告登记，登记完成后再核验。");
  static final Problem REGISTRY_UNAVAILABLE = new Problem(503, "LOAN_REGISTRY_UNAVAILABLE", "不动产登记查询暂不可用",
      "不动产登记信息暂时无法查询，请稍后再试；未核验预告登记前不会放款。");
  static final Problem NOT_READY_FOR_DISBURSEMENT = new Problem(409, "LOAN_NOT_READY_FOR_DISBURSEMENT",
      "借款合同不能放款", "只有已完成抵押权预告登记核验、尚未放款（或放款失败）的合同才能申请放款。");

  private LoanContractProblems() {}
}
