package hpf.boot;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import hpf.channel.NonceRegistry;
import hpf.cli.Main;
import hpf.kit.Settings;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two platforms on different databases never share one cluster, even when told the same name and members. */
class ClusterDatabaseTest {

  @Test
  void aSecondPlatformOnAnotherDatabaseLeavesTheClusterAndDoesNotStart() throws Exception {
    HazelcastInstance first = TestPlatform.app().hazelcast();
    IMap<String, Boolean> nonces = first.getMap(NonceRegistry.MAP);
    String nonce = "demo-mobile/cluster-database-" + UUID.randomUUID();
    nonces.set(nonce, Boolean.TRUE, 10, TimeUnit.MINUTES);
    IMap<String, Object> quotas = first.getMap("hpf.traffic.quotas");
    int quotaEntries = quotas.size();

    // Its own embedded database, but the first platform's cluster name and member: today's run command twice.
    Map<String, String> other = TestPlatform.overrides(Files.createTempDirectory("hpf-test-other-db-"));
    other.put("HPF_CLUSTER_NAME", first.getConfig().getClusterName());
    other.put("HPF_CLUSTER_MEMBERS", "127.0.0.1:" + first.getCluster().getLocalMember().getAddress().getPort());
    assertThatThrownBy(() -> {
      HpfApplication wronglyStarted = HpfApplication.start(HpfConfig.from(Settings.of(other))).await(120, TimeUnit.SECONDS);
      // Only reached when the refusal is missing: stopped, so it does not linger in the cluster of later tests.
      wronglyStarted.stop().await(60, TimeUnit.SECONDS);
    }).satisfies(e -> assertThat(Main.rootMessage(e))
            .startsWith("the cluster this instance joined serves another database")
            .contains("HPF_CLUSTER_NAME"));

    // The first member notices the departure asynchronously (the leaving member closes its connection first).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (first.getCluster().getMembers().size() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(first.getCluster().getMembers()).as("the refused member left").hasSize(1);
    assertThat(nonces.get(nonce)).as("the first platform's nonces are untouched").isEqualTo(Boolean.TRUE);
    assertThat(quotas.size()).isEqualTo(quotaEntries);
    nonces.delete(nonce);
  }
}
