package hpf.settlement.dispatch;

import java.time.Duration;

/**
 * How batch files go: the night {@code window}, at most {@code maxRows} rows a file, the bank polled (BDC107)
 * from {@code pollBackoff} doubling to {@code pollBackoffCap}, and after {@code maxPolls} polls without an end the
 * rows are asked about one by one (UNKNOWN). {@code settleChunk} rows settle in one transaction.
 */
public record BatchTuning(BatchWindow window, int maxRows, Duration pollBackoff, Duration pollBackoffCap, int maxPolls,
                          int settleChunk) {

  public BatchTuning {
    if (maxRows < 1 || maxRows > 5_000 || settleChunk < 1 || maxPolls < 1) {
      throw new IllegalArgumentException("maxRows 1..5000, settleChunk and maxPolls at least 1");
    }
  }

  public static BatchTuning defaults(BatchWindow window) {
    return new BatchTuning(window, 5_000, Duration.ofSeconds(5), Duration.ofMinutes(5), 200, 100);
  }

  /** The wait before the next poll after {@code polls} polls: doubling, capped. */
  Duration backoff(int polls) {
    long millis = pollBackoff.toMillis() << Math.min(Math.max(polls, 0), 20);
    return Duration.ofMillis(Math.min(millis, pollBackoffCap.toMillis()));
  }
}
