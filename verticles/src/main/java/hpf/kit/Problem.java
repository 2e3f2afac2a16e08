package hpf.kit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * An RFC 9457 problem: a stable upper-case {@code code}, a short Chinese business {@code title}, the HTTP
 * status and a {@code detail} for this occurrence. Never carries stack traces, SQL or class names.
 */
public record Problem(int status, String code, String title, String detail, JsonArray errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public Problem(int status, String code, String title, String detail) {
    this(status, code, title, detail, null);
  }

  public static Problem validation(String detail, JsonArray errors) {
    return new Problem(400, "VALIDATION_FAILED", "请求参数有误", detail, errors);
  }

  /** An onboarded key whose private half the project publishes (sandbox demo keys): anyone could sign with it. */
  public static Problem publicKeyPublished(String field) {
    return new Problem(400, "PUBLIC_KEY_PUBLISHED", "该公钥为公开的演示密钥，不能作为凭证",
        "该公钥的私钥已随演示环境公开，任何人都能以它签名；请由对方生成自己的 SM2 密钥对后提交公钥。",
        new JsonArray().add(new JsonObject().put("field", field).put("in", "body").put("reason", "公开的演示密钥")));
  }

  public static Problem malformedJson() {
    return new Problem(400, "MALFORMED_REQUEST", "请求内容格式有误", "请求内容不是有效的 JSON。");
  }

  public static Problem notFound() {
    return new Problem(404, "NOT_FOUND", "请求的资源不存在", "请检查请求地址。");
  }

  public static Problem methodNotAllowed() {
    return new Problem(405, "METHOD_NOT_ALLOWED", "不支持该请求方式", "该地址不支持此 HTTP 方法。");
  }

  public static Problem payloadTooLarge(long limitBytes) {
    return new Problem(413, "PAYLOAD_TOO_LARGE", "请求内容过大", "请求内容不能超过 " + limitBytes + " 字节。");
  }

  public static Problem unsupportedMediaType(String allowed) {
    return new Problem(415, "UNSUPPORTED_MEDIA_TYPE", "不支持的请求内容类型", "请使用 " + allowed + "。");
  }

  public static Problem unavailable() {
    return new Problem(503, "SERVICE_UNAVAILABLE", "服务暂不可用", "系统正在维护或重启，请稍后再试。");
  }

  /**
   * The platform cannot finish checking a request in time because it is overloaded (e.g. the cluster's replay
   * check did not answer): nothing was done, and trying again shortly is right. Not a 500: nothing is broken.
   */
  public static Problem busy() {
    return new Problem(503, "SERVICE_BUSY", "系统繁忙，请稍后再试", "请求较多，本次请求未能及时校验，未作任何处理；请按 Retry-After 的秒数稍后重试。");
  }

  public static Problem internal() {
    return new Problem(500, "INTERNAL_ERROR", "系统繁忙，请稍后再试", "系统处理出现异常，请稍后再试；如持续出现请联系客服并提供请求编号。");
  }

  public String type() {
    return "urn:hpf:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public JsonObject toJson(String requestId) {
    JsonObject json = new JsonObject()
        .put("type", type())
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("code", code)
        .put("requestId", requestId);
    if (errors != null && !errors.isEmpty()) {
      json.put("errors", errors);
    }
    return json;
  }
}
