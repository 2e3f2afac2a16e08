package hpf.isolation;

import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.time.Instant;

/**
 * The cluster-wide state of one dependency, as kept in the shared map and in PostgreSQL. {@code version} grows
 * with every change, so a newer state always wins over an older one arriving late. While a probe runs,
 * {@code prober} names the member running it until {@code claimUntil}; a crashed prober's claim simply expires.
 */
public record DependencyStatus(IsolationState state, long version, Instant since, Instant nextProbeAt,
                               long suspensionSeconds, int probeSuccesses, String prober, Instant claimUntil,
                               String cause) implements Serializable {

  /** A dependency never isolated so far. */
  static DependencyStatus initial() {
    return new DependencyStatus(IsolationState.AVAILABLE, 0, Instant.EPOCH, null, 0, 0, null, null, "初始状态");
  }

  boolean available() {
    return state == IsolationState.AVAILABLE;
  }

  /** Due for a probe at {@code now}: isolated or probing, suspension over, and no live claim by another probe. */
  boolean dueForProbe(Instant now, boolean force) {
    return state != IsolationState.AVAILABLE && (force || !nextProbeAt.isAfter(now))
        && (prober == null || claimUntil.isBefore(now));
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("state", state.name()).put("since", since.toString())
        .put("cause", cause).put("consecutiveProbeSuccesses", probeSuccesses);
    if (nextProbeAt != null) {
      json.put("nextProbeAt", nextProbeAt.toString()).put("suspensionSeconds", suspensionSeconds);
    }
    return json;
  }
}
