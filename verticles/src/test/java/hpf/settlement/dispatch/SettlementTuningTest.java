package hpf.settlement.dispatch;

import hpf.isolation.Dependency;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The settlement runtime's named tuning holds the figures the platform has always run with. */
class SettlementTuningTest {

  @Test
  void figuresByName() {
    SettlementTuning tuning = SettlementTuning.of(Duration.ofSeconds(30), BatchWindow.NIGHT, 1_000);
    assertThat(tuning.bankGuard()).isEqualTo(new Dependency.Tuning(Duration.ofSeconds(35), 64, 5, 20, 10, 0.5,
        Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(30), 2, Duration.ofSeconds(10)));
    assertThat(tuning.dispatch()).isEqualTo(DispatchTuning.defaults());
    BatchTuning defaults = BatchTuning.defaults(BatchWindow.NIGHT);
    assertThat(tuning.batch()).isEqualTo(new BatchTuning(BatchWindow.NIGHT, 1_000, defaults.pollBackoff(),
        defaults.pollBackoffCap(), defaults.maxPolls(), defaults.settleChunk()));
    assertThat(tuning.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(tuning.drain()).isEqualTo(Duration.ofSeconds(35));
  }
}
