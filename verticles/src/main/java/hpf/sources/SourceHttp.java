package hpf.sources;

import io.netty.handler.codec.http.HttpHeaderValues;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way the source clients talk HTTP: {@code POST {base}{path}} with a JSON query, 200 with a JSON object
 * answer, anything else a {@link SourceException} of a clear kind. Every request has a timeout, so a source that
 * hangs costs at most that long (the isolation guard adds its own, usually shorter, budget on top).
 */
final class SourceHttp {

  /** What a probe asks about: a reserved synthetic identity, never a real person's (no consent, no evidence). */
  static final String PROBE_ID_NUMBER = "000000190001010000";
  static final String PROBE_CREDIT_CODE = "000000000000000000";

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final WebClient client;
  private final Supplier<String> baseUrl;
  private final long timeoutMillis;

  SourceHttp(WebClient client, Supplier<String> baseUrl, Duration timeout) {
    this.client = client;
    this.baseUrl = baseUrl;
    this.timeoutMillis = Math.max(1, timeout.toMillis());
  }

  /** Sends the query and reads the answer; a reader that finds the answer malformed fails it as MALFORMED. */
  <T> Future<T> ask(SourceQuery query, JsonObject body, Function<Answer, T> reader) {
    return client.postAbs(baseUrl.get() + query.path()).timeout(timeoutMillis).sendJsonObject(body)
        .transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(transportFailure(query, ar.cause()));
          }
          try {
            return Future.succeededFuture(reader.apply(new Answer(answerOf(query, ar.result()))));
          } catch (SourceException e) {
            return Future.failedFuture(e);
          } catch (Answer.Malformed e) {
            return Future.failedFuture(new SourceException(query, SourceException.Kind.MALFORMED, 0, e.getMessage(), null));
          }
        });
  }

  /** The cheap synthetic request the guard probes a query with: the reserved identity, any well-formed answer. */
  Future<Void> probe(SourceQuery query) {
    return probe(query, new JsonObject().put("idNumber", PROBE_ID_NUMBER).put("creditCode", PROBE_CREDIT_CODE)
        .put("probe", true));
  }

  /** A probe with a query of its own, for queries not asked by ID number or credit code. */
  Future<Void> probe(SourceQuery query, JsonObject body) {
    return ask(query, body, answer -> null).mapEmpty();
  }

  private static JsonObject answerOf(SourceQuery query, HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      throw new SourceException(query, SourceException.Kind.HTTP_ERROR, response.statusCode(),
          "answered HTTP " + response.statusCode(), null);
    }
    String type = response.getHeader("content-type");
    if (type == null || !type.startsWith(HttpHeaderValues.APPLICATION_JSON.toString())) {
      throw new SourceException(query, SourceException.Kind.MALFORMED, 0, "answer is not JSON (" + type + ")", null);
    }
    Object json;
    try {
      json = response.body() == null ? null : Json.decodeValue(response.body());
    } catch (DecodeException e) {
      throw new SourceException(query, SourceException.Kind.MALFORMED, 0, "answer is not valid JSON", e);
    }
    if (!(json instanceof JsonObject object)) {
      throw new SourceException(query, SourceException.Kind.MALFORMED, 0, "answer is not a JSON object", null);
    }
    return object;
  }

  private static SourceException transportFailure(SourceQuery query, Throwable cause) {
    // WebClient reports its timeout as a NoStackTraceTimeoutException (a TimeoutException) whose message says so.
    boolean timedOut = cause instanceof TimeoutException || String.valueOf(cause.getMessage()).contains("timeout");
    return new SourceException(query, timedOut ? SourceException.Kind.TIMEOUT : SourceException.Kind.UNREACHABLE, 0,
        timedOut ? "no answer within the timeout" : "cannot reach the service (" + cause.getClass().getSimpleName() + ")",
        cause);
  }
}
