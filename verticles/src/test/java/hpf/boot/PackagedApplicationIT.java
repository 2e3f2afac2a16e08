package hpf.boot;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged fat jar as an operator runs it: ready over IPv6 loopback, graceful SIGTERM with exit 0, data
 * kept across a restart, and clear non-zero exits for bad configuration and a port in use.
 */
class PackagedApplicationIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final InetAddress LOOPBACK6 = loopback6();

  @TempDir
  Path dir;

  @Test
  void startsReadyOverIpv6StopsOnSigtermWithExitZeroAndKeepsItsDataAcrossRestarts() throws Exception {
    Map<String, String> env = environment(dir.resolve("data"));
    int management = Integer.parseInt(env.get("HPF_MANAGEMENT_PORT"));
    int publicPort = Integer.parseInt(env.get("HPF_PUBLIC_PORT"));
    String jdbc = "jdbc:postgresql://127.0.0.1:" + env.get("HPF_EMBEDDED_DB_PORT") + "/hpf";
    Path passwordFile = dir.resolve("data").resolve(EmbeddedDatabase.PASSWORD_FILE);

    Process first = launch(env, dir.resolve("first.log"));
    awaitReady(first, management, dir.resolve("first.log"));
    String ownerPassword = Files.readString(passwordFile).trim();
    HttpResponse<String> item = HTTP.send(hpf.sandbox.DemoClient.signed(hpf.sandbox.DemoApps.byId("demo-kiosk"), "GET",
        URI.create("http://[::1]:" + publicPort + "/v1/service-items/TQ03"), new byte[0]), HttpResponse.BodyHandlers.ofString());
    assertThat(item.statusCode()).isEqualTo(200);
    assertThat(item.body()).contains("租房提取住房公积金");
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", ownerPassword); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE restart_marker (note text)");
      st.execute("INSERT INTO restart_marker VALUES ('kept')");
    }
    first.destroy(); // SIGTERM
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("first.log"))).contains("graceful shutdown", "HPF stopped");

    Process second = launch(env, dir.resolve("second.log"));
    awaitReady(second, management, dir.resolve("second.log"));
    try (Connection c = DriverManager.getConnection(jdbc, "postgres", ownerPassword); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT note FROM restart_marker")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("kept");
    }
    second.destroy();
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isZero();
  }

  @Test
  void comesBackAfterBeingKilledEvenThoughItsDatabaseWasLeftRunning() throws Exception {
    Map<String, String> env = environment(dir.resolve("data"));
    int management = Integer.parseInt(env.get("HPF_MANAGEMENT_PORT"));
    Process killed = launch(env, dir.resolve("killed.log"));
    awaitReady(killed, management, dir.resolve("killed.log"));
    killed.destroyForcibly(); // SIGKILL: no shutdown, the embedded PostgreSQL is orphaned
    assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Process next = launch(env, dir.resolve("next.log"));
    awaitReady(next, management, dir.resolve("next.log"));
    assertThat(Files.readString(dir.resolve("next.log"))).contains("left running by a previous instance");
    next.destroy();
    assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(next.exitValue()).isZero();
  }

  @Test
  void anInvalidSettingExitsWithCodeTwoNamingTheKey() throws Exception {
    Map<String, String> env = environment(dir.resolve("data"));
    env.put("HPF_PUBLIC_PORT", "eighty");
    Process process = launch(env, dir.resolve("bad.log"));
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("bad.log")))
        .contains("HPF_PUBLIC_PORT: invalid value 'eighty'; allowed: an integer from 0 to 65535");
  }

  @Test
  void helpAndVersionAnswerWithoutStartingThePlatformAndATypoExitsTwo() throws Exception {
    Map<String, String> env = environment(dir.resolve("data"));
    for (String arg : new String[] {"--help", "-h", "help", "--version", "strat"}) {
      Path log = dir.resolve("cli" + arg.replace("-", "") + ".log");
      Process process = launch(env, log, arg);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(arg).isTrue();
      String output = Files.readString(log);
      assertThat(process.exitValue()).as(arg + ": " + output).isEqualTo(arg.equals("strat") ? 2 : 0);
      assertThat(output).contains(arg.equals("--version") ? "hpf " : arg.equals("strat") ? "'strat'" : "Usage:");
      assertThat(output).doesNotContain("HPF starting");
    }
    assertThat(Files.exists(dir.resolve("data"))).as("nothing started").isFalse();
  }

  @Test
  void aPortInUseExitsNonZeroNamingThePort() throws Exception {
    Map<String, String> env = environment(dir.resolve("data"));
    int port = Integer.parseInt(env.get("HPF_PUBLIC_PORT"));
    try (ServerSocket taken = new ServerSocket(port, 50, LOOPBACK6)) {
      Process process = launch(env, dir.resolve("busy.log"));
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(1);
      assertThat(Files.readString(dir.resolve("busy.log")))
          .contains("HPF_PUBLIC_PORT: port " + port + " on ::1 is already in use");
    }
  }

  private Map<String, String> environment(Path dataDir) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("HPF_DATA_DIR", dataDir.toString());
    env.put("HPF_BIND_HOST", "::1");
    // Each port probed free on its own; a number handed out twice would make two listeners collide, so all differ.
    java.util.Set<Integer> taken = new java.util.HashSet<>();
    for (String key : new String[] {"HPF_PUBLIC_PORT", "HPF_BANK_PORT", "HPF_INTEROP_PORT", "HPF_ADMIN_PORT",
        "HPF_MANAGEMENT_PORT", "HPF_EMBEDDED_DB_PORT", "HPF_SANDBOX_PORT"}) {
      InetAddress host = key.equals("HPF_EMBEDDED_DB_PORT") || key.equals("HPF_SANDBOX_PORT")
          ? InetAddress.getLoopbackAddress() : LOOPBACK6;
      int port = freePort(host);
      while (!taken.add(port)) {
        port = freePort(host);
      }
      env.put(key, String.valueOf(port));
    }
    env.put("HPF_CLUSTER_NAME", "hpf-it-" + UUID.randomUUID().toString().substring(0, 8));
    env.put("HPF_PUBLIC_INSTANCES", "1");
    // The sandbox banks take consecutive ports from this one: any free ones instead.
    env.put("HPF_SANDBOX_BANK_PORT", "0");
    return env;
  }

  private static Process launch(Map<String, String> env, Path log, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-jar", System.getProperty("hpf.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("HPF_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void awaitReady(Process process, int management, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        // The platform's own account of why, for whoever reads the failure.
        String output = Files.readString(log);
        assertThat(process.isAlive()).as("the platform exited before becoming ready; its last output:%n%s",
            output.substring(Math.max(0, output.length() - 4000))).isTrue();
      }
      try {
        if (get(management, "/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // keep polling until the deadline
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError("not ready within 120 s");
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A port free now and below the kernel's ephemeral range. A port the kernel hands out for {@code bind(0)} comes
   * from that range, and so do the local ports of the platform's own outgoing connections (PostgreSQL, Hazelcast):
   * one of them took the sandbox port between the probe and the listen once, and start-up failed.
   */
  private static int freePort(InetAddress address) throws IOException {
    for (int attempt = 0; attempt < 200; attempt++) {
      int candidate = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
      try (ServerSocket probe = new ServerSocket(candidate, 50, address)) {
        return probe.getLocalPort();
      } catch (IOException inUse) {
        // try another
      }
    }
    throw new IOException("no free port between 20000 and 32000 on " + address);
  }

  private static InetAddress loopback6() {
    try {
      InetAddress address = InetAddress.getByName("::1");
      if (!(address instanceof Inet6Address)) {
        throw new IllegalStateException("::1 is not IPv6 here");
      }
      return address;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
