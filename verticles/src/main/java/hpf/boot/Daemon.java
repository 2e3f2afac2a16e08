package hpf.boot;

import java.util.concurrent.Executor;

/** Start-up and shutdown work that must not hold the JVM open nor run on an event loop. */
final class Daemon {

  private Daemon() {}

  static Executor executor(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      thread.start();
    };
  }
}
