package hpf.traffic;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a change moved, for the audit record: each value in force that differs, as {@code key → {from, to}}, with
 * maps (modes, operation rates, counted, per-member limits) compared entry by entry, so a record reads e.g.
 * {@code perMember.createSession: {limit 60, per minute} → {limit 3, per minute}}. A null is "not set" (or unlimited).
 */
final class PolicyDiff {

  private PolicyDiff() {}

  /** Both sides as the channel state operators read (policy in force, suspension, release). */
  static JsonObject between(JsonObject before, JsonObject after) {
    JsonObject changes = new JsonObject();
    JsonObject a = flat(before);
    JsonObject b = flat(after);
    TreeSet<String> keys = new TreeSet<>(a.fieldNames());
    keys.addAll(b.fieldNames());
    for (String key : keys) {
      Object from = a.getValue(key);
      Object to = b.getValue(key);
      if (!Objects.equals(from, to)) {
        changes.put(key, new JsonObject().put("from", from).put("to", to));
      }
    }
    return changes;
  }

  private static JsonObject flat(JsonObject state) {
    JsonObject out = new JsonObject().put("suspended", state.getValue("suspended"))
        .put("controlReleasedUntil", state.getValue("controlReleasedUntil"));
    state.getJsonObject("policy").forEach(e -> {
      if (e.getValue() instanceof JsonObject map) {
        map.forEach(entry -> out.put(e.getKey() + "." + entry.getKey(), entry.getValue()));
      } else {
        out.put(e.getKey(), e.getValue());
      }
    });
    return out;
  }
}
