package hpf.isolation;

/**
 * The one detection rule the circuit breaker lacks: a failure ratio of at least {@code failureRatio} over the last
 * {@code window} calls, once {@code minimumCalls} were made (the breaker counts failures in a row only). Outcomes
 * in a ring; synchronized, as calls complete on several event loops.
 */
final class FailureDetector {

  private final Dependency.Tuning tuning;
  private final boolean[] failed;
  private int next;
  private int recorded;
  private int failures;

  FailureDetector(Dependency.Tuning tuning) {
    this.tuning = tuning;
    this.failed = new boolean[tuning.window()];
  }

  /** Records one outcome; answers the cause when the ratio says the dependency should now be isolated, else null. */
  synchronized String record(boolean failure) {
    if (recorded == failed.length && failed[next]) {
      failures--;
    }
    failed[next] = failure;
    next = (next + 1) % failed.length;
    recorded = Math.min(recorded + 1, failed.length);
    if (failure) {
      failures++;
    }
    if (failure && recorded >= tuning.minimumCalls() && failures >= tuning.failureRatio() * recorded) {
      return "最近 " + recorded + " 次调用中 " + failures + " 次失败";
    }
    return null;
  }

  /** Forgets the past: after a lift, old failures must not isolate the dependency again at once. */
  synchronized void reset() {
    java.util.Arrays.fill(failed, false);
    next = 0;
    recorded = 0;
    failures = 0;
  }
}
