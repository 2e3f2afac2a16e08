package hpf.identity;

import hpf.kit.Settings;
import java.time.Duration;

/**
 * The operator accounts' security settings: session idle and absolute lifetimes, the per-account lockout (failures
 * before a lock, first lock length, doubling per further lock up to a day), the per-source-address failure limit,
 * and the issuer name authenticator apps show.
 */
public record OperatorPolicy(Duration idleTimeout, Duration absoluteTimeout, int maxFailures, Duration lock,
                             int sourceMaxFailures, Duration sourceWindow, String issuer) {

  /** The longest a growing lock lasts. */
  static final Duration MAX_LOCK = Duration.ofDays(1);

  public static OperatorPolicy from(Settings s) {
    return new OperatorPolicy(Duration.ofMinutes(s.integer("HPF_OPERATOR_IDLE_MINUTES", 1, 240)),
        Duration.ofHours(s.integer("HPF_OPERATOR_SESSION_HOURS", 1, 24)),
        s.integer("HPF_OPERATOR_MAX_FAILURES", 1, 20),
        Duration.ofMinutes(s.integer("HPF_OPERATOR_LOCK_MINUTES", 1, 1440)),
        s.integer("HPF_OPERATOR_SOURCE_MAX_FAILURES", 5, 10_000),
        Duration.ofMinutes(s.integer("HPF_OPERATOR_SOURCE_WINDOW_MINUTES", 1, 1440)),
        s.string("HPF_OPERATOR_OTP_ISSUER"));
  }

  /** The lock after the n-th failure: none until a multiple of maxFailures, then lock, 2×lock, 4×lock... capped. */
  Duration lockAfter(int failures) {
    if (failures < maxFailures || failures % maxFailures != 0) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures / maxFailures - 1, 16);
    Duration grown = lock.multipliedBy(1L << doublings);
    return grown.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : grown;
  }
}
