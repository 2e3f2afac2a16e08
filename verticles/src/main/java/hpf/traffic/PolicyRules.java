package hpf.traffic;

import hpf.traffic.ChannelPolicy.MemberLimit;
import hpf.traffic.ChannelPolicy.Mode;
import hpf.traffic.ChannelPolicy.Rate;
import hpf.traffic.ChannelPolicy.Rule;
import hpf.traffic.ChannelPolicy.StoreFallback;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a policy file may say, key by key, and the policy it makes. Each file is checked on its own (so an error
 * names the file it is in), then the app's file is laid over defaults.yaml, entry by entry for maps.
 */
final class PolicyRules {

  static final Set<String> KEYS = Set.of("mode", "modes", "rate", "operationRates", "quota", "counted", "perMember",
      "storeUnavailable", "storeTimeoutMs");
  /** defaults.yaml must say these, so every channel has a complete policy. */
  static final Set<String> REQUIRED_IN_DEFAULTS = Set.of("mode", "rate", "quota", "storeUnavailable", "storeTimeoutMs");
  static final Pattern OPERATION = Pattern.compile("[a-z][A-Za-z0-9]{1,63}");

  private final String file;

  PolicyRules(String file) {
    this.file = file;
  }

  /** Checks one file's content; throws naming the file and key. */
  void check(Map<?, ?> raw, boolean defaults) {
    for (Object key : raw.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        throw fail(String.valueOf(key), "unknown key; allowed: " + new java.util.TreeSet<>(KEYS));
      }
    }
    if (defaults) {
      // In a stable order: the first missing key named is the same on every run.
      for (String key : new java.util.TreeSet<>(REQUIRED_IN_DEFAULTS)) {
        if (!raw.containsKey(key)) {
          throw fail(key, "missing; defaults.yaml must set " + new java.util.TreeSet<>(REQUIRED_IN_DEFAULTS));
        }
        if (key.equals("rate") || key.equals("quota")) {
          Map<String, Object> part = map(key, raw.get(key));
          for (String sub : key.equals("rate") ? List.of("perSecond", "burst") : List.of("daily", "monthly")) {
            if (!part.containsKey(sub)) {
              throw fail(key + "." + sub, "missing; defaults.yaml must set it");
            }
          }
        }
      }
    }
    build(raw, defaults);
  }

  /** The policy from a complete (merged) content. */
  ChannelPolicy policy(Map<?, ?> merged) {
    return build(merged, true);
  }

  private ChannelPolicy build(Map<?, ?> raw, boolean complete) {
    Map<Rule, Mode> modes = new LinkedHashMap<>();
    Mode all = raw.containsKey("mode") ? mode("mode", raw.get("mode")) : Mode.ENFORCE;
    for (Rule r : Rule.values()) {
      modes.put(r, all);
    }
    map("modes", orEmpty(raw, "modes")).forEach((k, v) -> {
      Rule rule = Rule.of(k);
      if (rule == null) {
        throw fail("modes." + k, "unknown rule; allowed: rate, operationRate, dailyQuota, monthlyQuota, memberLimit");
      }
      modes.put(rule, mode("modes." + k, v));
    });
    Map<String, Object> rateRaw = map("rate", orEmpty(raw, "rate"));
    Rate rate = complete || !rateRaw.isEmpty() ? rate("rate", rateRaw, complete) : null;
    Map<String, Rate> operationRates = new LinkedHashMap<>();
    map("operationRates", orEmpty(raw, "operationRates")).forEach((op, v) ->
        operationRates.put(operation("operationRates", op), operationRate(op, v)));
    Map<String, Object> quota = map("quota", orEmpty(raw, "quota"));
    for (String k : quota.keySet()) {
      if (!k.equals("daily") && !k.equals("monthly")) {
        throw fail("quota." + k, "unknown key; allowed: [daily, monthly]");
      }
    }
    long daily = quota.containsKey("daily") ? quota("quota.daily", quota.get("daily")) : ChannelPolicy.UNLIMITED;
    long monthly = quota.containsKey("monthly") ? quota("quota.monthly", quota.get("monthly")) : ChannelPolicy.UNLIMITED;
    Map<String, Integer> counted = new LinkedHashMap<>();
    map("counted", orEmpty(raw, "counted")).forEach((op, w) -> {
      int weight = integer("counted." + op, w, 0, 1000, "a weight from 0 (not counted) to 1000");
      if (weight > 0) {
        counted.put(operation("counted", op), weight);
      }
    });
    Map<String, MemberLimit> perMember = new LinkedHashMap<>();
    map("perMember", orEmpty(raw, "perMember")).forEach((op, v) ->
        perMember.put(operation("perMember", op), memberLimit(op, v)));
    StoreFallback fallback = raw.containsKey("storeUnavailable") ? fallback(raw.get("storeUnavailable")) : StoreFallback.REJECT;
    long timeout = raw.containsKey("storeTimeoutMs")
        ? integer("storeTimeoutMs", raw.get("storeTimeoutMs"), 10, 10_000, "milliseconds from 10 to 10000") : 500;
    return new ChannelPolicy(rate, operationRates, daily, monthly, counted, perMember, modes, fallback, timeout);
  }

  /** One entry of {@code operationRates}: both perSecond and burst (files and operators' changes alike). */
  Rate operationRate(String op, Object value) {
    operation("operationRates", op);
    return rate("operationRates." + op, map("operationRates." + op, value), true);
  }

  /** One entry of {@code perMember}: a limit and its window (files and operators' changes alike). */
  MemberLimit memberLimit(String op, Object value) {
    operation("perMember", op);
    String key = "perMember." + op;
    Map<String, Object> limit = map(key, value);
    for (String k : limit.keySet()) {
      if (!k.equals("limit") && !k.equals("per")) {
        throw fail(key + "." + k, "unknown key; allowed: [limit, per]");
      }
    }
    return new MemberLimit(integer(key + ".limit", limit.get("limit"), 1, 1_000_000, "a whole number from 1 to 1000000"),
        window(key + ".per", limit.get("per")));
  }

  private static Object orEmpty(Map<?, ?> raw, String key) {
    Object value = raw.get(key);
    return value == null && !raw.containsKey(key) ? Map.of() : value;
  }

  private Rate rate(String key, Map<String, Object> raw, boolean complete) {
    for (String k : raw.keySet()) {
      if (!k.equals("perSecond") && !k.equals("burst")) {
        throw fail(key + "." + k, "unknown key; allowed: [burst, perSecond]");
      }
    }
    if (complete && (!raw.containsKey("perSecond") || !raw.containsKey("burst"))) {
      throw fail(key, "needs both perSecond and burst");
    }
    Object perSecond = raw.get("perSecond");
    if (perSecond != null && (!(perSecond instanceof Number n) || !(n.doubleValue() > 0) || n.doubleValue() > 1_000_000)) {
      throw invalid(key + ".perSecond", perSecond, "a number above 0 and at most 1000000");
    }
    return new Rate(perSecond == null ? 0 : ((Number) perSecond).doubleValue(),
        raw.containsKey("burst") ? integer(key + ".burst", raw.get("burst"), 1, 10_000_000, "a whole number from 1 to 10000000") : 0);
  }

  private long quota(String key, Object value) {
    if ("unlimited".equals(value)) {
      return ChannelPolicy.UNLIMITED;
    }
    if (value instanceof Integer || value instanceof Long) {
      long v = ((Number) value).longValue();
      if (v >= 0 && v < 1_000_000_000_000L) {
        return v;
      }
    }
    throw invalid(key, value, "a whole number from 0 or 'unlimited'");
  }

  private Mode mode(String key, Object value) {
    if ("enforce".equals(value)) {
      return Mode.ENFORCE;
    }
    if ("shadow".equals(value)) {
      return Mode.SHADOW;
    }
    throw invalid(key, value, "enforce or shadow");
  }

  /** The wait for the shared counters, as the files say it: milliseconds from 10 to 10000. */
  long storeTimeout(Object value) {
    return integer("storeTimeoutMs", value, 10, 10_000, "milliseconds from 10 to 10000");
  }

  StoreFallback fallback(Object value) {
    for (StoreFallback f : StoreFallback.values()) {
      if (f.key.equals(value)) {
        return f;
      }
    }
    throw invalid("storeUnavailable", value, "reject or localShare");
  }

  private ChronoUnit window(String key, Object value) {
    return switch (String.valueOf(value)) {
      case "minute" -> ChronoUnit.MINUTES;
      case "hour" -> ChronoUnit.HOURS;
      case "day" -> ChronoUnit.DAYS;
      default -> throw invalid(key, value, "minute, hour or day");
    };
  }

  private int integer(String key, Object value, int min, int max, String allowed) {
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
        && ((Number) value).longValue() <= max) {
      return ((Number) value).intValue();
    }
    throw invalid(key, value, allowed);
  }

  String operation(String key, String op) {
    if (!OPERATION.matcher(op).matches()) {
      throw fail(key + "." + op, "not an operationId of the public contract");
    }
    return op;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> map(String key, Object value) {
    if (!(value instanceof Map<?, ?> m)) {
      throw invalid(key, value, "a map of keys and values");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private PolicyException invalid(String key, Object value, String allowed) {
    return fail(key, "invalid value '" + value + "'; allowed: " + allowed);
  }

  PolicyException fail(String key, String message) {
    return new PolicyException(file + ": " + key + ": " + message, key, message);
  }
}
