package hpf.traffic;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies in force on this member: the files, with each channel's latest runtime version on top. A change is
 * announced on the cluster's event bus after it commits, so every member reads it within milliseconds; a reload
 * from PostgreSQL every few seconds catches a message that was lost. Versions only move forward.
 */
final class TrafficPolicies {

  static final String CHANGED_ADDRESS = "hpf.traffic.policy-changed";

  private final ChannelPolicies files;
  private final PolicyVersions versions;
  private final Vertx vertx;
  private final Map<String, PolicyOverride> overrides = new ConcurrentHashMap<>();
  /** The policy made from one version; a newer version makes a new one. */
  private record Made(long version, ChannelPolicy policy) {}

  private final Map<String, Made> effective = new ConcurrentHashMap<>();

  TrafficPolicies(Vertx vertx, ChannelPolicies files, PolicyVersions versions) {
    this.vertx = vertx;
    this.files = files;
    this.versions = versions;
    // The message only says "something changed": the versions are read from PostgreSQL, never taken from the
    // message, since anyone who reaches the cluster's event bus port could send one (a lifted limit, a version
    // so high that no real change would ever win again).
    vertx.eventBus().<JsonObject>consumer(CHANGED_ADDRESS, m -> reload());
  }

  /** The channel's policy in force (no I/O). */
  ChannelPolicy current(String appId) {
    PolicyOverride version = override(appId);
    Made made = effective.get(appId);
    if (made == null || made.version() != version.version()) {
      made = new Made(version.version(), version.applyTo(files.of(appId)));
      effective.put(appId, made);
    }
    return made.policy();
  }

  /** The policy of requests that name no registered app. */
  ChannelPolicy anonymous() {
    return files.defaults();
  }

  PolicyOverride override(String appId) {
    return overrides.getOrDefault(appId, PolicyOverride.NONE);
  }

  /** The file's policy alone, for operators comparing. */
  ChannelPolicy file(String appId) {
    return files.of(appId);
  }

  Future<Void> reload() {
    return versions.latest().map(all -> {
      all.forEach(this::accept);
      return null;
    });
  }

  /** Applies a committed version here and tells every other member. */
  void announce(String appId, PolicyOverride version) {
    accept(appId, version);
    vertx.eventBus().publish(CHANGED_ADDRESS, new JsonObject().put("appId", appId).put("version", version.version())
        .put("settings", version.toJson()));
  }

  private void accept(String appId, PolicyOverride incoming) {
    overrides.merge(appId, incoming, (old, in) -> in.version() > old.version() ? in : old);
  }
}
