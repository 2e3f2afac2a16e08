package hpf.settlement.inbound;

import hpf.kit.Problem;

/** The bank listener's refusals of a notice: nothing is recorded and nothing moves. */
final class NoticeProblems {

  private NoticeProblems() {}

  static final Problem NOTICE_ID_CONFLICT = new Problem(409, "NOTICE_ID_CONFLICT", "通知编号重复",
      "该通知编号已用于内容不同的通知；同一通知重发时内容须完全一致，新的通知请使用新的编号。");
  static final Problem ACCOUNT_NOT_CENTER = new Problem(422, "NOTICE_ACCOUNT_UNKNOWN", "入账账户不是中心专户",
      "通知的账户不是中心在贵行开立的住房公积金专户，请核对账号。");
}
