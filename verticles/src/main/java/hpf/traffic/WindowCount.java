package hpf.traffic;

import com.hazelcast.map.EntryProcessor;
import java.io.Serializable;
import java.util.Map;

/**
 * One change of a per-member counter (key: operation, member digest and window start), run atomically by the
 * entry's owner. The map's time-to-live removes windows long past.
 */
final class WindowCount implements EntryProcessor<String, Long, WindowCount.Result> {

  private static final long serialVersionUID = 1L;

  /** accepted; over: the call did not fit (refused if enforced, else let through); used after the change. */
  record Result(boolean accepted, boolean over, long used) implements Serializable {}

  private final long delta;
  private final long limit;
  private final boolean enforce;

  private WindowCount(long delta, long limit, boolean enforce) {
    this.delta = delta;
    this.limit = limit;
    this.enforce = enforce;
  }

  static WindowCount charge(long limit, boolean enforce) {
    return new WindowCount(1, limit, enforce);
  }

  static WindowCount refund() {
    return new WindowCount(-1, Long.MAX_VALUE, false);
  }

  @Override
  public Result process(Map.Entry<String, Long> entry) {
    long used = entry.getValue() == null ? 0 : entry.getValue();
    boolean over = delta > 0 && used + delta > limit;
    if (over && enforce) {
      return new Result(false, true, used);
    }
    long after = Math.max(0, used + delta);
    entry.setValue(after);
    return new Result(true, over, after);
  }
}
