package hpf.settlement.dispatch;

import hpf.boot.TestPlatform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.settlement.dispatch.SettlementFixture.BATCHES_ON_REQUEST;
import static hpf.settlement.dispatch.SettlementFixture.QUICK;
import static hpf.settlement.dispatch.SettlementFixture.instruction;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gauges behind the "batch overrunning its window" alert: the window's state follows the clock in Beijing time,
 * and a file the bank is still processing counts as unfinished until its results are settled.
 */
@ExtendWith(VertxExtension.class)
class BatchGaugesTest {


  private SettlementFixture f;
  private Dispatcher dispatcher;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    f = new SettlementFixture(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    if (dispatcher != null) {
      dispatcher.stop();
    }
    f.behave("102", new JsonObject());
  }

  @Test
  void theWindowGaugeFollowsBeijingTime() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // 15:30 UTC is 23:30 in Beijing: inside 22:00-06:00.
    new BatchGauges(TestPlatform.app().pool(), registry, BatchWindow.NIGHT,
        Clock.fixed(Instant.parse("2026-11-20T15:30:00Z"), ZoneOffset.UTC));
    assertThat(registry.get("hpf_settlement_batch_window_open").gauge().value()).isEqualTo(1.0);

    SimpleMeterRegistry noon = new SimpleMeterRegistry();
    new BatchGauges(TestPlatform.app().pool(), noon, BatchWindow.NIGHT,
        Clock.fixed(Instant.parse("2026-11-20T04:00:00Z"), ZoneOffset.UTC));
    assertThat(noon.get("hpf_settlement_batch_window_open").gauge().value()).isEqualTo(0.0);
  }

  @Test
  void aFileTheBankStillProcessesIsUnfinishedUntilSettled() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    BatchGauges gauges = new BatchGauges(TestPlatform.app().pool(), registry, BatchWindow.NEVER, Clock.systemUTC());
    SettlementFixture.Member member = f.member("102", "102");
    String application = f.withdraw(member, "80.00").getString("applicationId");
    dispatcher = f.dispatcher("gauges-" + UUID.randomUUID(), TestPlatform.app().vertx(), TestPlatform.app().pool(),
        QUICK, BATCHES_ON_REQUEST, Map.of());
    // Submitted, not yet polled: the dispatcher is not started, so the bank's result is not fetched.
    assertThat(SettlementFixture.await(dispatcher.batchNow("102"))).isTrue();
    assertThat(instruction(application).getUUID("batch_id")).isNotNull();
    SettlementFixture.await("the file counted as unfinished", () -> {
      gauges.refresh();
      return registry.get("hpf_settlement_batch_files_unfinished").tag("file", "payment").gauge().value() >= 1;
    });
    assertThat(registry.get("hpf_settlement_batch_oldest_unfinished_seconds").tag("file", "payment").gauge().value()).isGreaterThanOrEqualTo(0);

    dispatcher.start();
    SettlementFixture.await("the file settled and no longer unfinished", () -> {
      gauges.refresh();
      return "SUCCEEDED".equals(SettlementFixture.status(application))
          && registry.get("hpf_settlement_batch_files_unfinished").tag("file", "payment").gauge().value() == 0;
    });
    assertThat(registry.get("hpf_settlement_batch_oldest_unfinished_seconds").tag("file", "payment").gauge().value()).isEqualTo(0);
  }
}
