package hpf.channel;

import hpf.kit.Problem;
import java.time.Duration;

/** The 401 answers of caller authentication, one stable code per reason. */
public final class AuthProblems {

  private AuthProblems() {}

  static Problem credentialsInvalid(String header) {
    return new Problem(401, "APP_CREDENTIALS_INVALID", "渠道应用签名信息缺失或格式有误",
        "请求头 " + header + " 缺失或格式有误。请按接口文档携带应用编号、时间戳、随机串与签名。");
  }

  static Problem queryNotSignable() {
    return new Problem(401, "APP_CREDENTIALS_INVALID", "渠道应用签名信息缺失或格式有误",
        "查询参数无法按规范校验签名（参数重复或编码有误），请修正后重新签名。");
  }

  static Problem appUnknown() {
    return new Problem(401, "APP_UNKNOWN", "渠道应用未注册", "该应用编号未在中心登记，请联系管理人员。");
  }

  static Problem appDisabled() {
    return new Problem(401, "APP_DISABLED", "渠道应用已停用", "该渠道应用已被停用，请联系管理人员。");
  }

  static Problem requestExpired(Duration window) {
    return new Problem(401, "REQUEST_EXPIRED", "请求时间超出允许范围",
        "请求时间戳与服务器时间相差超过 " + window.toSeconds() + " 秒，请校准时间后重新签名。");
  }

  /** Same code as an expired request: the caller's remedy is the same, sign again with the current time. */
  static Problem signedBeforeRestart() {
    return new Problem(401, "REQUEST_EXPIRED", "请求时间超出允许范围", "请求签名时间早于服务重新启动的时间，请重新签名后再试。");
  }

  static Problem signatureInvalid() {
    return new Problem(401, "SIGNATURE_INVALID", "签名校验失败", "请求签名与内容不符，请按接口文档重新计算签名。");
  }

  static Problem nonceReused() {
    return new Problem(401, "NONCE_REUSED", "重复的请求", "该随机串已被使用，请为每个请求生成新的随机串并重新签名。");
  }

  static Problem callerUnauthenticated() {
    return new Problem(401, "CALLER_UNAUTHENTICATED", "调用方未通过身份认证", "该接口仅向已登记并通过认证的调用方开放。");
  }

  public static Problem operatorUnauthenticated() {
    return new Problem(401, "OPERATOR_UNAUTHENTICATED", "需要运维人员身份认证", "请提供有效的运维账号与口令。");
  }
}
