package hpf.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two warnings every start used to print are gone for the reason the log configuration gives: Vert.x's own gauge
 * re-registrations are dropped (any other meter's still shows), and no platform code uses Hazelcast's CP structures,
 * whose UNSAFE-mode warning is therefore silenced.
 */
class StartupNoiseTest {

  private static final String VERTX_GAUGE = "This Gauge has been already registered (MeterId{name='vertx.net.client"
      + ".active.connections', tags=[]}), the registration will be ignored. Note that subsequent logs will be logged"
      + " at debug level.";

  @Test
  void onlyVertxOwnGaugeReRegistrationsAreDropped() {
    VertxGaugeReRegistrations filter = new VertxGaugeReRegistrations();
    assertThat(filter.decide(event(VertxGaugeReRegistrations.MICROMETER_REGISTRY, VERTX_GAUGE))).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(event(VertxGaugeReRegistrations.MICROMETER_REGISTRY,
        VERTX_GAUGE.replace("vertx.net.client.active.connections", "hpf_boot_ready")))).isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(event("hpf.boot.Health", VERTX_GAUGE))).isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void bothLogConfigurationsApplyTheFilterAndQuietTheCpWarning() throws IOException {
    for (Path config : List.of(Path.of("src/main/resources/logback.xml"), Path.of("src/test/resources/logback-test.xml"))) {
      assertThat(Files.readString(config)).as(config.toString())
          .contains("<filter class=\"hpf.boot.VertxGaugeReRegistrations\"/>")
          .contains("<logger name=\"com.hazelcast.cp.CPSubsystem\" level=\"ERROR\"/>");
    }
  }

  @Test
  void noPlatformCodeUsesHazelcastCpStructures() throws IOException {
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      assertThat(sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          String text = Files.readString(p);
          return text.contains("com.hazelcast.cp") || text.contains("getCPSubsystem");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList()).isEmpty();
    }
  }

  private static LoggingEvent event(String logger, String message) {
    LoggerContext context = new LoggerContext();
    return new LoggingEvent(StartupNoiseTest.class.getName(), context.getLogger(logger), Level.WARN, message, null, null);
  }
}
