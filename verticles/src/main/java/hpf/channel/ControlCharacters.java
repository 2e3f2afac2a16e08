package hpf.channel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses control characters in what callers send, on every listener, before any room sees the request: a NUL in a
 * reason cannot be stored (PostgreSQL text refuses it) and would otherwise fail halfway through an operation, and
 * other control characters forge lines in logs and exports. Every JSON string (names and values), every query
 * parameter and the path are checked; C0 characters, DEL and C1 are refused, except tab and line feed in the multi-line
 * fields (reasons, remarks, comments). Open paths that only read a signed document (certificate verification) are
 * left to their own reader. Malformed JSON passes on, for the contract validation to answer.
 */
final class ControlCharacters implements InputTrustHandler {

  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> MULTI_LINE = Set.of("reason", "endreason", "comment", "comments", "note", "notes",
      "memo", "remark", "remarks", "description", "opinion",
      // PEM text (a partner's SM2 public key) is lines of base64.
      "publickey");
  // C0 and DEL percent-encoded, and C1 as UTF-8 (%C2%80 to %C2%9F).
  private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF]|[cC]2%[89][0-9a-fA-F])");

  private final OpenPaths openPaths;

  ControlCharacters(OpenPaths openPaths) {
    this.openPaths = openPaths;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String refused = refusedField(ctx);
    if (refused == null) {
      ctx.next();
    } else {
      ctx.fail(new ProblemException(problem(refused.substring(refused.indexOf(':') + 1), refused.substring(0,
          refused.indexOf(':')))));
    }
  }

  /** "in:field" of the first offending value, or null. */
  private String refusedField(RoutingContext ctx) {
    String rawPath = ctx.request().path();
    if (rawPath != null && (ENCODED_CONTROL.matcher(rawPath).find() || controlIn(rawPath, false))) {
      return "path:path";
    }
    try {
      for (Map.Entry<String, String> p : ctx.queryParams()) {
        if (controlIn(p.getKey(), false) || controlIn(p.getValue(), false)) {
          return "query:" + (controlIn(p.getKey(), false) ? "query" : p.getKey());
        }
      }
    } catch (RuntimeException undecodable) {
      // A query that does not decode is refused by the contract validation.
    }
    if (openPaths != null && openPaths.open(ctx.normalizedPath())) {
      return null;
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    String type = ctx.request().getHeader("Content-Type");
    if (body == null || body.length() == 0 || type == null || !type.toLowerCase(Locale.ROOT).contains("json")) {
      return null;
    }
    String field = bodyField(body.getBytes());
    return field == null ? null : "body:" + field;
  }

  /** The dotted name of the first JSON string holding a refused character, or null (also for malformed JSON). */
  static String bodyField(byte[] json) {
    Deque<Object> path = new ArrayDeque<>();
    try (JsonParser parser = JSON.createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            advance(path);
            path.push(token == JsonToken.START_ARRAY ? (Object) (-1) : "");
          }
          case END_OBJECT, END_ARRAY -> path.pop();
          case FIELD_NAME -> {
            path.pop();
            path.push(parser.currentName());
            if (controlIn(parser.currentName(), false)) {
              return dotted(path);
            }
          }
          default -> {
            advance(path);
            if (token == JsonToken.VALUE_STRING && controlIn(parser.getText(), multiLine(path))) {
              return dotted(path);
            }
          }
        }
      }
    } catch (IOException | RuntimeException malformed) {
      return null;
    }
    return null;
  }

  /** Inside an array, each value moves the index on. */
  private static void advance(Deque<Object> path) {
    if (!path.isEmpty() && path.peek() instanceof Integer i) {
      path.pop();
      path.push(i + 1);
    }
  }

  private static boolean multiLine(Deque<Object> path) {
    return !path.isEmpty() && path.peek() instanceof String name && MULTI_LINE.contains(name.toLowerCase(Locale.ROOT));
  }

  private static String dotted(Deque<Object> path) {
    StringBuilder out = new StringBuilder();
    path.descendingIterator().forEachRemaining(p -> out.append(out.length() == 0 ? "" : ".").append(p));
    // The name itself may hold the refused character: shown with it replaced, never echoed.
    return out.length() == 0 ? "请求内容" : out.toString().replaceAll("[\\x00-\\x1f\\x7f-\\x9f]", "?");
  }

  static boolean controlIn(String text, boolean multiLine) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !(multiLine && (c == '\n' || c == '\t'))) {
        return true;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a pair: one character outside the basic plane (a rare 汉字, an emoji)
      } else if (Character.isSurrogate(c) || invisible(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Characters that change how stored text reads without being seen: a lone surrogate (stored as '?', so the record
   * would silently differ from what was sent), line and paragraph separators, direction overrides and isolates
   * (which can make an audit reason display as something else), and the byte-order mark.
   */
  private static boolean invisible(char c) {
    return c == '\u2028' || c == '\u2029' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069') || c == '\ufeff';
  }

  static Problem problem(String field, String in) {
    JsonArray errors = new JsonArray().add(new JsonObject().put("field", field).put("in", in)
        .put("reason", "含有不允许的控制字符"));
    return new Problem(400, "CONTROL_CHARACTER_REFUSED", "请求内容含有不允许的字符",
        field + "：含有不允许的控制字符（如 NUL、换行以外的不可见字符），请删除后重试。", errors);
  }
}
