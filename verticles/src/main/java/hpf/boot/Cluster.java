package hpf.boot;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Hazelcast membership: TCP-IP join with an explicit member list, multicast and auto-detection off. */
public final class Cluster {

  private Cluster() {}

  public static HazelcastClusterManager manager(HpfConfig.ClusterConfig cluster) {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(cluster.name());
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    // The platform leaves the cluster itself during graceful shutdown, after draining requests.
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A lone member need not wait for others that may never come; members found later still merge.
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(20);
    if (!cluster.networkInterface().isEmpty()) {
      network.getInterfaces().setEnabled(true).addInterface(cluster.networkInterface());
    }
    hpf.traffic.TrafficMaps.configure(hz);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return new HazelcastClusterManager(hz);
  }

  /** True while this member is part of a running cluster. */
  public static boolean joined(HazelcastClusterManager manager) {
    return manager.isActive() && manager.getHazelcastInstance() != null
        && manager.getHazelcastInstance().getLifecycleService().isRunning();
  }
}
