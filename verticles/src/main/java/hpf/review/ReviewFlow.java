package hpf.review;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One version of a business type's review flow: its steps in order, each decided by one staff role. */
record ReviewFlow(String businessType, int version, OffsetDateTime effectiveFrom, String title, List<Step> steps) {

  /** The staff roles that may decide a step (auditors read, operators run the platform: neither decides). */
  static final List<String> DECIDING_ROLES = List.of("COUNTER", "REVIEWER", "APPROVER");
  static final int MAX_STEPS = 5;

  /** A step: its code (e.g. FIRST_REVIEW), its business name (初审) and the role that decides it. */
  record Step(String step, String name, String role) {
    JsonObject toJson() {
      return new JsonObject().put("step", step).put("name", name).put("role", role);
    }
  }

  Step step(int index) {
    return steps.get(index);
  }

  boolean last(int index) {
    return index == steps.size() - 1;
  }

  static List<Step> steps(JsonArray json) {
    return json.stream().map(o -> (JsonObject) o)
        .map(s -> new Step(s.getString("step"), s.getString("name"), s.getString("role"))).toList();
  }

  static JsonArray toJson(List<Step> steps) {
    JsonArray array = new JsonArray();
    steps.forEach(s -> array.add(s.toJson()));
    return array;
  }

  /** 1 to 5 steps, distinct codes, every role one that decides. */
  static boolean valid(List<Step> steps) {
    Set<String> codes = new HashSet<>();
    return !steps.isEmpty() && steps.size() <= MAX_STEPS && steps.stream().allMatch(s -> s.step() != null
        && s.step().matches("[A-Z][A-Z0-9_]{1,39}") && s.name() != null && !s.name().isBlank()
        && DECIDING_ROLES.contains(s.role()) && codes.add(s.step()));
  }

  JsonObject toJson() {
    return new JsonObject().put("businessType", businessType).put("version", version)
        .put("effectiveFrom", effectiveFrom.toInstant().toString()).put("title", title).put("steps", toJson(steps));
  }
}
