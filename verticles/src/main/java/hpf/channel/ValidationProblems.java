package hpf.channel;

import hpf.kit.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns contract validation failures into problems that name the field and say, in business language,
 * what is wrong with it; the validator's own English text and schema paths stay inside.
 */
final class ValidationProblems {

  private static final Pattern PARAMETER = Pattern.compile("(query|path|header|cookie) parameter (\\S+?)(?:[ .]|$)");
  private static final Pattern REQUIRED_PROPERTY = Pattern.compile("required property \"([^\"]+)\"");
  private static final Map<String, String> REASONS = Map.ofEntries(
      Map.entry("type", "类型不正确"),
      Map.entry("enum", "取值不在允许范围内"),
      Map.entry("const", "取值不在允许范围内"),
      Map.entry("minimum", "小于允许的最小值"),
      Map.entry("exclusiveMinimum", "小于允许的最小值"),
      Map.entry("maximum", "超过允许的最大值"),
      Map.entry("exclusiveMaximum", "超过允许的最大值"),
      Map.entry("minLength", "长度不足"),
      Map.entry("maxLength", "长度超过限制"),
      Map.entry("pattern", "格式不正确"),
      Map.entry("format", "格式不正确"),
      Map.entry("required", "缺少必填项"),
      Map.entry("minItems", "条目数量不足"),
      Map.entry("maxItems", "条目数量超过限制"),
      Map.entry("additionalProperties", "包含不允许的字段"),
      Map.entry("false", "包含不允许的字段"),
      Map.entry("unevaluatedProperties", "包含不允许的字段"));

  private ValidationProblems() {}

  static Problem from(ValidatorException e) {
    if (e.type() == ValidatorErrorType.ILLEGAL_VALUE && e.getMessage() != null && e.getMessage().contains("body")) {
      return Problem.malformedJson();
    }
    String location = "body";
    String field = null;
    Matcher parameter = PARAMETER.matcher(String.valueOf(e.getMessage()));
    if (parameter.find()) {
      location = parameter.group(1);
      field = parameter.group(2);
    }
    String reason = e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER ? "缺少必填项" : "取值不符合要求";
    if (e instanceof SchemaValidationException sve && sve.getOutputUnit() != null) {
      OutputUnit unit = mostSpecific(sve.getOutputUnit());
      reason = REASONS.getOrDefault(keyword(unit), reason);
      if ("body".equals(location)) {
        field = bodyField(unit);
      }
    }
    String shownField = field == null || field.isEmpty() ? "请求内容" : field;
    JsonArray errors = new JsonArray().add(new JsonObject()
        .put("field", shownField).put("in", location).put("reason", reason));
    return Problem.validation(shownField + "：" + reason + "。", errors);
  }

  /** The error deepest in the instance: an enum miss at /level says more than "properties failed" at the root. */
  private static OutputUnit mostSpecific(OutputUnit unit) {
    List<OutputUnit> errors = unit.getErrors();
    if (errors == null || errors.isEmpty()) {
      return unit;
    }
    OutputUnit best = errors.get(0);
    for (OutputUnit e : errors) {
      boolean deeper = depth(e) > depth(best);
      // At equal depth a named constraint (enum, pattern...) beats a structural one ($ref, allOf...).
      boolean clearer = depth(e) == depth(best) && !REASONS.containsKey(keyword(best)) && REASONS.containsKey(keyword(e));
      if (deeper || clearer) {
        best = e;
      }
    }
    return best;
  }

  private static int depth(OutputUnit unit) {
    String location = unit.getInstanceLocation();
    return location == null ? 0 : location.length();
  }

  private static String keyword(OutputUnit unit) {
    String location = unit.getKeywordLocation();
    return location == null ? "" : location.substring(location.lastIndexOf('/') + 1);
  }

  /** The JSON pointer of the offending value as a dotted field name; a missing property is named itself. */
  private static String bodyField(OutputUnit unit) {
    String pointer = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    String field = pointer.replaceFirst("^#?/?", "").replace('/', '.');
    Matcher missing = REQUIRED_PROPERTY.matcher(String.valueOf(unit.getError()));
    if (missing.find()) {
      field = field.isEmpty() ? missing.group(1) : field + "." + missing.group(1);
    }
    return field;
  }
}
