package hpf.withdrawal;

import hpf.channel.Problem;

/** Business-rule refusals of withdrawals, one stable code and Chinese title each. */
final class WithdrawalProblems {

  static final Problem REASON_UNSUPPORTED = new Problem(422, "WITHDRAWAL_REASON_UNSUPPORTED", "暂不支持该提取原因",
      "该提取原因暂不能在线办理，请携带材料到柜台办理。");
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
