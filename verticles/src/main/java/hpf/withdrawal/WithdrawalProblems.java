package hpf.withdrawal;

import hpf.kit.Problem;

/** Business-rule refusals of withdrawals, one stable code and Chinese title each. */
final class WithdrawalProblems {

  static final Problem REASON_UNSUPPORTED = new Problem(422, "WITHDRAWAL_REASON_UNSUPPORTED", "暂不支持该提取原因",
      "该提取原因暂不能办理，请咨询中心。");
  static final Problem COUNTER_ONLY = new Problem(403, "WITHDRAWAL_COUNTER_ONLY", "该提取须到柜台办理",
      "该提取原因须由继承人或受遗赠人携带材料到柜台办理。");
  static final Problem CLOSING_AMOUNT_GIVEN = new Problem(422, "CLOSING_AMOUNT_NOT_ALLOWED", "销户提取不需填写金额",
      "销户提取支付账户全部余额及结算至销户日的利息，请不要填写提取金额。");
  static final Problem DETAILS_REQUIRED = new Problem(422, "WITHDRAWAL_DETAILS_REQUIRED", "提取信息不完整",
      "购房提取须填写网签备案合同号和购房总价，偿还贷款提取须填写借款合同号，建造、翻建、大修提取须填写类别、"
          + "不动产权证书号和工程费用，重大疾病提取须填写患者与职工的关系和医疗费用。");
  static final Problem HEIR_INVALID = new Problem(422, "HEIR_INVALID", "继承人信息有误",
      "职工死亡提取须填写继承人姓名、有效的公民身份号码、开户银行和银行卡号；其他提取原因不填写继承人。");
  static final Problem PURCHASE_PRICE_EXCEEDED = new Problem(422, "PURCHASE_PRICE_EXCEEDED", "超出购房款",
      "本次提取金额加上该住房已提取的金额超出购房总价。");
  static final Problem BUILD_COST_EXCEEDED = new Problem(422, "BUILD_COST_EXCEEDED", "超出建造或大修费用",
      "本次提取金额加上该住房已提取的金额超出工程预算或大修预算的费用。");
  static final Problem EMPLOYMENT_NOT_ENDED = new Problem(422, "EMPLOYMENT_NOT_ENDED", "尚未终止劳动关系",
      "职工的个人账户仍在单位正常缴存，单位办理封存（终止劳动关系）后才能办理丧失劳动能力销户提取。");
  static final Problem NOT_FOREIGN_OR_HMT_RESIDENT = new Problem(422, "NOT_FOREIGN_OR_HMT_RESIDENT",
      "不是外籍人员或港澳台居民", "该提取原因仅适用于持外国人永久居留身份证或港澳台居民居住证缴存的职工。");
  static final Problem ILLNESS_EXPENSES_EXCEEDED = new Problem(422, "ILLNESS_EXPENSES_EXCEEDED", "超出医疗费用",
      "本次提取金额超出申报的个人负担医疗费用。");
  static final Problem ILLNESS_YEARLY_CAP_EXCEEDED = new Problem(422, "ILLNESS_YEARLY_CAP_EXCEEDED", "超出重大疾病年度限额",
      "本年度重大疾病提取金额合计（含本次）超出年度限额。");
  static final Problem LOAN_REPAYMENT_TOO_SOON = new Problem(422, "LOAN_REPAYMENT_TOO_SOON", "未到再次提取时间",
      "距上次偿还贷款提取未满规定的间隔月数。");
  static final Problem NOT_RETIREMENT_AGE = new Problem(422, "NOT_RETIREMENT_AGE", "未达到退休年龄",
      "按公民身份号码计算的年龄未达到退休提取的年龄要求。");
  static final Problem NOTHING_TO_WITHDRAW = new Problem(422, "NOTHING_TO_WITHDRAW", "账户无可提取余额",
      "该账户没有可提取的余额。");
  static final Problem CLOSING_WITH_OTHERS_IN_FLIGHT = new Problem(409, "CLOSING_WITH_OTHERS_IN_FLIGHT",
      "存在其他在途提取申请", "销户提取支付账户全部余额，请先办结或撤销该职工其他在途的提取申请。");
  static final Problem CLOSING_CREDITS_PENDING = new Problem(409, "CLOSING_CREDITS_PENDING", "存在未入账的缴存",
      "该账户还有已生成但未入账的汇缴或补缴清册，入账或撤销后才能销户。");
  static final Problem REVIEW_STAGE_CHANGED = new Problem(409, "REVIEW_STAGE_CHANGED", "审核环节已变化",
      "该申请已不在所选的审核环节（可能已由他人处理），请刷新后再审核。");
  static final Problem REVIEW_NOT_PENDING = new Problem(409, "REVIEW_NOT_PENDING", "该申请不在审核中",
      "该提取申请已审核完毕、已撤销或无需审核。");
  static final Problem REVIEW_SAME_STAFF = new Problem(409, "REVIEW_SAME_STAFF", "复审须由他人办理",
      "复审不能由初审人员本人办理。");
  static final Problem BANK_CARD_REQUIRED = new Problem(422, "BANK_CARD_REQUIRED", "未绑定银行卡",
      "提取资金只能转入本人名下受托银行的银行卡，请先绑定银行卡。");
  static final Problem IN_FLIGHT = new Problem(409, "WITHDRAWAL_IN_FLIGHT", "存在在途申请",
      "该职工有同一提取原因的申请正在办理中，办结或撤销后才能再次申请。");
  static final Problem LIMIT_EXCEEDED = new Problem(422, "WITHDRAWAL_LIMIT_EXCEEDED", "超出提取限额",
      "本次提取金额超出该提取原因的限额（含本月已提取金额）。");
  static final Problem CHANNEL_NOT_ALLOWED = new Problem(403, "WITHDRAWAL_CHANNEL_NOT_ALLOWED", "该渠道不能办理提取",
      "提取业务不能通过该渠道办理，请使用中心的网上大厅、手机 App、小程序、自助终端或柜台。");
  static final Problem CHANNEL_SINGLE_LIMIT = new Problem(422, "CHANNEL_SINGLE_LIMIT_EXCEEDED", "超出渠道单笔限额",
      "本次提取金额超出该渠道的单笔限额，请分次办理或到柜台办理。");
  static final Problem CHANNEL_DAILY_LIMIT = new Problem(422, "CHANNEL_DAILY_LIMIT_EXCEEDED", "超出渠道单日限额",
      "今日通过该渠道提取的金额合计超出单日限额，请次日再办理或到柜台办理。");
  static final Problem AMOUNT_INVALID = new Problem(422, "AMOUNT_INVALID", "金额有误", "提取金额应大于零。");
  static final Problem NOT_FOUND = new Problem(404, "WITHDRAWAL_NOT_FOUND", "提取申请不存在", "未找到该提取申请。");
  static final Problem NOT_CANCELLABLE = new Problem(409, "WITHDRAWAL_NOT_CANCELLABLE", "提取申请不能撤销",
      "该提取申请已撤销，或资金已交银行支付，不能撤销。");

  static final Problem AGREEMENT_EXISTS = new Problem(409, "AGREEMENT_EXISTS", "已有约定提取",
      "该职工已有同一提取原因的有效约定，请先终止原约定或为其续期。");
  static final Problem AGREEMENT_NOT_FOUND = new Problem(404, "AGREEMENT_NOT_FOUND", "约定提取不存在",
      "未找到该职工的这项有效约定。");

  private WithdrawalProblems() {}
}
