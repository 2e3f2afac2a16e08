package hpf.sandbox;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * One dependency's injected faults, as testers send them to {@code PUT /sandbox/faults/{dependency}}: added latency
 * (fixed + uniform jitter, milliseconds), a ratio of HTTP errors (500 or 503), hang (never answer), refuse (close
 * the connection without an answer), malformed (200 with broken JSON). {@code seed} makes the jitter and the choice
 * of failing requests repeatable.
 */
record FaultSpec(long latencyMs, long jitterMs, double errorRatio, int errorStatus, boolean hang, boolean refuse,
                 boolean malformed, long seed) {

  private static final Set<String> FIELDS =
      Set.of("latencyMs", "jitterMs", "errorRatio", "errorStatus", "hang", "refuse", "malformed", "seed");
  private static final long MAX_LATENCY_MS = 600_000;

  /** The spec in the body, or IllegalArgumentException naming what is wrong. */
  static FaultSpec from(JsonObject body) {
    if (body == null) {
      throw new IllegalArgumentException("a JSON object is required");
    }
    for (String name : body.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field " + name + "; known: " + FIELDS);
      }
    }
    try {
      FaultSpec spec = new FaultSpec(body.getLong("latencyMs", 0L), body.getLong("jitterMs", 0L),
          body.getDouble("errorRatio", 0.0), body.getInteger("errorStatus", 503), body.getBoolean("hang", false),
          body.getBoolean("refuse", false), body.getBoolean("malformed", false), body.getLong("seed", 1L));
      if (spec.latencyMs < 0 || spec.jitterMs < 0 || spec.latencyMs + spec.jitterMs > MAX_LATENCY_MS) {
        throw new IllegalArgumentException("latencyMs and jitterMs from 0, together at most " + MAX_LATENCY_MS);
      }
      if (!(spec.errorRatio >= 0 && spec.errorRatio <= 1)) {
        throw new IllegalArgumentException("errorRatio from 0 to 1");
      }
      if (spec.errorStatus != 500 && spec.errorStatus != 503) {
        throw new IllegalArgumentException("errorStatus 500 or 503");
      }
      return spec;
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("latencyMs, jitterMs, seed numbers; errorRatio a number; hang, refuse, "
          + "malformed booleans");
    }
  }

  JsonObject toJson() {
    return new JsonObject().put("latencyMs", latencyMs).put("jitterMs", jitterMs).put("errorRatio", errorRatio)
        .put("errorStatus", errorStatus).put("hang", hang).put("refuse", refuse).put("malformed", malformed)
        .put("seed", seed);
  }
}
