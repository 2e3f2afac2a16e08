package hpf.settlement.dispatch;

import hpf.isolation.Dependency;
import java.time.Duration;

/**
 * The settlement runtime's tuning, by name: how each bank's guard judges the calls ({@code bankGuard}), how the
 * dispatcher paces itself ({@code dispatch}), the batch files ({@code batch}), how long a bank client waits to
 * connect ({@code connectTimeout}) and how long a graceful stop waits for the bank calls in flight ({@code drain}).
 */
public record SettlementTuning(Dependency.Tuning bankGuard, DispatchTuning dispatch, BatchTuning batch,
                               Duration connectTimeout, Duration drain) {

  /** The platform's tuning for a bank protocol timeout and the configured batch window and file size. */
  public static SettlementTuning of(Duration bankTimeout, BatchWindow window, int batchRows) {
    BatchTuning batch = BatchTuning.defaults(window);
    // Beyond the protocol's own timeout: the client gives up first and reports UNCERTAIN, never the guard.
    Duration beyondProtocol = bankTimeout.plusSeconds(5);
    return new SettlementTuning(bankGuard(beyondProtocol), DispatchTuning.defaults(),
        new BatchTuning(batch.window(), batchRows, batch.pollBackoff(), batch.pollBackoffCap(), batch.maxPolls(),
            batch.settleChunk()),
        Duration.ofSeconds(5), beyondProtocol);
  }

  /** A bank's guard: wider than a data source's (more calls at once, longer suspensions, slower calls expected). */
  static Dependency.Tuning bankGuard(Duration timeout) {
    int maxConcurrent = 64;
    int consecutiveFailures = 5;
    int window = 20;
    int minimumCalls = 10;
    double failureRatio = 0.5;
    Duration slowCall = Duration.ofSeconds(10);
    Duration suspension = Duration.ofMinutes(2);
    Duration maxSuspension = Duration.ofMinutes(30);
    int probesToLift = 2;
    Duration probeInterval = Duration.ofSeconds(10);
    return new Dependency.Tuning(timeout, maxConcurrent, consecutiveFailures, window, minimumCalls, failureRatio,
        slowCall, suspension, maxSuspension, probesToLift, probeInterval);
  }
}
