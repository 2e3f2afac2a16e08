package hpf.channel;

import hpf.kit.Problem;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;

/**
 * Requests the HTTP decoder refuses before any router sees them (request line or headers over the listener's limits,
 * or not HTTP at all) answered as problem+json like every other refusal, then the connection closed: what is left of
 * such a request on the wire cannot be trusted to be the next one.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {

  /** Longest request line (method, URI, version) a listener reads. */
  static final int MAX_INITIAL_LINE = 4096;
  /** Largest header section a listener reads. */
  static final int MAX_HEADER_BYTES = 8192;

  static final Problem URI_TOO_LONG = new Problem(414, "URI_TOO_LONG", "请求地址过长",
      "请求行不能超过 " + MAX_INITIAL_LINE + " 字节，请缩短地址或查询参数。");
  static final Problem HEADERS_TOO_LARGE = new Problem(431, "HEADERS_TOO_LARGE", "请求头过大",
      "请求头合计不能超过 " + MAX_HEADER_BYTES + " 字节。");
  static final Problem MALFORMED_HTTP = new Problem(400, "MALFORMED_REQUEST", "请求格式有误", "请求不是有效的 HTTP 请求。");

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    Problem problem = cause instanceof TooLongHttpLineException ? URI_TOO_LONG
        : cause instanceof TooLongHttpHeaderException ? HEADERS_TOO_LARGE : MALFORMED_HTTP;
    // The caller's X-Request-Id is not read: the headers are what could not be decoded.
    String requestId = UUID.randomUUID().toString();
    request.response().setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(RequestTracking.HEADER, requestId)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(problem.toJson(requestId).toBuffer())
        .onComplete(done -> request.connection().close());
  }
}
