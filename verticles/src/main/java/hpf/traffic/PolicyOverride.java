package hpf.traffic;

import hpf.traffic.ChannelPolicy.MemberLimit;
import hpf.traffic.ChannelPolicy.Mode;
import hpf.traffic.ChannelPolicy.Rate;
import hpf.traffic.ChannelPolicy.Rule;
import hpf.traffic.ChannelPolicy.StoreFallback;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What operators changed on a channel at runtime, as a whole (each version holds the full set, so the latest
 * version alone says what is in force): limits and modes over the file's, per-operation rates and per-member limits
 * over the file's entries, suspension, and control released (解除控制) until a time, during which the quotas count
 * but refuse nothing. Null fields, and operations without an entry, keep the file's value.
 */
public record PolicyOverride(long version, Double ratePerSecond, Integer burst, Long dailyQuota, Long monthlyQuota,
                             Map<String, Integer> counted, Map<Rule, Mode> modes, Map<String, Rate> operationRates,
                             Map<String, MemberLimit> perMember, StoreFallback storeUnavailable,
                             Long storeTimeoutMs, boolean suspended, Instant controlReleasedUntil) {

  public static final PolicyOverride NONE = new PolicyOverride(0, null, null, null, null, Map.of(), Map.of(), Map.of(),
      Map.of(), null, null, false, null);

  public PolicyOverride {
    counted = Map.copyOf(counted);
    modes = Map.copyOf(modes);
    operationRates = Map.copyOf(operationRates);
    perMember = Map.copyOf(perMember);
  }

  /** The file's policy with these changes on top. */
  public ChannelPolicy applyTo(ChannelPolicy file) {
    Rate rate = new Rate(ratePerSecond != null ? ratePerSecond : file.rate().perSecond(),
        burst != null ? burst : file.rate().burst());
    Map<String, Integer> weights = new LinkedHashMap<>(file.counted());
    counted.forEach((op, w) -> {
      if (w == 0) {
        weights.remove(op);
      } else {
        weights.put(op, w);
      }
    });
    Map<Rule, Mode> allModes = new LinkedHashMap<>(file.modes());
    allModes.putAll(modes);
    Map<String, Rate> allOperationRates = new LinkedHashMap<>(file.operationRates());
    allOperationRates.putAll(operationRates);
    Map<String, MemberLimit> allPerMember = new LinkedHashMap<>(file.perMember());
    allPerMember.putAll(perMember);
    return new ChannelPolicy(rate, allOperationRates, dailyQuota != null ? dailyQuota : file.dailyQuota(),
        monthlyQuota != null ? monthlyQuota : file.monthlyQuota(), weights, allPerMember, allModes,
        storeUnavailable != null ? storeUnavailable : file.storeUnavailable(),
        storeTimeoutMs != null ? storeTimeoutMs : file.storeTimeoutMillis());
  }

  /** Whether control is released (quotas not enforced) at {@code now}. */
  public boolean released(Instant now) {
    return controlReleasedUntil != null && now.isBefore(controlReleasedUntil);
  }

  public JsonObject toJson() {
    JsonObject modesJson = new JsonObject();
    modes.forEach((rule, mode) -> modesJson.put(rule.key, mode.key()));
    JsonObject rates = new JsonObject();
    new TreeMap<>(operationRates).forEach((op, r) -> rates.put(op, new JsonObject().put("perSecond", r.perSecond())
        .put("burst", r.burst())));
    JsonObject members = new JsonObject();
    new TreeMap<>(perMember).forEach((op, m) -> members.put(op, new JsonObject().put("limit", m.limit())
        .put("per", m.perName())));
    return new JsonObject().put("ratePerSecond", ratePerSecond).put("burst", burst)
        .put("dailyQuota", dailyQuota).put("monthlyQuota", monthlyQuota)
        .put("counted", new JsonObject(new LinkedHashMap<>(counted))).put("modes", modesJson)
        .put("operationRates", rates).put("perMember", members)
        .put("storeUnavailable", storeUnavailable == null ? null : storeUnavailable.key)
        .put("storeTimeoutMs", storeTimeoutMs)
        .put("suspended", suspended)
        .put("controlReleasedUntil", controlReleasedUntil == null ? null : controlReleasedUntil.toString());
  }

  /** A stored or announced version; versions written before operation rates and member
   * limits could be changed simply have none of them. */
  public static PolicyOverride fromJson(long version, JsonObject json) {
    Map<String, Integer> counted = new LinkedHashMap<>();
    json.getJsonObject("counted", new JsonObject()).forEach(e -> counted.put(e.getKey(), ((Number) e.getValue()).intValue()));
    Map<Rule, Mode> modes = new LinkedHashMap<>();
    json.getJsonObject("modes", new JsonObject()).forEach(e ->
        modes.put(Rule.of(e.getKey()), Mode.valueOf(String.valueOf(e.getValue()).toUpperCase(java.util.Locale.ROOT))));
    // Read with the files' rules: what was checked on the way in is read back the same way.
    PolicyRules rules = new PolicyRules("traffic_policy_version");
    Map<String, Rate> rates = new LinkedHashMap<>();
    json.getJsonObject("operationRates", new JsonObject()).getMap()
        .forEach((op, v) -> rates.put(op, rules.operationRate(op, plain(v))));
    Map<String, MemberLimit> members = new LinkedHashMap<>();
    json.getJsonObject("perMember", new JsonObject()).getMap()
        .forEach((op, v) -> members.put(op, rules.memberLimit(op, plain(v))));
    String until = json.getString("controlReleasedUntil");
    return new PolicyOverride(version, json.getDouble("ratePerSecond"), json.getInteger("burst"),
        json.getLong("dailyQuota"), json.getLong("monthlyQuota"), counted, modes, rates, members,
        json.getString("storeUnavailable") == null ? null : rules.fallback(json.getString("storeUnavailable")),
        json.getLong("storeTimeoutMs"), json.getBoolean("suspended", false), until == null ? null : Instant.parse(until));
  }

  /** A JSON object as the map the policy rules read. */
  static Object plain(Object value) {
    return value instanceof JsonObject j ? j.getMap() : value;
  }

  public PolicyOverride withVersion(long v) {
    return new PolicyOverride(v, ratePerSecond, burst, dailyQuota, monthlyQuota, counted, modes, operationRates,
        perMember, storeUnavailable, storeTimeoutMs, suspended, controlReleasedUntil);
  }
}
