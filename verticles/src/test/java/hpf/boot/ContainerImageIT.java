package hpf.boot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image as a container runtime starts it, without a Docker engine ({@code image/smoke.sh}: its layers
 * unpacked, its own entrypoint, environment and user, new mount and PID namespaces): it becomes ready on an external
 * PostgreSQL, its JVM runs as uid 10001, and SIGTERM stops it with exit code 0. Needs root for the namespaces and
 * PostgreSQL 15's binaries for the database, as CI has; elsewhere it is skipped and says so.
 */
class ContainerImageIT {

  @Test
  void theImageStartsAsNonRootAndStopsGracefully() throws Exception {
    Path tarball = Path.of(System.getProperty("hpf.image.tar", "target/hpf-platform-image.tar"));
    assumeTrue(Files.exists(tarball), "image not built (-Dhpf.image.skip=true)");
    assumeTrue("root".equals(System.getProperty("user.name")), "image/smoke.sh needs root (unshare --root)");
    Path initdb = Path.of(System.getenv().getOrDefault("PG_BIN", "/usr/lib/postgresql/15/bin"), "initdb");
    assumeTrue(Files.isExecutable(initdb), "image/smoke.sh needs PostgreSQL 15's binaries: no " + initdb);
    Path script = Path.of(System.getProperty("hpf.project.root", "..")).resolve("image/smoke.sh");
    Process smoke = new ProcessBuilder(script.toString(), tarball.toAbsolutePath().toString())
        .redirectErrorStream(true).start();
    boolean ended = smoke.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      smoke.descendants().forEach(ProcessHandle::destroy);
      smoke.destroy();
    }
    String output = new String(smoke.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ended).as(output).isTrue();
    assertThat(smoke.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("user 10001:10001")
        .contains("\"database\":\"UP\"").contains("hpf_boot_ready 1.0")
        .containsPattern("the JVM \\(pid \\d+\\) runs as uid 10001")
        .contains("exit code 0 after SIGTERM");
  }
}
