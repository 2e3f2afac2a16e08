package hpf.boot;

import hpf.channel.ApiRouter;
import hpf.channel.Contracts;
import hpf.channel.HttpListener;
import hpf.channel.Zone;
import hpf.kit.BuildInfo;
import hpf.kit.StartupException;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running platform process: clustered Vert.x, database and migrations, the five listeners. Start-up
 * undoes what it did when a step fails; {@link #stop()} drains the listeners, closes the pool, leaves the
 * cluster and stops the embedded database.
 */
public final class HpfApplication {

  private static final Logger LOG = LoggerFactory.getLogger(HpfApplication.class);

  private final HpfConfig config;
  private final Metrics metrics = new Metrics();
  /**
   * Whether this instance takes traffic: false until the start has completed (readiness stays DOWN while, e.g., the
   * demo story runs through the public listener, so a probe or a SIGTERM never meets a half-started instance), and
   * false again from the first step of a graceful stop.
   */
  private final AtomicBoolean accepting = new AtomicBoolean();
  private final Map<Zone, Integer> ports = new ConcurrentHashMap<>();
  private final Map<Zone, String> deployments = new ConcurrentHashMap<>();
  private final Instant startedAt = Instant.now();
  private CompletableFuture<EmbeddedDatabase> embedded = CompletableFuture.completedFuture(null);
  private DataDirLock dataDirLock;
  private HazelcastClusterManager cluster;
  private Vertx vertx;
  private Database.Target database;
  private Database.Target runtimeDatabase;
  private Pool pool;
  private String schemaVersion;
  private Wiring wiring;
  /** The settlement runtime verticle's deployment; null when this instance does not dispatch. */
  private volatile String settlementDeployment;

  private HpfApplication(HpfConfig config) {
    this.config = config;
  }

  /** Starts everything; on failure, stops what had started and fails with the first cause. */
  public static Future<HpfApplication> start(HpfConfig config) {
    HpfApplication app = new HpfApplication(config);
    return app.boot().map(app).recover(e -> app.stop().transform(ignored -> Future.failedFuture(e)));
  }

  private Future<Void> boot() {
    long begin = System.nanoTime();
    try {
      dataDirLock = DataDirLock.acquire(config.dataDir());
    } catch (StartupException e) {
      return Future.failedFuture(e);
    }
    if (config.database().embedded()) {
      // The embedded database starts while the cluster forms: the two slowest steps overlap.
      embedded = CompletableFuture.supplyAsync(
          () -> EmbeddedDatabase.start(config.dataDir(), config.database().embeddedPort()), Daemon.executor("hpf-embedded-db"));
    }
    cluster = Cluster.manager(config.cluster());
    return Vertx.builder()
        // A fixed event bus port lets a firewall or NetworkPolicy open it between members only (0: any free port).
        .with(new VertxOptions().setMetricsOptions(Metrics.vertxOptions())
            .setEventBusOptions(new io.vertx.core.eventbus.EventBusOptions().setPort(config.cluster().eventBusPort())))
        .withMetrics(metrics.vertxFactory())
        .withClusterManager(cluster)
        .buildClustered()
        .recover(e -> Future.failedFuture(new StartupException("cannot join cluster " + config.cluster().maskedName()
            + " (HPF_CLUSTER_*): " + e.getMessage(), e)))
        .compose(v -> {
          vertx = v;
          return Future.fromCompletionStage(embedded, v.getOrCreateContext());
        })
        .compose(db -> {
          database = db != null ? Database.embedded(db) : Database.externalOwner(config.database());
          return Database.awaitReachable(vertx, database, config.database().connectTimeout());
        })
        .compose(v -> Database.migrate(vertx, database))
        // Migrations ran as the owner; the runtime pool connects as a user with rights on rows only.
        .compose(version -> {
          schemaVersion = version;
          return vertx.executeBlocking(() -> Database.runtime(database, config), false);
        })
        .compose(runtime -> {
          runtimeDatabase = runtime;
          pool = Database.pool(vertx, runtime, config.database().poolSize());
          return Database.checkRuntimeUser(pool, config.sandbox());
        })
        // Before any room touches a cluster map: a cluster serving another database is left, not joined.
        .compose(v -> DatabaseIdentity.requireClusterOf(vertx, cluster.getHazelcastInstance(), pool, runtimeDatabase))
        .compose(v -> {
          wiring = new Wiring(config, vertx, pool, runtimeDatabase, cluster,
              new Health(pool, schemaVersion, cluster, metrics, accepting), this::describe, metrics.registry());
          return wiring.prepare();
        })
        .compose(v -> deploySettlement())
        .compose(v -> {
          // The demo data (first start only) is written while the contracts are read: two slow steps overlap, and
          // both are done before any listener, and so readiness, is up.
          Future<Map<Zone, Contracts.Bundled>> specs = vertx.executeBlocking(this::specs, false);
          return Future.all(specs, wiring.demoData()).map(all -> specs.result());
        })
        .compose(this::deployListeners)
        .onSuccess(v -> wiring.sandbox().bankListening(config.listeners().bindHost(), ports.get(Zone.BANK)))
        // Through the public API, so before the start is reported done (the first start of a demo database only).
        .compose(v -> wiring.sandbox().demoStory(config.listeners().bindHost(), ports.get(Zone.PUBLIC)))
        .onSuccess(v -> {
          accepting.set(true);
          double seconds = (System.nanoTime() - begin) / 1e9;
          Gauge.builder("hpf_boot_startup_seconds", () -> seconds)
              .description("Seconds from process start-up call to ready").register(metrics.registry());
          LOG.atInfo().addKeyValue("ports", ports.toString()).addKeyValue("startupSeconds", seconds)
              .addKeyValue("database", config.database().embedded() ? "embedded " + database : database.toString())
              .addKeyValue("schemaVersion", schemaVersion)
              .log("HPF ready");
        });
  }

  /** Blocking (classpath reads): the bundled contract of each zone. */
  private Map<Zone, Contracts.Bundled> specs() {
    Map<Zone, Contracts.Bundled> specs = new EnumMap<>(Zone.class);
    for (Zone zone : Zone.values()) {
      specs.put(zone, Contracts.bundle(zone));
    }
    return specs;
  }

  /** The settlement runtime as its own verticle, when this instance dispatches (HPF_SETTLEMENT_DISPATCH). */
  private Future<Void> deploySettlement() {
    hpf.settlement.dispatch.SettlementRuntime runtime = wiring.settlementRuntime();
    return runtime == null ? Future.succeededFuture()
        : vertx.deployVerticle(runtime).onSuccess(id -> settlementDeployment = id).mapEmpty();
  }

  /** Which room answers which of the zone's operations (see {@link ZoneRouting}). */
  Map<String, Handler<RoutingContext>> handlers(Zone zone) {
    return wiring.routing().handlers(zone);
  }

  private Future<Void> deployListeners(Map<Zone, Contracts.Bundled> specs) {
    List<Future<?>> started = new ArrayList<>();
    for (Zone zone : Zone.values()) {
      Contracts.Bundled bundled = specs.get(zone);
      Map<String, Handler<RoutingContext>> handlers = handlers(zone);
      started.add(Contracts.forValidation(vertx, bundled)
          // Compiling the contract's validators takes a good part of a second: not on the start-up event loop.
          .compose(contract -> vertx.executeBlocking(() -> new ApiRouter.Spec(bundled, contract, handlers)))
          .compose(spec -> {
            int port = port(zone);
            // Port 0 means "any free port": every instance would get a different one, so one instance only.
            int instances = zone == Zone.PUBLIC && port != 0 ? config.listeners().publicInstances() : 1;
            return vertx.deployVerticle(() -> new HttpListener(zone, config.listeners().bindHost(), port,
                    config.listeners().shutdownGrace(),
                    () -> ApiRouter.create(vertx, spec, metrics.registry(), config.listeners().maxBodyBytes(),
                        wiring.routing().security(zone), wiring.routing().traffic(zone),
                        // The sandbox's public docs page signs "try it out" requests; no listener has it outside.
                        hpf.sandbox.DocsSigning.aid(config.sandbox(), zone)),
                    actual -> ports.put(zone, actual)),
                new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> deployments.put(zone, id));
          }));
    }
    return Future.all(started).mapEmpty();
  }

  private int port(Zone zone) {
    HpfConfig.ListenerConfig l = config.listeners();
    return switch (zone) {
      case PUBLIC -> l.publicPort();
      case BANK -> l.bankPort();
      case INTEROP -> l.interopPort();
      case ADMIN -> l.adminPort();
      case MANAGEMENT -> l.managementPort();
    };
  }

  /** What operators see at the admin API: no secrets. */
  private SystemInfo.Facts describe() {
    List<String> members = cluster.getHazelcastInstance() == null ? List.of()
        : cluster.getHazelcastInstance().getCluster().getMembers().stream()
            .map(m -> m.getAddress().getHost() + ":" + m.getAddress().getPort()).sorted().toList();
    return new SystemInfo.Facts(BuildInfo.current().version(), cluster.getNodeId(), startedAt,
        schemaVersion, config.database().embedded() ? "embedded" : "external", config.cluster().maskedName(), members,
        config.sandbox(), Map.copyOf(ports));
  }

  /**
   * Graceful stop: readiness turns DOWN, business listeners stop accepting and finish in-flight requests
   * (bounded by the grace period), then management, the pool, the cluster and the embedded database.
   */
  public Future<Void> stop() {
    accepting.set(false);
    if (vertx == null) {
      return stopEmbedded();
    }
    List<Future<?>> business = new ArrayList<>();
    deployments.forEach((zone, id) -> {
      if (zone != Zone.MANAGEMENT) {
        business.add(vertx.undeploy(id));
      }
    });
    return Future.join(business)
        // Bank calls in flight finish (bounded) while the pool is open: their answers are booked, not left UNKNOWN.
        .transform(ignored -> settlementDeployment != null ? vertx.undeploy(settlementDeployment)
            : Future.succeededFuture())
        // The last traffic counts reach PostgreSQL before the pool closes: a restart goes on from them.
        .transform(ignored -> wiring != null ? wiring.routing().parts().traffic().close() : Future.succeededFuture())
        .transform(ignored -> deployments.containsKey(Zone.MANAGEMENT)
            ? vertx.undeploy(deployments.get(Zone.MANAGEMENT)) : Future.succeededFuture())
        .transform(ignored -> pool != null ? pool.close() : Future.succeededFuture())
        .transform(ignored -> vertx.close())
        .transform(ignored -> stopEmbedded())
        // andThen, not onComplete: whoever awaits the stop (then exits) sees it only after the line is logged.
        .andThen(ignored -> LOG.info("HPF stopped"));
  }

  private Future<Void> stopEmbedded() {
    // Stopping PostgreSQL blocks for a moment: never on a Vert.x thread.
    return Future.fromCompletionStage(embedded.handleAsync((db, error) -> {
      if (db != null) {
        db.close();
      }
      if (dataDirLock != null) {
        dataDirLock.close();
      }
      return null;
    }, Daemon.executor("hpf-embedded-db-stop")));
  }

  public Map<Zone, Integer> ports() {
    return Map.copyOf(ports);
  }

  /** Where the sandbox third parties listen (0 when HPF_SANDBOX=false). */
  public int sandboxPort() {
    return wiring.sandbox().port();
  }

  /** The sandbox partner banks (their books, behaviours and pushes), or null when HPF_SANDBOX=false. */
  public hpf.sandbox.bank.SandboxBank sandboxBank() {
    return wiring.sandbox().bank();
  }

  /** Where a sandbox bank's BDC listener is (0 when HPF_SANDBOX=false or there is no such demo bank). */
  public int sandboxBankPort(String bankCode) {
    return wiring.sandbox().bank() == null ? 0 : wiring.sandbox().bank().port(bankCode);
  }

  /** The daily reconciliation with the partner banks (hpf.settlement.reconcile). */
  public hpf.settlement.reconcile.Reconciler reconciler() {
    return wiring.routing().parts().settlement().reconciler();
  }

  /** The review room: tests register their own business types with its {@link hpf.review.Reviews}. */
  public hpf.review.ReviewRoom review() {
    return wiring.routing().parts().review();
  }

  /** The loan room (hpf.loan): its servicing runs the day's deductions for a given day. */
  public hpf.loan.LoanRoom loan() {
    return wiring.routing().parts().loan();
  }

  /** The clock every room reads, with the business date the calendar room keeps. */
  public hpf.kit.BusinessClock clock() {
    return wiring.routing().parts().calendar().clock();
  }

  /** The guard of every outbound dependency (hpf.isolation). */
  public hpf.isolation.DependencyGuard dependencies() {
    return wiring.routing().parts().guard();
  }

  /** Channel traffic control (hpf.traffic): rate limits, quotas, counters. */
  public hpf.traffic.TrafficControl traffic() {
    return wiring.routing().parts().traffic();
  }

  /** This member's Hazelcast instance (cluster-wide state such as dependency isolation). */
  public com.hazelcast.core.HazelcastInstance hazelcast() {
    return cluster.getHazelcastInstance();
  }

  /** The government data source clients as configured (the sandbox's in the sandbox run). */
  public hpf.sources.DataSources dataSources() {
    return wiring.routing().parts().sources().dataSources();
  }

  public Metrics metrics() {
    return metrics;
  }

  /**
   * The target migrations ran as: the tables' owner (the embedded run's superuser). For tools and tests that must go
   * around the application's rights; the platform itself uses {@link #runtimeDatabase()}.
   */
  public Database.Target database() {
    return database;
  }

  /** The target the runtime pool connects as (no superuser, not the owner in the embedded run). */
  public Database.Target runtimeDatabase() {
    return runtimeDatabase;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public Duration uptime() {
    return Duration.between(startedAt, Instant.now());
  }
}
