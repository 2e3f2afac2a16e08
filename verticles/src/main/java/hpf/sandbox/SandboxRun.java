package hpf.sandbox;

import hpf.apps.ChannelApps;
import hpf.crypto.FieldCipher;
import hpf.crypto.Sm2Keys;
import hpf.identity.OperatorAccounts;
import hpf.kit.BusinessTime;
import hpf.kit.StartupException;
import hpf.sandbox.bank.NoticePusher;
import hpf.sandbox.bank.SandboxBank;
import hpf.settlement.PartnerBanks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The sandbox run's plumbing (HPF_SANDBOX): its third-party servers and partner banks, the demo apps, banks, people
 * and operators, and the banks' pushes to this instance's bank listener. Without the sandbox it only refuses a
 * database that still holds demo data.
 */
public final class SandboxRun {

  private final Vertx vertx;
  private final boolean enabled;
  private final int serverPort;
  private final int bankPort;
  private final AtomicInteger port = new AtomicInteger();
  /** The sandbox partner banks (BDC and JSON), started with the sandbox; null when HPF_SANDBOX=false. */
  private final SandboxBank bank;
  private final Clock clock;
  /** Whether this start generated the demo data set (then {@link #demoStory} tells the demo people's story). */
  private volatile boolean demoGenerated;

  /**
   * @param serverPort where the third-party servers listen (HPF_SANDBOX_PORT; 0: any free port)
   * @param bankPort   the first port of the sandbox banks' BDC listeners (HPF_SANDBOX_BANK_PORT)
   */
  public SandboxRun(Vertx vertx, boolean enabled, int serverPort, int bankPort, Sm2Keys.Public platformKey,
                    Clock clock) {
    this.vertx = vertx;
    this.enabled = enabled;
    this.serverPort = serverPort;
    this.bankPort = bankPort;
    this.bank = enabled ? new SandboxBank(demoBankKeys(), platformKey, bankPort, clock) : null;
    this.clock = clock;
  }

  /** A configured third party, or the sandbox's own server for it once that listens. */
  public Supplier<String> url(String configured, String sandboxPath) {
    return () -> configured.isEmpty() ? "http://127.0.0.1:" + port.get() + sandboxPath : configured;
  }

  /** As above for a data source family ({@code national}, {@code collab}, ...). */
  public Supplier<String> dataSourceUrl(String configured, String family) {
    return url(configured, DataSourceRoutes.FAMILY_PATHS.get(family));
  }

  /**
   * Before the first request: in the sandbox run its servers and the demo apps, banks, people and operators;
   * otherwise a refusal of a database that holds demo data.
   */
  public Future<Void> prepare(Pool pool, FieldCipher fields, ChannelApps apps, PartnerBanks banks,
                              OperatorAccounts operators) {
    if (!enabled) {
      return DemoResidue.refuse(pool);
    }
    return vertx.deployVerticle(new SandboxServer(serverPort, port::set, bank))
        .recover(e -> Future.failedFuture(new StartupException(e.getMessage().startsWith("HPF_SANDBOX_BANK_PORT")
            ? e.getMessage() + " (first port " + bankPort + ")"
            : "HPF_SANDBOX_PORT: the sandbox servers cannot listen on " + serverPort + " (" + e.getMessage() + ")", e)))
        .compose(id -> DemoApps.register(apps))
        .compose(v -> DemoBanks.register(banks))
        .compose(v -> DemoPeople.register(vertx, pool, fields))
        .compose(v -> DemoOperators.register(operators));
  }

  /**
   * The sandbox banks' pushes (incoming funds, results) go to this instance's bank listener on loopback, signed with
   * the demo banks' keys, as a real bank's would arrive; once the listener is up.
   */
  public void bankListening(String bindHost, int bankListenerPort) {
    if (bank != null) {
      String host = bindHost.isEmpty() || "0.0.0.0".equals(bindHost) || "::".equals(bindHost) ? "127.0.0.1" : bindHost;
      bank.notices(new NoticePusher(vertx, demoBankKeys(), host, bankListenerPort)::push);
    }
  }

  /** Records whether this start generated the demo data set. */
  public void demoGenerated(boolean generated) {
    demoGenerated = generated;
  }

  /** On the start that generated the demo data set, once the public listener is up: the demo people's story. */
  public Future<Void> demoStory(String bindHost, int publicPort) {
    String host = bindHost.isEmpty() || bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "127.0.0.1"
        : bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
    return !demoGenerated ? Future.succeededFuture() : DemoStory.tell(vertx, "http://" + host + ":" + publicPort,
        "http://127.0.0.1:" + port.get(), BusinessTime.month(clock));
  }

  public boolean enabled() {
    return enabled;
  }

  /** Where the sandbox servers listen (0 when they do not run). */
  public int port() {
    return port.get();
  }

  /** The sandbox partner banks (null when HPF_SANDBOX=false). */
  public SandboxBank bank() {
    return bank;
  }

  private static Map<String, Sm2Keys.Private> demoBankKeys() {
    Map<String, Sm2Keys.Private> keys = new LinkedHashMap<>();
    DemoBanks.ALL.forEach(b -> keys.put(b.bankCode(), b.privateKey()));
    return keys;
  }
}
