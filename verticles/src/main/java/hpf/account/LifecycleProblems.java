package hpf.account;

import hpf.kit.Problem;

/** Refusals of the employer and member life cycle, one stable code and Chinese title each. */
public final class LifecycleProblems {

  public static final Problem EMPLOYER_SEALED = new Problem(422, "EMPLOYER_SEALED", "单位已封存",
      "单位账户已封存，不能办理该业务；恢复缴存请先办理单位启封。");
  public static final Problem EMPLOYER_CLOSED = new Problem(422, "EMPLOYER_CLOSED", "单位已注销",
      "单位账户已注销（销户），不能办理该业务。");
  public static final Problem EMPLOYER_NOT_SEALED = new Problem(422, "EMPLOYER_NOT_SEALED", "单位未封存",
      "只有已封存的单位才能办理启封。");
  public static final Problem EMPLOYER_HAS_NORMAL_MEMBERS = new Problem(422, "EMPLOYER_HAS_NORMAL_MEMBERS",
      "单位存在正常缴存职工", "单位尚有正常缴存的职工，请先为其办理减员（个人账户封存）。");
  public static final Problem EMPLOYER_HAS_UNPAID_REMITTANCE = new Problem(422, "EMPLOYER_HAS_UNPAID_REMITTANCE",
      "单位存在未缴清的汇缴", "单位有尚未入账的汇缴清册，缴清后才能注销。");
  public static final Problem DEFERRAL_IN_FORCE = new Problem(422, "DEFERRAL_IN_FORCE", "单位处于缓缴期",
      "单位的缓缴期尚未结束，请先结束缓缴再办理。");
  public static final Problem DEFERRAL_PERIOD_INVALID = new Problem(422, "DEFERRAL_PERIOD_INVALID", "缓缴期间有误",
      "缓缴起始月份不能早于本月，也不能是已生成汇缴清册的月份；截止月份不能早于起始月份。");
  public static final Problem DEFERRAL_PERIOD_TOO_LONG = new Problem(422, "DEFERRAL_PERIOD_TOO_LONG", "缓缴期限超出规定",
      "缓缴期限不能超过政策规定的月数，且最迟至缴存年度末（6 月 30 日）。");
  public static final Problem DEFERRAL_OVERLAPS = new Problem(409, "DEFERRAL_OVERLAPS", "缓缴期间重叠",
      "所申请的缓缴期间与该单位已有的缓缴期间重叠。");
  public static final Problem DEFERRAL_NOT_FOUND = new Problem(404, "DEFERRAL_NOT_FOUND", "缓缴记录不存在",
      "未找到该单位的这项缓缴。");
  public static final Problem DEFERRAL_ALREADY_ENDED = new Problem(409, "DEFERRAL_ALREADY_ENDED", "缓缴已结束",
      "该缓缴已提前结束或期限已满。");
  public static final Problem REMITTANCE_MONTH_DEFERRED = new Problem(422, "REMITTANCE_MONTH_DEFERRED", "该月处于缓缴期",
      "该月份在单位的缓缴期内，缓缴期间不生成汇缴清册，缓缴结束后补缴。");
  public static final Problem RATIO_UNCHANGED = new Problem(422, "RATIO_UNCHANGED", "缴存比例未变化",
      "所申请的单位和职工缴存比例与现行比例相同。");
  public static final Problem INFO_UNCHANGED = new Problem(422, "INFO_UNCHANGED", "信息未变化",
      "所提交的信息与现有信息相同，无需变更。");
  public static final Problem COUNTER_CHANGE_ONLY = new Problem(403, "COUNTER_CHANGE_ONLY", "该项信息须到柜台变更",
      "单位名称、法定代表人和职工姓名的变更须持证明材料到柜台办理。");
  public static final Problem BASE_ADJUSTMENT_YEAR_INVALID = new Problem(422, "BASE_ADJUSTMENT_YEAR_INVALID",
      "不在基数调整年度", "只能为当前缴存年度（7 月 1 日至次年 6 月 30 日）调整缴存基数。");
  public static final Problem BASE_ALREADY_ADJUSTED = new Problem(409, "BASE_ALREADY_ADJUSTED", "本年度基数已调整",
      "该职工本缴存年度的缴存基数已调整，每年调整一次。");

  /** Answers of the verification hooks' data-source adapters (not raised while no data source is configured). */
  public static final Problem EMPLOYER_NOT_IN_REGISTRY = new Problem(422, "EMPLOYER_NOT_IN_REGISTRY", "企业登记信息不符",
      "统一社会信用代码未登记、单位名称与登记不符或企业已注销，请核对营业执照。");
  public static final Problem MEMBER_ACTIVE_ELSEWHERE = new Problem(409, "MEMBER_ACTIVE_ELSEWHERE",
      "职工在其他中心有正常账户", "该职工在其他住房公积金中心有正常缴存的账户，需先在原中心办理封存或转移。");
  public static final Problem MEMBER_DRAWS_PENSION = new Problem(422, "MEMBER_DRAWS_PENSION", "职工已领取养老金",
      "已领取基本养老金的人员不能增员或启封。");

  private LifecycleProblems() {}
}
