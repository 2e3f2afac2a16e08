package hpf.boot;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast membership: TCP-IP join with an explicit member list, or the Kubernetes API's list of the pods behind
 * a headless Service (Hazelcast's built-in discovery). Multicast and auto-detection are always off: a member never
 * joins a cluster nobody configured. The member port speaks the member protocol only (no client endpoint), and a
 * member deserializes only the platform's own classes: see docs/cluster-threat-model.md.
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
    // Hazelcast would start every log line with "[address] [cluster name] [version]": the name is the membership
    // secret and stays out of the logs.
    hz.setProperty("hazelcast.logging.details.enabled", "false");
    // The platform leaves the cluster itself during graceful shutdown, after draining requests.
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    // A lone member need not wait for others that may never come; members found later still merge.
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    // Advanced networking with a member endpoint and no client endpoint: a Hazelcast client (or the REST and
    // memcache protocols) knocking on the member port is refused; only members speak to members.
    AdvancedNetworkConfig network = hz.getAdvancedNetworkConfig().setEnabled(true);
    ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
    member.setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(20);
    if (!cluster.networkInterface().isEmpty()) {
      member.getInterfaces().setEnabled(true).addInterface(cluster.networkInterface());
      // Listen on that interface only: by default Hazelcast binds every address and only advertises the chosen one,
      // which put the sandbox's member port (127.0.0.1 configured) on the machine's network.
      hz.setProperty("hazelcast.socket.bind.any", "false");
    }
    network.setMemberEndpointConfig(member);
    hz.getSerializationConfig().setJavaSerializationFilterConfig(serializationFilter());
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
      member.setPortAutoIncrement(false);
      // The discovery joiner asks the API for the Service's pods only while this wait lasts (it returns as soon as
      // it finds another pod). With 0 it would never ask: every pod would start as a cluster of its own and merge
      // only minutes later. The first pod of a rollout waits these seconds for company; the others find it at once.
      hz.setProperty("hazelcast.wait.seconds.before.join", Integer.toString(KUBERNETES_JOIN_WAIT_SECONDS));
    }
    return hz;
  }

  /**
   * Java deserialization on a member is limited to what the platform itself puts in the cluster (entry processors
   * and values of hpf.*, and the few JDK types inside them) and to the exceptions members send each other in error
   * responses (Hazelcast's own, e.g. PartitionMigratingException during every migration, with their JDK causes and
   * stack traces: refusing those left operations waiting for an answer that could not be read). The default lists
   * (all of java.*) are off: the JDK's collections and java.net.URL, the usual first links of gadget chains, stay out.
   * Hazelcast's and Vert.x's own cluster data use Hazelcast's serializers, not Java serialization.
   */
  static JavaSerializationFilterConfig serializationFilter() {
    ClassFilter allowed = new ClassFilter()
        .addPrefixes("hpf.", "com.hazelcast.")
        .addClasses("java.lang.Enum", "java.lang.Number", "java.lang.Boolean", "java.lang.Long", "java.lang.Integer",
            "java.lang.String", "java.time.Instant", "java.time.Ser")
        // Exceptions in error responses: the Throwable machinery and the JDK exceptions Hazelcast wraps.
        .addClasses("java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException", "java.lang.Error",
            "java.lang.IllegalStateException", "java.lang.IllegalArgumentException", "java.lang.NullPointerException",
            "java.lang.UnsupportedOperationException", "java.lang.InterruptedException", "java.lang.SecurityException",
            "java.lang.StackTraceElement", "[Ljava.lang.StackTraceElement;", "java.lang.Object",
            "java.util.Collections$EmptyList", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableCollection",
            "java.util.ArrayList", "java.util.concurrent.CancellationException",
            "java.util.concurrent.ExecutionException", "java.util.concurrent.TimeoutException",
            "java.util.concurrent.RejectedExecutionException", "java.io.IOException", "java.io.EOFException",
            "java.io.UncheckedIOException", "java.net.ConnectException", "java.net.SocketException",
            "java.net.SocketTimeoutException", "java.net.UnknownHostException", "java.net.NoRouteToHostException");
    return new JavaSerializationFilterConfig().setDefaultsDisabled(true).setWhitelist(allowed);
  }

  /** True while this member is part of a running cluster. */
  public static boolean joined(HazelcastClusterManager manager) {
    return manager.isActive() && manager.getHazelcastInstance() != null
        && manager.getHazelcastInstance().getLifecycleService().isRunning();
  }
}
