package hpf.boot;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import hpf.channel.NonceRegistry;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What someone on the cluster network who knows the cluster's name gets from a member: no client session on the
 * member port, and no deserialization of a class the platform did not put there itself.
 */
class ClusterAccessTest {

  @Test
  void aHazelcastClientWithTheRightNameIsRefusedOnTheMemberPort() {
    HazelcastInstance member = TestPlatform.app().hazelcast();
    Address address = member.getCluster().getLocalMember().getAddress();
    ClientConfig attacker = new ClientConfig().setClusterName(member.getConfig().getClusterName());
    attacker.getNetworkConfig().addAddress(address.getHost() + ":" + address.getPort());
    // Bounded: the client gives up after a few seconds instead of retrying for ever.
    attacker.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(4000);
    attacker.setProperty("hazelcast.logging.type", "slf4j");
    assertThatThrownBy(() -> {
      HazelcastInstance client = HazelcastClient.newHazelcastClient(attacker);
      try {
        // Reached only when the member accepted the client: the attack the member port must not allow.
        client.getMap(NonceRegistry.MAP).clear();
      } finally {
        client.shutdown();
      }
    }).isInstanceOf(IllegalStateException.class).hasMessageContaining("Unable to connect");
  }

  @Test
  void aMemberRefusesToDeserializeAClassOutsideTheAllowList() throws Exception {
    IMap<String, Object> probe = TestPlatform.app().hazelcast().getMap("hpf.test.deserialization");
    String key = UUID.randomUUID().toString();
    // java.net.URL is the classic first link of a gadget chain (a DNS lookup on hashCode).
    probe.set(key, URI.create("http://attacker.example/").toURL());
    assertThatThrownBy(() -> probe.get(key))
        .isInstanceOf(HazelcastSerializationException.class)
        .hasRootCauseInstanceOf(SecurityException.class)
        .rootCause().hasMessageContaining("java.net.URL");
    probe.delete(key);
    // What members send each other in error responses still passes: a migration's exception with a JDK cause.
    com.hazelcast.spi.exception.PartitionMigratingException migrating =
        new com.hazelcast.spi.exception.PartitionMigratingException("test: partition migrating");
    migrating.initCause(new java.net.ConnectException("test: refused"));
    probe.set(key, migrating);
    Object read = probe.get(key);
    assertThat(read).isInstanceOf(com.hazelcast.spi.exception.PartitionMigratingException.class);
    assertThat((Throwable) read).hasRootCauseInstanceOf(java.net.ConnectException.class);
    probe.delete(key);
    // The platform's own values still pass.
    probe.set(key, new hpf.traffic.QuotaUsage("2026-01-01", 1, "2026-01", 2));
    assertThat(probe.get(key)).isEqualTo(new hpf.traffic.QuotaUsage("2026-01-01", 1, "2026-01", 2));
    probe.delete(key);
  }
}
