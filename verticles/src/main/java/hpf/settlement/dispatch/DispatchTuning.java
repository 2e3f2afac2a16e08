package hpf.settlement.dispatch;

import java.time.Duration;

/**
 * How the dispatcher paces itself: at most {@code perBankConcurrency} calls in flight per bank and instance (claimed
 * a quarter of them at a time, {@link #claimBatch}). {@code lease} must outlast a bank call (the protocol's 30 s timeout): a row
 * whose lease runs out is taken as UNKNOWN by any instance. Result queries back off from {@code queryBackoff}
 * doubling to {@code queryBackoffCap}; after {@code maxChecks} queries without a final answer the instruction goes
 * to MANUAL_REVIEW. A query that finds no such transaction sends it again with the same serial only once the
 * first send is surely over ({@code resendAfter}, beyond the bank's own timeout).
 */
public record DispatchTuning(int perBankConcurrency, Duration pollInterval, Duration lease, Duration notSentRetry,
                             Duration queryBackoff, Duration queryBackoffCap, int maxChecks, Duration resendAfter) {

  public static DispatchTuning defaults() {
    return new DispatchTuning(32, Duration.ofMillis(200), Duration.ofSeconds(90), Duration.ofSeconds(10),
        Duration.ofSeconds(5), Duration.ofMinutes(10), 20, Duration.ofSeconds(60));
  }

  /**
   * The fewest free slots of a bank worth a round of claims when a call ends (a quarter of its slots): one claim
   * statement then takes that many rows, not one.
   */
  int claimBatch() {
    return Math.max(1, perBankConcurrency / 4);
  }

  /** The wait before the next query after {@code checks} queries: doubling, capped. */
  Duration backoff(int checks) {
    long millis = queryBackoff.toMillis() << Math.min(Math.max(checks, 0), 20);
    return Duration.ofMillis(Math.min(millis, queryBackoffCap.toMillis()));
  }
}
