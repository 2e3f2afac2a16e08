package hpf.isolation;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Per-dependency overrides of the guard's tuning, from the setting {@code HPF_DEPENDENCY_TUNING}:
 * {@code id:key=value,key=value;id:...}, e.g. {@code national.lease_filing:timeoutMs=1500,suspensionMinutes=10}.
 * Keys: timeoutMs, maxConcurrent, consecutiveFailures, window, minimumCalls, failureRatio, slowCallMs,
 * suspensionMinutes, maxSuspensionMinutes, probesToLift, probeIntervalSeconds.
 */
public final class DependencyTuning {

  public static final DependencyTuning NONE = new DependencyTuning(Map.of());

  private final Map<String, Map<String, String>> overrides;

  private DependencyTuning(Map<String, Map<String, String>> overrides) {
    this.overrides = overrides;
  }

  /** Parses the setting; fails with the offending part, so a typo stops start-up instead of silently not applying. */
  public static DependencyTuning parse(String setting) {
    Map<String, Map<String, String>> all = new HashMap<>();
    for (String part : setting.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int colon = part.indexOf(':');
      if (colon < 1) {
        throw new IllegalArgumentException("expected id:key=value,... but got '" + part.trim() + "'");
      }
      Map<String, String> values = new HashMap<>();
      for (String pair : part.substring(colon + 1).split(",")) {
        String[] kv = pair.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("expected key=value but got '" + pair.trim() + "'");
        }
        values.put(kv[0].trim(), kv[1].trim());
      }
      DependencyTuning single = new DependencyTuning(Map.of("x", values));
      single.apply("x", Dependency.Tuning.DEFAULTS); // validates keys and values now
      all.put(part.substring(0, colon).trim(), values);
    }
    return new DependencyTuning(Map.copyOf(all));
  }

  /** The dependency's own tuning with this setting's overrides for its id applied. */
  public Dependency.Tuning apply(String id, Dependency.Tuning base) {
    Map<String, String> v = overrides.getOrDefault(id, Map.of());
    for (String key : v.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown tuning key '" + key + "'; known: " + KEYS);
      }
    }
    try {
      return new Dependency.Tuning(
          millis(v, "timeoutMs", base.timeout()), integer(v, "maxConcurrent", base.maxConcurrent()),
          integer(v, "consecutiveFailures", base.consecutiveFailures()), integer(v, "window", base.window()),
          integer(v, "minimumCalls", base.minimumCalls()),
          v.containsKey("failureRatio") ? Double.parseDouble(v.get("failureRatio")) : base.failureRatio(),
          millis(v, "slowCallMs", base.slowCall()),
          v.containsKey("suspensionMinutes") ? Duration.ofMinutes(Long.parseLong(v.get("suspensionMinutes")))
              : base.suspension(),
          v.containsKey("maxSuspensionMinutes") ? Duration.ofMinutes(Long.parseLong(v.get("maxSuspensionMinutes")))
              : base.maxSuspension(),
          integer(v, "probesToLift", base.probesToLift()),
          v.containsKey("probeIntervalSeconds") ? Duration.ofSeconds(Long.parseLong(v.get("probeIntervalSeconds")))
              : base.probeInterval());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number in the tuning of " + id + ": " + e.getMessage(), e);
    }
  }

  private static final Set<String> KEYS = Set.of("timeoutMs", "maxConcurrent", "consecutiveFailures", "window",
      "minimumCalls", "failureRatio", "slowCallMs", "suspensionMinutes", "maxSuspensionMinutes", "probesToLift",
      "probeIntervalSeconds");

  private static Duration millis(Map<String, String> v, String key, Duration base) {
    return v.containsKey(key) ? Duration.ofMillis(Long.parseLong(v.get(key))) : base;
  }

  private static int integer(Map<String, String> v, String key, int base) {
    return v.containsKey(key) ? Integer.parseInt(v.get(key)) : base;
  }

  @Override
  public String toString() {
    // Readable in the configuration dump (tuning values are no secrets).
    return "DependencyTuning" + new java.util.TreeMap<>(overrides);
  }
}
