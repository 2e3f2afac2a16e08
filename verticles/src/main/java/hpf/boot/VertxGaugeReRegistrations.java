package hpf.boot;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Micrometer's one-time "This Gauge has been already registered" warning when it is about one of Vert.x's own
 * meters. Vert.x registers its connection gauge (e.g. {@code vertx.net.client.active.connections}) again for every
 * connection with the same tags, sharing one counter per meter id, so the gauge stays right and the warning says
 * nothing. The same warning about any other meter (ours are {@code hpf_*}) still reaches the log.
 */
public final class VertxGaugeReRegistrations extends Filter<ILoggingEvent> {

  static final String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    return MICROMETER_REGISTRY.equals(event.getLoggerName()) && message != null
        && message.contains("has been already registered (MeterId{name='vertx.") ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
