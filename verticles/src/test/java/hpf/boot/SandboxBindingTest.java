package hpf.boot;

import hpf.channel.Zone;
import hpf.kit.Settings;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sandbox publishes its credentials (operator password, demo app and bank keys), so nothing of it answers on an
 * address other hosts can reach unless asked to: an outsider connecting to this host's network address is refused.
 */
class SandboxBindingTest {

  @Test
  void anEmptyBindHostMeansLoopbackInTheSandboxOnly() {
    assertThat(HpfConfig.bindHost("", true)).isEqualTo("127.0.0.1");
    assertThat(HpfConfig.bindHost("", false)).isIn("::", "0.0.0.0");
    assertThat(HpfConfig.bindHost("0.0.0.0", true)).isEqualTo("0.0.0.0");
  }

  @Test
  void theSandboxServersAnswerOnLoopbackOnly() throws Exception {
    InetAddress outside = networkAddress();
    HpfApplication app = TestPlatform.app();
    List<Integer> ports = List.of(app.sandboxPort(), app.sandboxBankPort("102"), app.sandboxBankPort("105"));
    for (int port : ports) {
      assertThat(port).isPositive();
      assertThat(reachable(InetAddress.getLoopbackAddress(), port)).as("127.0.0.1:" + port).isTrue();
      assertThat(reachable(outside, port)).as(outside.getHostAddress() + ":" + port).isFalse();
    }
  }

  @Test
  void theClusterMemberPortListensOnTheConfiguredInterfaceOnly() throws Exception {
    InetAddress outside = networkAddress();
    // HPF_CLUSTER_INTERFACE is 127.0.0.1 here (the default): another host must not even reach the member port.
    int member = TestPlatform.app().hazelcast().getCluster().getLocalMember().getAddress().getPort();
    assertThat(reachable(InetAddress.getLoopbackAddress(), member)).as("127.0.0.1:" + member).isTrue();
    assertThat(reachable(outside, member)).as(outside.getHostAddress() + ":" + member).isFalse();
  }

  @Test
  void aSandboxRunWithoutABindHostServesLoopbackOnly() throws Exception {
    InetAddress outside = networkAddress();
    Map<String, String> overrides = TestPlatform.externalDatabaseOverrides();
    overrides.put("HPF_BIND_HOST", "");
    HpfApplication app = HpfApplication.start(HpfConfig.from(Settings.of(overrides))).await(120, TimeUnit.SECONDS);
    try {
      for (Zone zone : Zone.values()) {
        int port = app.ports().get(zone);
        assertThat(reachable(InetAddress.getLoopbackAddress(), port)).as(zone + " on loopback").isTrue();
        assertThat(reachable(outside, port)).as(zone + " on " + outside.getHostAddress()).isFalse();
      }
    } finally {
      app.stop().await(60, TimeUnit.SECONDS);
    }
  }

  /** An IPv4 address of this host other than loopback, as another host on its network would connect to. */
  private static InetAddress networkAddress() throws IOException {
    List<InetAddress> found = new ArrayList<>();
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (nic.isUp() && !nic.isLoopback()) {
        nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(found::add);
      }
    }
    assumeTrue(!found.isEmpty(), "this host has no network address besides loopback");
    return found.get(0);
  }

  private static boolean reachable(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
