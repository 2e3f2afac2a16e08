package hpf.boot;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * The process-wide Prometheus registry. Vert.x reports HTTP server/client, pool and JVM meters into it;
 * the rooms add their own {@code hpf_*} meters. Labels stay bounded: Vert.x's defaults (method, code,
 * pool type/name) and never a path.
 */
public final class Metrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public MicrometerMetricsFactory vertxFactory() {
    return new MicrometerMetricsFactory(registry);
  }

  public static MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true);
  }

  public String scrape() {
    return registry.scrape();
  }
}
