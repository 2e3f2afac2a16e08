package hpf.loan.servicing;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/**
 * Servicing's overdue gauges in a Prometheus registry of their own, refreshed for a chosen day, so a test reads
 * them as scraped without the platform's timer (which refreshes for today) writing over them.
 */
public final class OverdueGauges {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ServicingMetrics metrics;

  public OverdueGauges(Pool pool) {
    metrics = new ServicingMetrics(registry, pool, Clock.systemUTC());
  }

  /** Refreshes the gauges as of {@code day} and answers the scrape. */
  public String scrapeAsOf(LocalDate day) throws Exception {
    metrics.refresh(day).await(30, TimeUnit.SECONDS);
    return registry.scrape();
  }

  /** The value of {@code name}'s series for the band in a scrape. */
  public static double value(String scrape, String name, String band) {
    String series = name + "{days=\"" + band + "\"} ";
    return scrape.lines().filter(l -> l.startsWith(series))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length()).trim())).findFirst()
        .orElseThrow(() -> new AssertionError("no series " + series + "in\n" + scrape));
  }

  /** The overdue amount of the band in a scrape, back to yuan and fen. */
  public static BigDecimal amount(String scrape, String band) {
    return BigDecimal.valueOf(value(scrape, "hpf_loan_overdue_amount_yuan", band)).setScale(2, RoundingMode.HALF_UP);
  }

  public static long loans(String scrape, String band) {
    return (long) value(scrape, "hpf_loan_overdue_loans", band);
  }
}
