package hpf.boot;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Entry point: {@code java -jar hpf.jar [--config file]} runs the platform; exit codes: 0 after a graceful stop
 * (SIGTERM or SIGINT), 2 for invalid configuration, 1 when start-up fails for any other reason.
 * {@code java -jar hpf.jar call ...} is the signed-request helper of the sandbox run ({@link hpf.sandbox.DemoClient});
 * {@code generate ...} loads a generated data set into the database ({@link hpf.dataset.GenerateCommand}).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  static final int EXIT_STARTUP_FAILED = 1;
  static final int EXIT_BAD_CONFIG = 2;

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && "call".equals(args[0])) {
      System.exit(hpf.sandbox.DemoClient.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
      return;
    }
    if (args.length > 0 && "rotate-field-keys".equals(args[0])) {
      System.exit(hpf.keys.RotateCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(),
          System.out));
      return;
    }
    if (args.length > 0 && "generate".equals(args[0])) {
      System.exit(hpf.dataset.GenerateCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(),
          System.out));
      return;
    }
    if (args.length > 0 && "reconcile".equals(args[0])) {
      System.exit(hpf.ledger.ReconcileCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(),
          System.out));
      return;
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    HpfConfig config;
    try {
      config = HpfConfig.from(Settings.load(configFile(args), System.getenv()));
    } catch (ConfigException e) {
      LOG.atError().addKeyValue("key", e.key()).log("invalid configuration: " + e.getMessage());
      System.exit(EXIT_BAD_CONFIG);
      return;
    }
    LOG.atInfo().addKeyValue("config", config.toString()).log("HPF starting");
    HpfApplication app;
    try {
      app = HpfApplication.start(config).await();
    } catch (RuntimeException e) {
      LOG.error("start-up failed: " + rootMessage(e));
      System.exit(EXIT_STARTUP_FAILED);
      return;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    SignalHandler stop = signal -> {
      if (stopping.compareAndSet(false, true)) {
        LOG.atInfo().addKeyValue("signal", signal.getName()).log("graceful shutdown");
        Thread t = new Thread(() -> shutdown(app, config), "hpf-shutdown");
        t.start();
      }
    };
    Signal.handle(new Signal("TERM"), stop);
    Signal.handle(new Signal("INT"), stop);
  }

  private static void shutdown(HpfApplication app, HpfConfig config) {
    int code = 0;
    try {
      // Beyond the drain grace the rest (pool, cluster, database) gets a fixed allowance.
      app.stop().await(config.listeners().shutdownGrace().toSeconds() + 30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("shutdown did not complete cleanly: " + rootMessage(e));
      code = EXIT_STARTUP_FAILED;
    }
    System.exit(code);
  }

  static Path configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i]) && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return null;
  }

  /** The most telling message of a failure chain: our own start-up messages win over library wrappers. */
  static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StartupException || t instanceof ConfigException
          || t instanceof hpf.channel.HttpListener.ListenerException) {
        return t.getMessage();
      }
    }
    return String.valueOf(e.getMessage());
  }
}
