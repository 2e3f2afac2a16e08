package hpf.boot;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast membership: TCP-IP join with an explicit member list, or the Kubernetes API's list of the pods behind
 * a headless Service (Hazelcast's built-in discovery). Multicast and auto-detection are always off: a member never
 * joins a cluster nobody configured.
 */
public final class Cluster {

  /** How long a pod looks for the others through the Kubernetes API before it starts a cluster of its own. */
  static final int KUBERNETES_JOIN_WAIT_SECONDS = 5;

  private Cluster() {}

  public static HazelcastClusterManager manager(ClusterConfig cluster) {
    return new HazelcastClusterManager(config(cluster));
  }

  static Config config(ClusterConfig cluster) {
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
    if (cluster.kubernetes() == null) {
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    } else {
      join.getTcpIpConfig().setEnabled(false);
      var kubernetes = join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-name", cluster.kubernetes().serviceName())
          // The pods' own port, not an auto-incremented one: every pod listens on HPF_CLUSTER_PORT.
          .setProperty("service-port", Integer.toString(cluster.port()))
          // Members are reached inside the cluster only: no lookup of public addresses for outside clients (which
          // would ask for per-pod Services and nodes' external IPs, and retry for seconds when there are none).
          .setProperty("expose-externally", "false");
      if (!cluster.kubernetes().namespace().isEmpty()) {
        kubernetes.setProperty("namespace", cluster.kubernetes().namespace());
      }
      // One pod, one member: a pod never needs a second port, and probing 20 per pod only slows the join.
      network.setPortAutoIncrement(false);
      // The discovery joiner asks the API for the Service's pods only while this wait lasts (it returns as soon as
      // it finds another pod). With 0 it would never ask: every pod would start as a cluster of its own and merge
      // only minutes later. The first pod of a rollout waits these seconds for company; the others find it at once.
      hz.setProperty("hazelcast.wait.seconds.before.join", Integer.toString(KUBERNETES_JOIN_WAIT_SECONDS));
    }
    return hz;
  }

  /** True while this member is part of a running cluster. */
  public static boolean joined(HazelcastClusterManager manager) {
    return manager.isActive() && manager.getHazelcastInstance() != null
        && manager.getHazelcastInstance().getLifecycleService().isRunning();
  }
}
