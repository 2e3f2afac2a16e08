package hpf.account;

import hpf.kit.Problem;

/** Business-rule refusals of the account room, one stable code and Chinese title each. */
public final class AccountProblems {

  public static final Problem CREDIT_CODE_INVALID = new Problem(422, "CREDIT_CODE_INVALID", "统一社会信用代码有误",
      "统一社会信用代码应为 18 位且校验码正确（GB 32100），请核对。");
  public static final Problem EMPLOYER_ALREADY_OPEN = new Problem(409, "EMPLOYER_ALREADY_OPEN", "单位已开户",
      "该统一社会信用代码的单位已在本中心开户。");
  public static final Problem EMPLOYER_NOT_FOUND = new Problem(404, "EMPLOYER_NOT_FOUND", "单位不存在", "未找到该单位。");
  public static final Problem EMPLOYER_NOT_NORMAL = new Problem(422, "EMPLOYER_NOT_NORMAL", "单位账户状态不允许办理",
      "单位账户状态不允许办理该业务。");
  public static final Problem ID_NUMBER_INVALID = new Problem(422, "ID_NUMBER_INVALID", "身份证号码有误",
      "居民身份证号码应为 18 位且校验码正确（GB 11643），请核对。");
  public static final Problem PHONE_INVALID = new Problem(422, "PHONE_INVALID", "手机号码有误", "请填写 11 位中国大陆手机号码。");
  public static final Problem MEMBER_ALREADY_ACTIVE = new Problem(409, "MEMBER_ALREADY_ACTIVE", "职工已有正常缴存账户",
      "该职工在本中心已有正常状态的个人账户，需先由原单位办理减员（封存）。");
  public static final Problem MEMBER_NOT_NORMAL = new Problem(422, "MEMBER_NOT_NORMAL", "个人账户非正常状态",
      "该个人账户已封存、冻结或销户，不能办理该业务。");
  public static final Problem ACCOUNT_NOT_FOUND = new Problem(404, "ACCOUNT_NOT_FOUND", "个人账户不存在", "未找到该职工的个人账户。");

  public static final Problem STATEMENT_YEAR_NOT_BEGUN = new Problem(422, "STATEMENT_YEAR_NOT_BEGUN",
      "该年度尚未开始", "年度对账单按结息年度（上年 7 月 1 日至当年 6 月 30 日）出具，所选年度尚未开始。");

  private AccountProblems() {}
}
