package hpf.channel;

import hpf.kit.Requests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every listener: request id (the caller's {@code X-Request-Id} when well formed, else a new
 * one, echoed back), then at the end one timer sample and one access-log line per request (a flood of one 4xx
 * status is sampled, see {@link AccessLogSampler}).
 */
public final class RequestTracking implements PlatformHandler {

  public static final String HEADER = "X-Request-Id";
  private static final Logger ACCESS = LoggerFactory.getLogger("hpf.access");
  private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");
  private static final String KEY_OUTCOME = "hpf.outcome";

  /**
   * Bucket bounds of {@code hpf_listener_requests}: few (5 listeners x 10 series), fine where the targets are.
   * The per-operation timer above has no buckets: with its labels they would be thousands of series.
   */
  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final Zone zone;
  private final MeterRegistry registry;
  /** Its one series per listener is known up front: registered once, not looked up per request. */
  private final Timer listenerTimer;
  private final AccessLogSampler sampler;

  public RequestTracking(Zone zone, MeterRegistry registry) {
    this.zone = zone;
    this.registry = registry;
    this.listenerTimer = Timer.builder("hpf_listener_requests")
        .description("Requests answered per listener, in latency buckets: percentiles across members and the"
            + " centers' targets (ordinary business < 5 s, bulk queries < 10 s)")
        .tags("listener", zone.label())
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry);
    this.sampler = new AccessLogSampler(ACCESS, zone.label(), registry, System::nanoTime);
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String offered = ctx.request().getHeader(HEADER);
    String id = offered != null && CALLER_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    Requests.recordRequestId(ctx, id);
    if (zone != Zone.PUBLIC) {
      Requests.recordChannel(ctx, zone.label());
    }
    ctx.response().putHeader(HEADER, id);
    ctx.addEndHandler(done -> finished(ctx, start));
    ctx.next();
  }

  private void finished(RoutingContext ctx, long start) {
    long nanos = System.nanoTime() - start;
    int status = ctx.response().getStatusCode();
    String operation = Requests.operationId(ctx);
    String channel = Requests.channel(ctx);
    String outcome = ctx.get(KEY_OUTCOME, status < 400 ? "ok" : "status_" + status);
    Timer.builder("hpf_channel_requests")
        .description("Requests answered by the listeners, by channel, operation, outcome (ok or problem code)"
            + " and status class")
        .tags("channel", channel, "operation", operation, "outcome", outcome, "status", statusClass(status))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    listenerTimer.record(nanos, TimeUnit.NANOSECONDS);
    if (!sampler.admit(status)) {
      return; // a flood of one 4xx status: counted and summarized, not one line each
    }
    ACCESS.atInfo()
        .addKeyValue("requestId", Requests.requestId(ctx))
        .addKeyValue("listener", zone.label())
        .addKeyValue("channel", channel)
        .addKeyValue("operationId", operation)
        .addKeyValue("method", ctx.request().method().name())
        .addKeyValue("path", ctx.request().path())
        .addKeyValue("status", status)
        .addKeyValue("durationMs", TimeUnit.NANOSECONDS.toMicros(nanos) / 1000.0)
        .log("access");
  }

  /**
   * {@code 2xx}, {@code 4xx}, {@code 5xx}...: bounded (five values), so alerts can take an error ratio without
   * knowing which problem codes answer 5xx.
   */
  static String statusClass(int status) {
    return status / 100 + "xx";
  }



  static void recordOperation(RoutingContext ctx, String operationId) {
    Requests.recordOperation(ctx, operationId);
  }

  static void recordOutcome(RoutingContext ctx, String problemCode) {
    ctx.put(KEY_OUTCOME, problemCode);
  }

}
