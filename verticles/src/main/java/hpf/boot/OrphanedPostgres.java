package hpf.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL left running by a predecessor that was killed (SIGKILL, OOM, power loss of the
 * JVM only) still holds the data directory, and a new server would wait for it forever. Since the caller
 * holds the data-directory lock, such a server is an orphan: it is stopped the way PostgreSQL expects
 * (SIGTERM, then crash recovery on the next start if it had to be killed).
 */
final class OrphanedPostgres {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostgres.class);
  private static final long STOP_WAIT_SECONDS = 30;

  private OrphanedPostgres() {}

  static void stopIfRunning(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty() : parse(lines.get(0))
        .flatMap(ProcessHandle::of)
        .filter(p -> isPostgresOn(p, dataDir));
    if (orphan.isEmpty()) {
      return; // a stale pid file: PostgreSQL itself handles that
    }
    ProcessHandle process = orphan.get();
    LOG.atWarn().addKeyValue("pid", process.pid()).addKeyValue("dataDir", dataDir.toString())
        .log("stopping an embedded PostgreSQL left running by a previous instance that did not stop cleanly");
    process.destroy();
    try {
      process.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception notStopped) {
      process.destroyForcibly();
      process.onExit().join();
    }
  }

  private static Optional<Long> parse(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Guards against a reused pid: the process must be a postgres serving exactly this directory. */
  private static boolean isPostgresOn(ProcessHandle process, Path dataDir) {
    ProcessHandle.Info info = process.info();
    boolean postgres = info.command().map(c -> c.endsWith("postgres")).orElse(false);
    boolean ours = info.arguments().map(args -> List.of(args).contains(dataDir.toString())).orElse(false);
    return postgres && ours;
  }
}
