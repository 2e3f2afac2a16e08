package hpf.traffic;

import hpf.traffic.ChannelPolicy.Rule;
import io.vertx.core.json.JsonObject;

/** A policy as operators read it; unlimited quotas are null. */
final class PolicyJson {

  private PolicyJson() {}

  static JsonObject of(ChannelPolicy p) {
    JsonObject modes = new JsonObject();
    for (Rule r : Rule.values()) {
      modes.put(r.key, p.mode(r).key());
    }
    JsonObject operationRates = new JsonObject();
    p.operationRates().forEach((op, r) -> operationRates.put(op, new JsonObject().put("perSecond", r.perSecond())
        .put("burst", r.burst())));
    JsonObject counted = new JsonObject();
    p.counted().forEach(counted::put);
    JsonObject perMember = new JsonObject();
    p.perMember().forEach((op, m) -> perMember.put(op, new JsonObject().put("limit", m.limit())
        .put("per", m.perName())));
    return new JsonObject()
        .put("ratePerSecond", p.rate().perSecond()).put("burst", p.rate().burst())
        .put("dailyQuota", p.dailyQuota() == ChannelPolicy.UNLIMITED ? null : p.dailyQuota())
        .put("monthlyQuota", p.monthlyQuota() == ChannelPolicy.UNLIMITED ? null : p.monthlyQuota())
        .put("modes", modes).put("operationRates", operationRates).put("counted", counted).put("perMember", perMember)
        .put("storeUnavailable", p.storeUnavailable().key).put("storeTimeoutMs", p.storeTimeoutMillis());
  }
}
