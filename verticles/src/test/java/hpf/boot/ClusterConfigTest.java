package hpf.boot;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which join Hazelcast gets: the TCP-IP member list by default, the Kubernetes API when configured. */
class ClusterConfigTest {

  private static ClusterConfig cluster(Map<String, String> env) {
    return HpfConfig.from(Settings.load(null, env)).cluster();
  }

  @Test
  void theDefaultJoinsTheListedMembersOverTcpIp() {
    ClusterConfig cluster = cluster(Map.of("HPF_CLUSTER_MEMBERS", "10.0.0.1,10.0.0.2:5702"));
    assertThat(cluster.kubernetes()).isNull();
    JoinConfig join = Cluster.config(cluster).getAdvancedNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1", "10.0.0.2:5702");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  void theEventBusPortIsFixedWhenConfiguredSoAFirewallCanOpenItBetweenMembersOnly() {
    assertThat(cluster(Map.of()).eventBusPort()).isZero();
    assertThat(cluster(Map.of("HPF_EVENTBUS_PORT", "5801")).eventBusPort()).isEqualTo(5801);
    assertThatThrownBy(() -> cluster(Map.of("HPF_EVENTBUS_PORT", "70000")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("HPF_EVENTBUS_PORT");
  }

  @Test
  void kubernetesDiscoveryAsksForThePodsOfTheHeadlessService() {
    ClusterConfig cluster = cluster(Map.of("HPF_CLUSTER_DISCOVERY", "kubernetes",
        "HPF_CLUSTER_K8S_SERVICE", "hpf-cluster", "HPF_CLUSTER_INTERFACE", "", "HPF_CLUSTER_PORT", "5701"));
    assertThat(cluster.kubernetes()).isEqualTo(new ClusterConfig.KubernetesDiscovery("hpf-cluster", ""));
    Config hz = Cluster.config(cluster);
    JoinConfig join = hz.getAdvancedNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperties())
        .containsEntry("service-name", "hpf-cluster").containsEntry("service-port", "5701")
        .doesNotContainKey("namespace");
    assertThat(hz.getAdvancedNetworkConfig().getEndpointConfigs().get(com.hazelcast.instance.EndpointQualifier.MEMBER))
        .isInstanceOfSatisfying(com.hazelcast.config.ServerSocketEndpointConfig.class,
            member -> assertThat(member.isPortAutoIncrement()).isFalse());
    assertThat(hz.getProperty("hazelcast.wait.seconds.before.join"))
        .as("the discovery joiner asks the API only while it waits").isEqualTo("5");
  }

  @Test
  void anExplicitNamespaceIsPassedOn() {
    ClusterConfig cluster = cluster(Map.of("HPF_CLUSTER_DISCOVERY", "kubernetes",
        "HPF_CLUSTER_K8S_SERVICE", "hpf-cluster", "HPF_CLUSTER_K8S_NAMESPACE", "hpf-prod"));
    assertThat(Cluster.config(cluster).getAdvancedNetworkConfig().getJoin().getKubernetesConfig().getProperties())
        .containsEntry("namespace", "hpf-prod");
  }

  @Test
  void anUnknownDiscoveryOrABadServiceNameStopsStartUpNamingTheKey() {
    assertThatThrownBy(() -> cluster(Map.of("HPF_CLUSTER_DISCOVERY", "multicast")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("HPF_CLUSTER_DISCOVERY: invalid value 'multicast'; allowed: tcp-ip or kubernetes");
    assertThatThrownBy(() -> cluster(Map.of("HPF_CLUSTER_DISCOVERY", "kubernetes",
        "HPF_CLUSTER_K8S_SERVICE", "HPF_Cluster")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("HPF_CLUSTER_K8S_SERVICE: invalid value 'HPF_Cluster'");
    assertThatThrownBy(() -> cluster(Map.of("HPF_CLUSTER_DISCOVERY", "kubernetes",
        "HPF_CLUSTER_K8S_NAMESPACE", "-x")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("HPF_CLUSTER_K8S_NAMESPACE: invalid value '-x'");
  }

  @Test
  void productionNeedsASecretClusterNameAndNeverEchoesIt() {
    for (String weak : new String[] {"hpf", "hpf-prod-cluster-2026"}) {
      assertThatThrownBy(() -> cluster(Map.of("HPF_SANDBOX", "false", "HPF_CLUSTER_NAME", weak)))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("HPF_CLUSTER_NAME: a secret name of its own is required when HPF_SANDBOX=false")
          .hasMessageNotContaining("'" + weak + "'");
    }
    ClusterConfig secret = ClusterConfig.from(
        Settings.of(Map.of("HPF_SANDBOX", "false", "HPF_CLUSTER_NAME", SettingsTest.PRODUCTION_CLUSTER)));
    assertThat(secret.name()).isEqualTo(SettingsTest.PRODUCTION_CLUSTER);
    assertThat(secret.toString()).doesNotContain(SettingsTest.PRODUCTION_CLUSTER).contains("hpf-***(28 characters)");
    assertThat(secret.maskedName()).doesNotContain(SettingsTest.PRODUCTION_CLUSTER.substring(4));
  }

  @Test
  void theSandboxDefaultNameFollowsTheDataDirectoryOrTheDatabase() {
    String a = cluster(Map.of("HPF_DATA_DIR", "/tmp/hpf-a")).name();
    String b = cluster(Map.of("HPF_DATA_DIR", "/tmp/hpf-b")).name();
    assertThat(a).matches("hpf-[0-9a-f]{12}").isNotEqualTo(b);
    assertThat(cluster(Map.of("HPF_DATA_DIR", "/tmp/../tmp/hpf-a")).name()).isEqualTo(a);
    // Members sharing one external database share the name, whatever their data directories or credentials.
    String shared = cluster(Map.of("HPF_DB_URL", "postgresql://db.internal:5432/hpf", "HPF_DATA_DIR", "/tmp/hpf-a",
        "HPF_SANDBOX_SHARED_DB", "true")).name();
    assertThat(cluster(Map.of("HPF_DB_URL", "postgresql://hpf:pw@db.internal:5432/hpf", "HPF_DATA_DIR", "/tmp/hpf-b",
        "HPF_SANDBOX_SHARED_DB", "true")).name()).isEqualTo(shared).isNotEqualTo(a);
    // An explicit name is kept.
    assertThat(cluster(Map.of("HPF_CLUSTER_NAME", "hpf-lab")).name()).isEqualTo("hpf-lab");
  }
}
