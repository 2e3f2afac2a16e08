package hpf.isolation;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One outbound dependency as the guard sees it: its id (a metric label, e.g. {@code national.lease_filing}), the
 * service's Chinese name (shown to users when it is isolated), the guard's tuning, and its synthetic probe: a
 * request the platform makes up itself, never a user's.
 */
public record Dependency(String id, String name, Tuning tuning, Supplier<Future<Void>> probe) {

  public Dependency {
    if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException("dependency id must be 1-64 lower-case letters, digits, '.', '_' or '-': " + id);
    }
  }

  /** With the default tuning. */
  public static Dependency of(String id, String name, Supplier<Future<Void>> probe) {
    return new Dependency(id, name, Tuning.DEFAULTS, probe);
  }

  public Dependency with(Tuning tuning) {
    return new Dependency(id, name, tuning, probe);
  }

  /**
   * How the guard treats the dependency. Detection: {@code consecutiveFailures} failures in a row, or a failure
   * ratio of at least {@code failureRatio} over the last {@code window} calls once {@code minimumCalls} were made;
   * calls slower than {@code slowCall} count as failures. Isolation lasts {@code suspension}; a failed probe
   * doubles it up to {@code maxSuspension}; {@code probesToLift} successful probes in a row, {@code probeInterval}
   * apart, lift it.
   */
  public record Tuning(Duration timeout, int maxConcurrent, int consecutiveFailures, int window, int minimumCalls,
                       double failureRatio, Duration slowCall, Duration suspension, Duration maxSuspension,
                       int probesToLift, Duration probeInterval) {

    public static final Tuning DEFAULTS = new Tuning(Duration.ofSeconds(3), 32, 5, 20, 10, 0.5,
        Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(60), 2, Duration.ofSeconds(10));

    public Tuning {
      if (timeout.isNegative() || timeout.isZero() || maxConcurrent < 1 || consecutiveFailures < 1 || window < 1
          || minimumCalls < 1 || minimumCalls > window || failureRatio <= 0 || failureRatio > 1
          || slowCall.isNegative() || slowCall.isZero() || suspension.isNegative() || suspension.isZero()
          || maxSuspension.compareTo(suspension) < 0 || probesToLift < 1 || probeInterval.isNegative()) {
        throw new IllegalArgumentException("inconsistent dependency tuning (timeout " + timeout + ", maxConcurrent "
            + maxConcurrent + ", window " + window + "/" + minimumCalls + ", ratio " + failureRatio + ", suspension "
            + suspension + "-" + maxSuspension + ", probesToLift " + probesToLift + ")");
      }
    }
  }
}
