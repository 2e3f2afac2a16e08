package hpf.identity;

import hpf.kit.BusinessTime;
import hpf.kit.Problem;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** The problems of logins, sessions and access; one stable code per reason. */
final class IdentityProblems {

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
      .withZone(BusinessTime.ZONE);

  private IdentityProblems() {}

  static Problem loginFailed() {
    return new Problem(401, "LOGIN_FAILED", "登录失败", "账号、密码或短信验证码有误，请核对后重试；多次失败将暂时锁定账号。");
  }

  static Problem accountLocked(Instant until) {
    return new Problem(401, "ACCOUNT_LOCKED", "账号已暂时锁定",
        "登录失败次数过多，账号已锁定至 " + LOCAL.format(until) + "（北京时间），请届时再试或到柜台办理。");
  }

  static Problem ticketInvalid() {
    return new Problem(401, "IDENTITY_TICKET_INVALID", "统一身份认证票据无效", "票据无效、已使用或已过期，请重新进行身份认证。");
  }

  static Problem sessionRequired() {
    return new Problem(401, "SESSION_REQUIRED", "请先登录", "该业务需要登录，请在请求头 Authorization 中携带有效的访问令牌。");
  }

  static Problem sessionExpired() {
    return new Problem(401, "SESSION_EXPIRED", "登录已过期", "访问令牌已过期，请用刷新令牌续期或重新登录。");
  }

  static Problem sessionRevoked() {
    return new Problem(401, "SESSION_REVOKED", "登录已退出", "该会话已退出，请重新登录。");
  }

  static Problem refreshInvalid() {
    return new Problem(401, "REFRESH_TOKEN_INVALID", "刷新令牌无效", "刷新令牌无效、已使用或已过期，请重新登录。");
  }

  static Problem forbidden() {
    return new Problem(403, "FORBIDDEN", "无权办理该业务", "当前登录身份无权访问该资源。");
  }

  static Problem loginBusy() {
    return new Problem(503, "LOGIN_BUSY", "登录人数较多", "当前登录请求较多，请稍后再试。");
  }

  static Problem staffChannelOnly() {
    return new Problem(403, "STAFF_COUNTER_ONLY", "工作人员须在柜面渠道登录", "中心工作人员只能通过柜面渠道应用登录。");
  }

  static Problem smsTooFrequent() {
    return new Problem(429, "SMS_TOO_FREQUENT", "短信发送过于频繁", "验证码已发送，请 60 秒后再试。");
  }

  static Problem dependencyUnavailable(String service) {
    return new Problem(503, "DEPENDENCY_UNAVAILABLE", service + "暂不可用", service + "暂时无法访问，请稍后再试。");
  }
}
