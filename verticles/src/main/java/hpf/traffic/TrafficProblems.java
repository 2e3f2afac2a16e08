package hpf.traffic;

import hpf.kit.BusinessTime;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Refusals of traffic control, and the headers that tell a client when to come back: {@code Retry-After} and
 * {@code RateLimit-Limit}/{@code -Remaining}/{@code -Reset} (seconds until the limit resets).
 */
final class TrafficProblems {

  static final String QUOTA_TITLE = "渠道流量超限，请联系具体的管理人员";
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
      .withZone(BusinessTime.ZONE);

  private TrafficProblems() {}

  static Problem rateLimited(String what) {
    return new Problem(429, "RATE_LIMITED", "请求过于频繁，请稍后再试", what + "，请按 Retry-After 的秒数稍后重试。");
  }

  /** Too many requests from this address (or from everywhere) failed authentication: refused unread. */
  static Problem unverifiedLimited() {
    return new Problem(429, "UNVERIFIED_TRAFFIC_LIMITED", "请求过于频繁，请稍后再试",
        "来自该地址的请求多次未通过渠道应用身份校验，暂不受理，请核对应用签名后按 Retry-After 的秒数稍后重试。");
  }

  static Problem quotaExceeded(boolean daily, long limit, Instant resetAt) {
    return new Problem(429, "CHANNEL_QUOTA_EXCEEDED", QUOTA_TITLE, "本渠道" + (daily ? "今日" : "本月") + "业务量已达上限 "
        + limit + " 笔，将于 " + LOCAL.format(resetAt) + "（北京时间）恢复。");
  }

  static Problem suspended() {
    return new Problem(429, "CHANNEL_SUSPENDED", "渠道已暂停受理，请联系具体的管理人员",
        "本渠道的业务受理已由管理人员暂停。");
  }

  static Problem storeUnavailable() {
    return new Problem(503, "TRAFFIC_CONTROL_UNAVAILABLE", "流量控制暂不可用，请稍后再试",
        "渠道业务量计数暂时无法核对，为避免超出限额暂停受理计量业务，请稍后再试。");
  }

  static final Problem APP_NOT_FOUND = new Problem(404, "CHANNEL_APP_NOT_FOUND", "渠道应用不存在", "未找到该应用编号，请核对。");

  /** Sets the limit headers and fails the request with the problem (the error mapper writes it). */
  static void refuse(RoutingContext ctx, Problem problem, long limit, long remaining, long resetSeconds) {
    headers(ctx, limit, remaining, resetSeconds);
    ctx.response().putHeader("Retry-After", Long.toString(resetSeconds));
    ctx.fail(new ProblemException(problem));
  }

  static void headers(RoutingContext ctx, long limit, long remaining, long resetSeconds) {
    if (!ctx.response().headWritten()) {
      ctx.response().putHeader("RateLimit-Limit", Long.toString(limit))
          .putHeader("RateLimit-Remaining", Long.toString(Math.max(0, remaining)))
          .putHeader("RateLimit-Reset", Long.toString(resetSeconds));
    }
  }
}
