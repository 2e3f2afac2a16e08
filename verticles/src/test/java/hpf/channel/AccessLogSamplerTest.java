package hpf.channel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A second of floods: each 4xx status has its own allowance, 2xx and 5xx always pass, a summary follows. */
class AccessLogSamplerTest {

  @Test
  void aFloodOfOneStatusIsSampledAndSummarizedWithoutHidingOthers() {
    Logger log = (Logger) LoggerFactory.getLogger("hpf.access.sampler-test");
    log.setLevel(Level.INFO);
    log.setAdditive(false);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    AtomicLong nanos = new AtomicLong(5_000_000_000L);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AccessLogSampler sampler = new AccessLogSampler(log, "public", registry, nanos::get);

    long written401 = IntStream.range(0, 1000).filter(i -> sampler.admit(401)).count();
    assertThat(written401).isEqualTo(AccessLogSampler.PER_SECOND);
    assertThat(IntStream.range(0, 5).allMatch(i -> sampler.admit(400))).isTrue();
    assertThat(IntStream.range(0, 100).allMatch(i -> sampler.admit(200) && sampler.admit(503))).isTrue();
    assertThat(registry.get("hpf_access_log_suppressed").tag("status", "401").counter().count()).isEqualTo(980);
    assertThat(lines.list).isEmpty();

    nanos.addAndGet(1_000_000_000L); // the next second: its first answer brings the summary of the last
    assertThat(sampler.admit(401)).isTrue();
    assertThat(lines.list).hasSize(1);
    assertThat(lines.list.get(0).getFormattedMessage()).contains("980", "401");
    nanos.addAndGet(1_000_000_000L);
    sampler.admit(200);
    assertThat(lines.list).hasSize(1); // nothing was left out in the second before
    log.detachAppender(lines);
  }
}
