package hpf.identity;

import hpf.kit.Problem;

/** The problems of operator sign-in and operator account management; one stable code per reason. */
public final class OperatorProblems {

  private OperatorProblems() {}

  /** Unknown, disabled or locked account, wrong password, wrong or reused code: one answer, nothing revealed. */
  static Problem loginFailed() {
    return new Problem(401, "OPERATOR_LOGIN_FAILED", "登录失败",
        "账号、口令或动态验证码有误，请核对后重试；连续多次失败将锁定账号。");
  }

  public static Problem sourceThrottled() {
    return new Problem(429, "OPERATOR_LOGIN_THROTTLED", "登录尝试过于频繁",
        "来自该地址的失败登录过多，已暂停受理，请按 Retry-After 的秒数稍后再试。");
  }

  static Problem busy() {
    return new Problem(503, "OPERATOR_LOGIN_BUSY", "登录请求较多", "当前登录请求较多，请稍后再试。");
  }

  public static Problem forbidden() {
    return new Problem(403, "OPERATOR_FORBIDDEN", "无权执行该操作",
        "当前运维账号的角色不能执行该操作（系统管理员、安全管理员、审计员三员分立），请由相应角色的人员办理。");
  }

  public static Problem passwordChangeRequired() {
    return new Problem(403, "OPERATOR_PASSWORD_CHANGE_REQUIRED", "请先修改初始口令",
        "初始或重置后的口令只能用于修改口令，请先修改口令后再办理其他操作。");
  }

  static Problem weakPassword(String why) {
    return new Problem(400, "OPERATOR_PASSWORD_WEAK", "口令不符合要求", why);
  }

  static Problem currentPasswordWrong() {
    return new Problem(400, "OPERATOR_PASSWORD_WRONG", "原口令有误", "原口令不正确，口令未修改。");
  }

  static Problem notFound() {
    return new Problem(404, "OPERATOR_NOT_FOUND", "运维账号不存在", "未找到该运维账号，请核对账号名。");
  }

  static Problem exists() {
    return new Problem(409, "OPERATOR_EXISTS", "运维账号已存在", "该账号名已被使用（含已停用的账号），请换一个账号名。");
  }

  static Problem selfAction() {
    return new Problem(403, "OPERATOR_SELF_ACTION", "不能操作本人账号",
        "不能停用、启用或重置本人的账号，也不能为本人开设账号；本人只能修改自己的口令。");
  }

  static Problem bootstrapSpent() {
    return new Problem(403, "OPERATOR_BOOTSTRAP_SPENT", "初始账号只能开设首个安全管理员",
        "初始（配置）账号只能在尚无在用安全管理员时开设一个安全管理员账号；其余操作请以个人运维账号登录后办理。");
  }
}
