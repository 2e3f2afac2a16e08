package hpf.isolation;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One change of a dependency's state, applied atomically on the member owning its entry in the shared map, so
 * two instances can never both isolate, both claim a probe or both lift. "Now" and the tuning travel with the
 * change: the owner's own clock is never used. Answers the change made, or null when none applies.
 */
final class StatusChange implements EntryProcessor<String, DependencyStatus, StatusChange.Made> {

  private static final long serialVersionUID = 1L;

  enum Kind { DETECTED, FORCE_ISOLATE, FORCE_LIFT, CLAIM_PROBE, FORCE_PROBE, PROBE_SUCCEEDED, PROBE_FAILED, RESTORE }

  /** Before and after; both kept, as the audit, the metrics and PostgreSQL want the transition. */
  record Made(DependencyStatus before, DependencyStatus after) implements Serializable {}

  private final Kind kind;
  private final Instant now;
  private final String cause;
  private final String member;
  private final Duration suspension;
  private final Duration maxSuspension;
  private final Duration claimFor;
  private final Duration probeInterval;
  private final int probesToLift;
  private final DependencyStatus restored;

  private StatusChange(Kind kind, Instant now, String cause, String member, Dependency.Tuning tuning, Duration claimFor,
                       DependencyStatus restored) {
    this.kind = kind;
    this.now = now;
    this.cause = cause;
    this.member = member;
    this.suspension = tuning.suspension();
    this.maxSuspension = tuning.maxSuspension();
    this.claimFor = claimFor;
    this.probeInterval = tuning.probeInterval();
    this.probesToLift = tuning.probesToLift();
    this.restored = restored;
  }

  static StatusChange of(Kind kind, Instant now, String cause, String member, Dependency.Tuning tuning) {
    // A probe claim outlives the probe's own timeout, so a slow but live probe keeps it; a dead prober's lapses.
    return new StatusChange(kind, now, cause, member, tuning, tuning.timeout().multipliedBy(2).plusSeconds(1), null);
  }

  static StatusChange restore(DependencyStatus stored) {
    return new StatusChange(Kind.RESTORE, Instant.EPOCH, stored.cause(), null, Dependency.Tuning.DEFAULTS,
        Duration.ZERO, stored);
  }

  @Override
  public Made process(Map.Entry<String, DependencyStatus> entry) {
    DependencyStatus before = entry.getValue() == null ? DependencyStatus.initial() : entry.getValue();
    DependencyStatus after = apply(before);
    if (after == null) {
      return null;
    }
    entry.setValue(after);
    return new Made(before, after);
  }

  /** The rule itself, a pure function of the current state. */
  DependencyStatus apply(DependencyStatus s) {
    long v = s.version() + 1;
    return switch (kind) {
      case DETECTED -> s.available() ? isolated(v, suspension, cause) : null;
      case FORCE_ISOLATE -> s.state() == IsolationState.ISOLATED ? null : isolated(v, suspension, cause);
      case FORCE_LIFT -> s.available() ? null : available(v);
      case CLAIM_PROBE, FORCE_PROBE -> s.dueForProbe(now, kind == Kind.FORCE_PROBE)
          ? new DependencyStatus(IsolationState.PROBING, v, s.state() == IsolationState.PROBING ? s.since() : now,
              s.nextProbeAt(), s.suspensionSeconds(), s.probeSuccesses(), member, now.plus(claimFor),
              s.state() == IsolationState.PROBING ? s.cause() : cause)
          : null;
      case PROBE_SUCCEEDED -> !probing(s) ? null : s.probeSuccesses() + 1 >= probesToLift ? available(v)
          : new DependencyStatus(IsolationState.PROBING, v, s.since(), now.plus(probeInterval), s.suspensionSeconds(),
              s.probeSuccesses() + 1, null, null, s.cause());
      case PROBE_FAILED -> !probing(s) ? null
          : isolated(v, longer(Duration.ofSeconds(s.suspensionSeconds())), cause);
      case RESTORE -> s.version() >= restored.version() ? null : restored;
    };
  }

  private boolean probing(DependencyStatus s) {
    return s.state() == IsolationState.PROBING && member.equals(s.prober());
  }

  /** The next suspension after a failed probe: double the last one, never below the base nor above the cap. */
  private Duration longer(Duration last) {
    Duration doubled = last.multipliedBy(2);
    Duration atLeast = doubled.compareTo(suspension) < 0 ? suspension : doubled;
    return atLeast.compareTo(maxSuspension) > 0 ? maxSuspension : atLeast;
  }

  private DependencyStatus isolated(long version, Duration lasting, String why) {
    return new DependencyStatus(IsolationState.ISOLATED, version, now, now.plus(lasting), lasting.toSeconds(), 0,
        null, null, why);
  }

  private DependencyStatus available(long version) {
    return new DependencyStatus(IsolationState.AVAILABLE, version, now, null, 0, 0, null, null, cause);
  }
}
