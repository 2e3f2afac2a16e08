package hpf.account;

import hpf.kit.Problem;

/**
 * Refusals of batch lists (清册), one stable code and Chinese title each: of a whole file at upload, of a decision,
 * and the row codes of the per-row report (a row's problem names its field; the message is the title).
 */
final class MemberListProblems {

  static final Problem LIST_FILE_TOO_LARGE = new Problem(413, "LIST_FILE_TOO_LARGE", "清册文件过大",
      "清册文件不能超过 4 MB，请分成几个清册上传。");
  static final Problem LIST_TOO_MANY_ROWS = new Problem(413, "LIST_TOO_MANY_ROWS", "清册行数过多",
      "一个清册最多 10000 名职工，请分成几个清册上传。");
  static final Problem LIST_FILE_UNREADABLE = new Problem(422, "LIST_FILE_UNREADABLE", "清册文件无法读取",
      "清册文件已损坏、不是所选格式或内容不是清册，请按模板重新填写后上传。");
  static final Problem LIST_COLUMNS_MISSING = new Problem(422, "LIST_COLUMNS_MISSING", "清册缺少必填列",
      "清册第一行须为列名：增员清册为 姓名、身份证号码、手机号码、月工资；减员清册为 姓名、身份证号码。");
  static final Problem LIST_EMPTY = new Problem(422, "LIST_EMPTY", "清册没有职工", "清册中没有职工信息。");
  static final Problem LIST_ALREADY_UPLOADED = new Problem(409, "LIST_ALREADY_UPLOADED", "清册已上传",
      "同一清册文件已上传并在办理中或已办理，不能重复办理。");
  static final Problem LIST_NOT_FOUND = new Problem(404, "LIST_NOT_FOUND", "清册不存在", "未找到该单位的这份清册。");
  static final Problem LIST_NOT_VALIDATED = new Problem(409, "LIST_NOT_VALIDATED", "清册尚在校验",
      "清册尚未校验完毕，请在校验完成后再确认办理。");
  static final Problem LIST_ALREADY_DECIDED = new Problem(409, "LIST_ALREADY_DECIDED", "清册已确认",
      "该清册已确认办理或已放弃，每份清册只能确认一次。");

  // Row problems: reported per row with the column they concern.
  static final Problem ROW_VALUE_MISSING = new Problem(422, "ROW_VALUE_MISSING", "必填项未填写", "该项未填写。");
  static final Problem ROW_NAME_INVALID = new Problem(422, "ROW_NAME_INVALID", "姓名有误", "姓名不能超过 50 个字。");
  static final Problem ROW_WAGE_INVALID = new Problem(422, "ROW_WAGE_INVALID", "月工资有误",
      "月工资应为大于零的金额（元），最多两位小数。");
  static final Problem ROW_DUPLICATE = new Problem(422, "ROW_DUPLICATE", "清册内身份证号码重复",
      "同一身份证号码在清册中出现多次，仅办理第一次出现的行。");
  static final Problem ROW_NAME_MISMATCH = new Problem(422, "ROW_NAME_MISMATCH", "姓名与登记信息不符",
      "姓名与本中心登记的该身份证号码的姓名不一致；姓名变更须到柜台办理。");
  static final Problem ROW_NOT_A_MEMBER = new Problem(422, "ROW_NOT_A_MEMBER", "不是本单位正常缴存职工",
      "该职工在本单位没有正常缴存的个人账户，不能减员。");

  private MemberListProblems() {}
}
