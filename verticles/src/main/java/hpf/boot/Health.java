package hpf.boot;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The management listener's operations: liveness (the process answers), readiness (database reachable,
 * migrations applied, cluster joined, started and not draining) and the Prometheus scrape. Four futures and the contract's
 * answer ({@code checks} an object by name): vertx-health-check's handler answers another shape, so it is not used.
 */
public final class Health {

  private static final long CHECK_TIMEOUT_MS = 2000;
  /** The paths probes and scrapers reach without credentials; any other path on the listener is refused (401). */
  static final java.util.Set<String> OPEN_PATHS = java.util.Set.of("/health/live", "/health/ready", "/metrics");

  private final Pool pool;
  private final String schemaVersion;
  private final HazelcastClusterManager cluster;
  private final Metrics metrics;
  /** False until the start has completed and again once a graceful stop began. */
  private final AtomicBoolean accepting;
  private volatile boolean lastReady;

  public Health(Pool pool, String schemaVersion, HazelcastClusterManager cluster, Metrics metrics,
                AtomicBoolean accepting) {
    this.pool = pool;
    this.schemaVersion = schemaVersion;
    this.cluster = cluster;
    this.metrics = metrics;
    this.accepting = accepting;
    Gauge.builder("hpf_boot_ready", () -> lastReady ? 1 : 0)
        .description("1 when the last readiness check passed").register(metrics.registry());
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getLiveness", ctx -> json(ctx, 200, new JsonObject().put("status", "UP")),
        "getReadiness", this::readiness,
        "getMetrics", ctx -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
            .end(metrics.scrape()));
  }

  private void readiness(RoutingContext ctx) {
    Future<Boolean> database = bounded(pool.query("SELECT 1").execute().map(rows -> true));
    Future<Boolean> migrations = bounded(Database.migrationsApplied(pool, schemaVersion));
    boolean clusterUp = Cluster.joined(cluster);
    Future.join(database, migrations).onComplete(ignored -> {
      boolean dbUp = database.succeeded() && database.result();
      boolean schemaUp = migrations.succeeded() && migrations.result();
      boolean accepting = this.accepting.get();
      boolean ready = dbUp && schemaUp && clusterUp && accepting;
      lastReady = ready;
      JsonObject checks = new JsonObject()
          .put("database", up(dbUp))
          .put("migrations", up(schemaUp))
          .put("cluster", up(clusterUp))
          .put("accepting", up(accepting));
      json(ctx, ready ? 200 : 503, new JsonObject().put("status", up(ready)).put("checks", checks)
          .put("schemaVersion", schemaVersion));
    });
  }

  private static Future<Boolean> bounded(Future<Boolean> check) {
    return check.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private static String up(boolean ok) {
    return ok ? "UP" : "DOWN";
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }
}
