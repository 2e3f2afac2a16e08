package hpf.sources.consent;

import hpf.kit.Problem;

/** The refusals of the consent room, in business language. */
final class ConsentProblems {

  private ConsentProblems() {}

  static Problem required(String purpose, String scope) {
    return new Problem(403, "CONSENT_REQUIRED", "缺少有效的信息查询授权",
        "本人尚未授权（或授权已过期、已撤销）本中心为该业务查询相关信息（业务 " + purpose + "，数据范围 " + scope
            + "），请先完成信息共享授权。");
  }

  /** The national platform answered with an error or not at all (not isolated: that is DEPENDENCY_ISOLATED). */
  static Problem platformUnavailable(String service) {
    return new Problem(503, "DEPENDENCY_UNAVAILABLE", service + "暂不可用", service + "暂时无法访问，请稍后再试。");
  }

  static final Problem VALIDITY_INVALID = new Problem(422, "CONSENT_VALIDITY_INVALID", "授权有效期有误",
      "授权截止时间须晚于开始时间和当前时间，且不超过规定的最长有效期。");
  static final Problem NOT_FOUND = new Problem(404, "CONSENT_NOT_FOUND", "授权记录不存在", "未找到该授权记录。");
  static final Problem ALREADY_ENDED = new Problem(409, "CONSENT_ALREADY_ENDED", "授权已撤销或已过期",
      "该授权已撤销或已过期，无需再次撤销。");
  static final Problem NO_PERSON = new Problem(404, "NOT_FOUND", "请求的资源不存在", "未找到该职工。");
}
