package hpf.boot;

import hpf.channel.Zone;
import hpf.kit.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One real platform per test JVM: embedded PostgreSQL in a temporary data directory, a single-member
 * cluster with its own name, every listener on a free loopback port. Stopped when the JVM ends.
 */
public final class TestPlatform {

  private static HpfApplication app;
  private static Path dataDir;
  private static String clusterName;

  private TestPlatform() {}

  public static synchronized HpfApplication app() {
    if (app == null) {
      try {
        dataDir = Files.createTempDirectory("hpf-test-");
        Map<String, String> overrides = overrides(dataDir);
        clusterName = overrides.get("HPF_CLUSTER_NAME");
        app = HpfApplication.start(HpfConfig.from(Settings.of(overrides))).await(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("test platform did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          app.stop().await(60, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // the JVM is ending anyway
        }
      }));
    }
    return app;
  }

  /** The operationIds the running platform wires for a zone. */
  public static java.util.Set<String> handlers(Zone zone) {
    return app().handlers(zone).keySet();
  }

  /** Settings for a second member of the shared platform's cluster, on the same database. */
  public static Map<String, String> secondMemberOverrides() throws IOException {
    Map<String, String> o = externalDatabaseOverrides();
    o.put("HPF_CLUSTER_NAME", clusterName);
    return o;
  }

  public static Path dataDir() {
    app();
    return dataDir;
  }

  public static int port(Zone zone) {
    return app().ports().get(zone);
  }

  /** Settings for a further instance in the same JVM: loopback, free ports, its own cluster name. */
  public static Map<String, String> overrides(Path dataDir) {
    Map<String, String> o = new HashMap<>();
    o.put("HPF_DATA_DIR", dataDir.toString());
    o.put("HPF_BIND_HOST", "127.0.0.1");
    for (Zone zone : Zone.values()) {
      o.put(zone.portKey(), "0");
    }
    o.put("HPF_PUBLIC_INSTANCES", "1");
    o.put("HPF_SANDBOX_PORT", "0");
    o.put("HPF_SANDBOX_BANK_PORT", "0");
    // Tests start their own dispatchers (hpf.settlement.dispatch tests): the others see instructions wait as written.
    o.put("HPF_SETTLEMENT_DISPATCH", "false");
    o.put("HPF_CLUSTER_NAME", "hpf-test-" + UUID.randomUUID().toString().substring(0, 8));
    o.put("HPF_SHUTDOWN_GRACE_SECONDS", "5");
    // Tests make their own data; the demo set has its own tests (hpf.dataset).
    o.put("HPF_DEMO_DATASET", "false");
    // Every test calls from 127.0.0.1 and many are refused on purpose: one source's refusals must not spend the
    // unverified-traffic budget the next test class needs (hpf.traffic.UnverifiedTrafficTest sets small ones).
    o.put("HPF_UNVERIFIED_BURST_PER_SOURCE", "1000000");
    o.put("HPF_UNVERIFIED_RATE_PER_SOURCE", "1000000");
    o.put("HPF_UNVERIFIED_BURST_GLOBAL", "10000000");
    o.put("HPF_UNVERIFIED_RATE_GLOBAL", "1000000");
    return o;
  }

  /** Settings for an instance that uses the shared platform's database as an external PostgreSQL. */
  public static Map<String, String> externalDatabaseOverrides() throws IOException {
    Database.Target db = app().runtimeDatabase();
    Database.Target owner = app().database();
    Map<String, String> o = overrides(Files.createTempDirectory("hpf-test-ext-"));
    o.put("HPF_DB_URL", "postgresql://" + db.host() + ":" + db.port() + "/" + db.database());
    // As in production: the runtime user has rights on rows only; the owner applies migrations.
    o.put("HPF_DB_USER", db.user());
    o.put("HPF_DB_PASSWORD", db.password());
    o.put("HPF_DB_MIGRATION_USER", owner.user());
    o.put("HPF_DB_MIGRATION_PASSWORD", owner.password());
    o.put("HPF_DB_POOL_SIZE", "4");
    return o;
  }
}
