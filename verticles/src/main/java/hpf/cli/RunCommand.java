package hpf.cli;

import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.LogLevel;
import hpf.boot.StartupWarnings;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code run}: loads and checks the configuration (exit 2 naming the key when it cannot be used), warns about what
 * it accepts but doubts, starts the platform and stops it gracefully on SIGTERM or SIGINT.
 */
public final class RunCommand {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private RunCommand() {}

  /** Starts the platform and answers {@link Main#RUNNING}, or the exit code when it does not start. */
  static int run(Path configFile, Map<String, String> env) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    HpfConfig config;
    try {
      Settings settings = Settings.load(configFile, env);
      LogLevel.apply(settings);
      config = HpfConfig.from(settings);
    } catch (ConfigException e) {
      LOG.atError().addKeyValue("key", e.key()).log("invalid configuration: " + e.getMessage());
      return Main.EXIT_BAD_CONFIG;
    }
    StartupWarnings.of(env, config).forEach(w -> LOG.atWarn().addKeyValue("key", w.key()).log(w.message()));
    LOG.atInfo().addKeyValue("config", dump(config)).log("HPF starting");
    HpfApplication app;
    try {
      app = HpfApplication.start(config).await();
    } catch (RuntimeException e) {
      LOG.error("start-up failed: " + Main.rootMessage(e));
      return Main.EXIT_STARTUP_FAILED;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    SignalHandler stop = signal -> {
      if (stopping.compareAndSet(false, true)) {
        LOG.atInfo().addKeyValue("signal", signal.getName()).log("graceful shutdown");
        Thread t = new Thread(() -> shutdown(app, config), "hpf-shutdown");
        // Signal handlers run on a daemon thread and new threads inherit that. A daemon shutdown thread let the
        // JVM exit on its own (code 0) as soon as Vert.x's threads ended, with the database stop and the last
        // log lines still pending: the stop must hold the JVM until it calls System.exit itself.
        t.setDaemon(false);
        t.start();
      }
    };
    Signal.handle(new Signal("TERM"), stop);
    Signal.handle(new Signal("INT"), stop);
    return Main.RUNNING;
  }

  /** The configuration as logged at start: every record readable, secrets hidden. */
  public static String dump(HpfConfig config) {
    // Credentials written into a URL (user:password@host) never reach the log line.
    return config.toString().replaceAll("//[^@/\\s,\\]]*@", "//***@");
  }

  private static void shutdown(HpfApplication app, HpfConfig config) {
    int code = 0;
    try {
      // Beyond the drain grace the rest (pool, cluster, database) gets a fixed allowance.
      app.stop().await(config.listeners().shutdownGrace().toSeconds() + 30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("shutdown did not complete cleanly: " + Main.rootMessage(e));
      code = Main.EXIT_STARTUP_FAILED;
    }
    System.exit(code);
  }
}
