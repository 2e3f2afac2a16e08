package hpf.boot;

import hpf.isolation.DependencyTuning;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import hpf.traffic.ChannelPolicies;
import hpf.traffic.PolicyException;
import hpf.traffic.UnverifiedTraffic;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The validated configuration of one process, built once at start-up from {@link Settings}. */
public record HpfConfig(
    DatabaseConfig database,
    Path dataDir,
    ListenerConfig listeners,
    ClusterConfig cluster,
    boolean sandbox,
    boolean demoDataset,
    SecurityConfig security,
    ThirdPartyConfig thirdParties,
    DependencyTuning dependencyTuning,
    ChannelPolicies channelPolicies,
    BankConfig banks,
    hpf.identity.OperatorPolicy operators,
    UnverifiedTraffic.Settings unverifiedTraffic) {

  /**
   * Partner banks: the center's node in the settlement protocol, the bank clients' transaction timeout, and the
   * sandbox banks' first BDC port (0 = any free port).
   */
  public record BankConfig(String centerNode, Duration timeout, int sandboxBankPort, boolean dispatch,
                           Map<String, BankEndpoint> endpoints, hpf.settlement.dispatch.BatchWindow batchWindow,
                           int batchRows) {}

  /**
   * Where a partner bank answers: {@code bdc} (host and port, the protocol over TCP) or {@code json} (a base URL of
   * the JSON variant; the bank's answers are verified with its registered key).
   */
  public record BankEndpoint(String bankCode, String protocol, String host, int port, String url) {}

  /** Where the third parties are; empty URLs mean the sandbox's own servers on {@code sandboxPort}. */
  public record ThirdPartyConfig(int sandboxPort, String identityProviderUrl, String smsGatewayUrl,
                                 DataSourceUrls dataSources, String centerNo) {}

  /** Base URLs of the government data source families (empty = the sandbox's). */
  public record DataSourceUrls(String national, String collaboration, String realEstate, String funeral,
                               String pension, String elicense, java.time.Duration timeout) {}

  /** External database when {@code url} is set, else the embedded one on {@code embeddedPort} (0 = any free port). */
  public record DatabaseConfig(String url, String user, String password, int poolSize,
                               Duration connectTimeout, int embeddedPort, String migrationUser, String migrationPassword) {
    public boolean embedded() {
      return url.isEmpty();
    }

    @Override
    public String toString() {
      // The password never reaches a log line.
      // Credentials in the URL (user:password@) never reach a log line either.
      return "DatabaseConfig[url=" + (embedded() ? "(embedded)" : url.replaceAll("//[^@/]*@", "//***@")) + ", user="
          + user + ", migrationUser=" + migrationUser + ", poolSize=" + poolSize
          + ", connectTimeout=" + connectTimeout + "]";
    }
  }

  /** One port per network zone (0 = any free port), shared bind host and request limits. */
  public record ListenerConfig(String bindHost, int publicPort, int bankPort, int interopPort, int adminPort,
                               int managementPort, int publicInstances, int maxBodyBytes, Duration shutdownGrace) {}

  public static HpfConfig from(Settings s) {
    DatabaseConfig db = new DatabaseConfig(
        databaseUrl(s), s.string("HPF_DB_USER"), s.string("HPF_DB_PASSWORD"),
        s.integer("HPF_DB_POOL_SIZE", 1, 200),
        Duration.ofSeconds(s.integer("HPF_DB_CONNECT_TIMEOUT_SECONDS", 0, 3600)),
        s.port("HPF_EMBEDDED_DB_PORT"),
        // Empty: migrations run as the runtime user (who then owns the tables; start-up warns about it).
        s.string("HPF_DB_MIGRATION_USER").isEmpty() ? s.string("HPF_DB_USER") : s.string("HPF_DB_MIGRATION_USER"),
        s.string("HPF_DB_MIGRATION_USER").isEmpty() ? s.string("HPF_DB_PASSWORD") : s.string("HPF_DB_MIGRATION_PASSWORD"));
    String dataDir = s.string("HPF_DATA_DIR");
    if (dataDir.isEmpty()) {
      throw ConfigException.invalid("HPF_DATA_DIR", dataDir, "a directory path, e.g. /var/lib/hpf");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int instances = s.integer("HPF_PUBLIC_INSTANCES", 0, 64);
    ListenerConfig listeners = new ListenerConfig(
        bindHost(s.host("HPF_BIND_HOST"), s.bool("HPF_SANDBOX")),
        s.port("HPF_PUBLIC_PORT"), s.port("HPF_BANK_PORT"), s.port("HPF_INTEROP_PORT"),
        s.port("HPF_ADMIN_PORT"), s.port("HPF_MANAGEMENT_PORT"),
        instances == 0 ? cores : instances,
        s.integer("HPF_MAX_BODY_BYTES", 1024, 64 * 1024 * 1024),
        Duration.ofSeconds(s.integer("HPF_SHUTDOWN_GRACE_SECONDS", 0, 300)));
    requireDistinctPorts(listeners);
    ClusterConfig cluster = ClusterConfig.from(s);
    boolean sandbox = s.bool("HPF_SANDBOX");
    boolean sharedSandbox = s.bool("HPF_SANDBOX_SHARED_DB");
    if (sandbox && !db.embedded() && !isLoopback(listeners.bindHost()) && !sharedSandbox) {
      // The sandbox publishes its credentials: on a shared database and a reachable address it would be a
      // production system with known passwords. Most likely HPF_SANDBOX=false was forgotten; a test cluster whose
      // instances share one sandbox database says so explicitly.
      throw new ConfigException("HPF_SANDBOX", "true (sandbox, published demo credentials) with an external database "
          + "needs HPF_BIND_HOST on loopback (127.0.0.1 or ::1) or HPF_SANDBOX_SHARED_DB=true (a test cluster); "
          + "allowed: false for production");
    }
    // The demo data set is sandbox data: a production configuration never generates it, whatever this says.
    boolean demoDataset = s.bool("HPF_DEMO_DATASET") && sandbox;
    return new HpfConfig(db, Path.of(dataDir).toAbsolutePath(), listeners, cluster, sandbox, demoDataset,
        SecurityConfig.from(s, sandbox), thirdParties(s, sandbox), dependencyTuning(s), channelPolicies(s),
        banks(s, sandbox), hpf.identity.OperatorPolicy.from(s), unverifiedTraffic(s));
  }

  /** The channel traffic policies, checked now: a bad file stops start-up naming the file and the key. */
  private static ChannelPolicies channelPolicies(Settings s) {
    try {
      return ChannelPolicies.load(s.string("HPF_CHANNEL_POLICIES_DIR"));
    } catch (PolicyException e) {
      throw new ConfigException("HPF_CHANNEL_POLICIES_DIR", e.getMessage());
    }
  }

  /** Budgets of requests that fail channel app authentication, and the proxies whose X-Forwarded-For is believed. */
  private static UnverifiedTraffic.Settings unverifiedTraffic(Settings s) {
    int perSecond = s.integer("HPF_UNVERIFIED_RATE_PER_SOURCE", 1, 1_000_000);
    int burst = s.integer("HPF_UNVERIFIED_BURST_PER_SOURCE", 1, 1_000_000);
    int globalPerSecond = s.integer("HPF_UNVERIFIED_RATE_GLOBAL", 1, 1_000_000);
    int globalBurst = s.integer("HPF_UNVERIFIED_BURST_GLOBAL", 1, 10_000_000);
    try {
      return new UnverifiedTraffic.Settings(perSecond, burst, globalPerSecond, globalBurst,
          s.string("HPF_TRUSTED_PROXIES"));
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid("HPF_TRUSTED_PROXIES", s.string("HPF_TRUSTED_PROXIES"),
          "a comma-separated list of IP addresses or CIDR blocks, e.g. 10.0.0.5,10.1.0.0/16 (" + e.getMessage() + ")");
    }
  }

  private static BankConfig banks(Settings s, boolean sandbox) {
    String node = s.string("HPF_BANK_CENTER_NODE");
    if (!node.matches("C[0-9]{5}")) {
      throw ConfigException.invalid("HPF_BANK_CENTER_NODE", node, "C and the first 5 digits of the division code, e.g. C35020");
    }
    Map<String, BankEndpoint> endpoints = bankEndpoints(s.string("HPF_BANK_ENDPOINTS"));
    // Empty: dispatch wherever there are banks to send to (the sandbox's, or configured endpoints).
    boolean dispatch = s.string("HPF_SETTLEMENT_DISPATCH").isBlank() ? sandbox || !endpoints.isEmpty()
        : s.bool("HPF_SETTLEMENT_DISPATCH");
    return new BankConfig(node, Duration.ofSeconds(s.integer("HPF_BANK_TIMEOUT_SECONDS", 1, 300)),
        s.port("HPF_SANDBOX_BANK_PORT"), dispatch, endpoints,
        batchWindow(s.string("HPF_SETTLEMENT_BATCH_WINDOW")), s.integer("HPF_SETTLEMENT_BATCH_ROWS", 1, 5_000));
  }

  private static hpf.settlement.dispatch.BatchWindow batchWindow(String value) {
    try {
      return hpf.settlement.dispatch.BatchWindow.parse(value);
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid("HPF_SETTLEMENT_BATCH_WINDOW", value, "HH:mm-HH:mm in Beijing time, e.g. 22:00-06:00, or off");
    }
  }

  /** {@code 102=bdc://10.0.0.5:9100;105=json:https://bank.example/bdc}; empty = none (the sandbox's in the sandbox). */
  static Map<String, BankEndpoint> bankEndpoints(String value) {
    Map<String, BankEndpoint> endpoints = new java.util.TreeMap<>();
    if (value.isBlank()) {
      return endpoints;
    }
    for (String entry : value.split(";")) {
      String[] parts = entry.trim().split("=", 2);
      String code = parts[0].trim();
      String target = parts.length == 2 ? parts[1].trim() : "";
      if (!code.matches("[0-9]{3}") || endpoints.containsKey(code)) {
        throw ConfigException.invalid("HPF_BANK_ENDPOINTS", entry, "bank code (3 digits, once each)=bdc://host:port or json:https://...");
      }
      if (target.startsWith("bdc://")) {
        java.net.URI uri = java.net.URI.create(target);
        if (uri.getHost() == null || uri.getPort() < 1) {
          throw ConfigException.invalid("HPF_BANK_ENDPOINTS", entry, "bdc://host:port");
        }
        endpoints.put(code, new BankEndpoint(code, "bdc", uri.getHost(), uri.getPort(), null));
      } else if (target.startsWith("json:http://") || target.startsWith("json:https://")) {
        endpoints.put(code, new BankEndpoint(code, "json", null, 0, target.substring("json:".length())));
      } else {
        throw ConfigException.invalid("HPF_BANK_ENDPOINTS", entry, "bdc://host:port or json:https://...");
      }
    }
    return endpoints;
  }

  private static DependencyTuning dependencyTuning(Settings s) {
    try {
      return DependencyTuning.parse(s.string("HPF_DEPENDENCY_TUNING"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("HPF_DEPENDENCY_TUNING", e.getMessage()
          + "; allowed: id:key=value,...;... with the keys listed in docs/isolation.md");
    }
  }

  private static ThirdPartyConfig thirdParties(Settings s, boolean sandbox) {
    String idp = url(s, "HPF_IDP_URL", sandbox);
    String sms = url(s, "HPF_SMS_URL", sandbox);
    DataSourceUrls sources = new DataSourceUrls(url(s, "HPF_NATIONAL_SHARING_URL", sandbox),
        url(s, "HPF_COLLABORATION_URL", sandbox), url(s, "HPF_REAL_ESTATE_URL", sandbox),
        url(s, "HPF_FUNERAL_URL", sandbox), url(s, "HPF_PENSION_URL", sandbox), url(s, "HPF_ELICENSE_URL", sandbox),
        Duration.ofMillis(s.integer("HPF_DATA_SOURCE_TIMEOUT_MS", 50, 60_000)));
    String centerNo = s.string("HPF_CENTER_NO");
    if (!centerNo.matches("[A-Z0-9]{1,20}")) {
      throw new ConfigException("HPF_CENTER_NO", "the center's number on the national platform: 1-20 letters or digits");
    }
    return new ThirdPartyConfig(s.port("HPF_SANDBOX_PORT"), idp, sms, sources, centerNo);
  }

  private static String url(Settings s, String key, boolean sandbox) {
    String url = s.string(key);
    if (url.isEmpty() && !sandbox) {
      throw new ConfigException(key, "required when HPF_SANDBOX=false; allowed: the service's http(s) base URL");
    }
    if (!url.isEmpty() && !url.matches("https?://[^\\s/]+(/\\S*)?")) {
      throw ConfigException.invalid(key, url, "an http(s) base URL, e.g. https://idp.example.gov.cn/api");
    }
    return url.replaceAll("/+$", "");
  }

  private static String databaseUrl(Settings s) {
    String url = s.string("HPF_DB_URL");
    if (!url.isEmpty() && DatabaseUrl.parse(url) == null) {
      throw ConfigException.invalid("HPF_DB_URL", url.replaceAll("//[^@/]*@", "//***@"),
          "empty (embedded PostgreSQL) or postgresql://host[:port]/database (also jdbc:postgresql://...)"
          + " [?sslmode=disable|prefer|require|verify-ca|verify-full[&sslrootcert=file]]");
    }
    return DatabaseUrl.withRootCert(url, s.string("HPF_DB_SSL_ROOT_CERT"));
  }

  private static boolean isLoopback(String host) {
    return host.equals("127.0.0.1") || host.equals("::1") || host.equalsIgnoreCase("localhost");
  }

  /**
   * Loopback in the sandbox (its credentials are published: reachable from elsewhere only when asked for), else
   * dual-stack {@code ::} when this host can bind IPv6, else {@code 0.0.0.0}; an explicit value wins.
   */
  static String bindHost(String configured, boolean sandbox) {
    if (!configured.isEmpty()) {
      return configured;
    }
    if (sandbox) {
      return "127.0.0.1";
    }
    try (ServerSocket probe = new ServerSocket()) {
      InetAddress any6 = InetAddress.getByName("::");
      if (any6 instanceof Inet6Address) {
        probe.bind(new InetSocketAddress(any6, 0));
        return "::";
      }
    } catch (Exception e) {
      // IPv6 disabled on this host: fall back to IPv4 only.
    }
    return "0.0.0.0";
  }

  private static void requireDistinctPorts(ListenerConfig l) {
    Map<Integer, String> seen = new HashMap<>();
    Map<String, Integer> ports = Map.of("HPF_PUBLIC_PORT", l.publicPort(), "HPF_BANK_PORT", l.bankPort(),
        "HPF_INTEROP_PORT", l.interopPort(), "HPF_ADMIN_PORT", l.adminPort(), "HPF_MANAGEMENT_PORT", l.managementPort());
    ports.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (e.getValue() != 0) {
        String other = seen.putIfAbsent(e.getValue(), e.getKey());
        if (other != null) {
          throw new ConfigException(e.getKey(), "port " + e.getValue() + " is also set for " + other
              + "; allowed: a port not used by another listener");
        }
      }
    });
  }
}
