package hpf.traffic;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.traffic.ChannelPolicy.MemberLimit;
import hpf.traffic.ChannelPolicy.Mode;
import hpf.traffic.ChannelPolicy.Rate;
import hpf.traffic.ChannelPolicy.Rule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * An operator's {@code PUT …/limits} as a change of the runtime version. Per-operation rates and per-member limits
 * are checked by the same rules as the policy files ({@link PolicyRules}) and must name a public operation; an
 * entry set to null removes the runtime value, so the file's applies again. Checked before anything is written:
 * a refused change names the key and changes nothing.
 */
final class LimitsChange {

  private LimitsChange() {}

  static UnaryOperator<PolicyOverride> of(JsonObject body, Set<String> publicOperations) {
    PolicyRules rules = new PolicyRules("request");
    Map<String, Rate> rates = new TreeMap<>();
    Map<String, MemberLimit> limits = new TreeMap<>();
    ChannelPolicy.StoreFallback fallback;
    Long timeout;
    try {
      fallback = body.getValue("storeUnavailable") == null ? null : rules.fallback(body.getValue("storeUnavailable"));
      timeout = body.getValue("storeTimeoutMs") == null ? null : rules.storeTimeout(body.getValue("storeTimeoutMs"));
      entries(body, "operationRates").forEach((op, v) -> rates.put(known("operationRates", op, publicOperations, rules),
          v == null ? null : rules.operationRate(op, PolicyOverride.plain(v))));
      entries(body, "perMember").forEach((op, v) -> limits.put(known("perMember", op, publicOperations, rules),
          v == null ? null : rules.memberLimit(op, PolicyOverride.plain(v))));
    } catch (PolicyException e) {
      throw new ProblemException(Problem.validation(e.key() + "：取值不符合要求（" + e.reason() + "）。", new JsonArray()
          .add(new JsonObject().put("field", e.key()).put("in", "body").put("reason", "取值不符合要求"))));
    }
    return o -> {
      Map<String, Integer> counted = new LinkedHashMap<>(o.counted());
      body.getJsonObject("counted", new JsonObject()).forEach(e -> counted.put(e.getKey(), ((Number) e.getValue()).intValue()));
      Map<Rule, Mode> modes = new LinkedHashMap<>(o.modes());
      body.getJsonObject("modes", new JsonObject()).forEach(e ->
          modes.put(Rule.of(e.getKey()), Mode.valueOf(String.valueOf(e.getValue()).toUpperCase(Locale.ROOT))));
      return new PolicyOverride(o.version(),
          body.containsKey("ratePerSecond") ? body.getDouble("ratePerSecond") : o.ratePerSecond(),
          body.containsKey("burst") ? body.getInteger("burst") : o.burst(),
          body.containsKey("dailyQuota") ? body.getLong("dailyQuota") : o.dailyQuota(),
          body.containsKey("monthlyQuota") ? body.getLong("monthlyQuota") : o.monthlyQuota(),
          counted, modes, merged(o.operationRates(), rates), merged(o.perMember(), limits),
          // Present and null: back to the file's; absent: unchanged.
          body.containsKey("storeUnavailable") ? fallback : o.storeUnavailable(),
          body.containsKey("storeTimeoutMs") ? timeout : o.storeTimeoutMs(), o.suspended(), o.controlReleasedUntil());
    };
  }

  private static Map<String, Object> entries(JsonObject body, String key) {
    JsonObject part = body.getJsonObject(key);
    return part == null ? Map.of() : new TreeMap<>(part.getMap()); // a stable order: the first bad key is named
  }

  private static String known(String key, String op, Set<String> publicOperations, PolicyRules rules) {
    rules.operation(key, op);
    if (!publicOperations.isEmpty() && !publicOperations.contains(op)) {
      throw rules.fail(key + "." + op, "not an operationId of the public contract");
    }
    return op;
  }

  /** The runtime entries with the change on top; a null removes the entry (back to the file's value). */
  private static <V> Map<String, V> merged(Map<String, V> current, Map<String, V> change) {
    Map<String, V> out = new LinkedHashMap<>(current);
    change.forEach((op, v) -> {
      if (v == null) {
        out.remove(op);
      } else {
        out.put(op, v);
      }
    });
    return out;
  }
}
