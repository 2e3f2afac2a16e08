package hpf.isolation;

/**
 * This instance's view of a dependency's recent calls: consecutive failures, and the outcomes of the last
 * {@code window} calls in a ring. Each instance detects on its own traffic; the isolation it triggers is then
 * shared by the whole cluster. Synchronized: calls complete on several event loops.
 */
final class FailureDetector {

  private final Dependency.Tuning tuning;
  private final boolean[] failed;
  private int next;
  private int recorded;
  private int failures;
  private int consecutive;

  FailureDetector(Dependency.Tuning tuning) {
    this.tuning = tuning;
    this.failed = new boolean[tuning.window()];
  }

  /** Records one outcome; answers the cause when the dependency should now be isolated, else null. */
  synchronized String record(boolean failure) {
    if (recorded == failed.length && failed[next]) {
      failures--;
    }
    failed[next] = failure;
    next = (next + 1) % failed.length;
    recorded = Math.min(recorded + 1, failed.length);
    if (failure) {
      failures++;
      consecutive++;
    } else {
      consecutive = 0;
    }
    if (failure && consecutive >= tuning.consecutiveFailures()) {
      return "连续 " + consecutive + " 次调用失败";
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
    consecutive = 0;
  }
}
