package hpf.boot;

import java.util.List;

/**
 * How this instance finds the other members of its Hazelcast cluster: a fixed TCP-IP member list (bare metal,
 * virtual machines, one machine), or the Kubernetes API listing the pods behind a headless Service.
 *
 * @param kubernetes null unless discovery is {@code kubernetes}
 */
public record ClusterConfig(String name, List<String> members, String networkInterface, int port,
                            KubernetesDiscovery kubernetes) {

  /**
   * Pods are found through the Kubernetes API (needs get/list on endpoints, pods and services).
   *
   * @param namespace empty = the pod's own namespace, read from its service account
   */
  public record KubernetesDiscovery(String serviceName, String namespace) {}

  static ClusterConfig from(Settings s) {
    String name = s.string("HPF_CLUSTER_NAME");
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw ConfigException.invalid("HPF_CLUSTER_NAME", name, "1-64 letters, digits, '.', '_' or '-'");
    }
    String discovery = s.string("HPF_CLUSTER_DISCOVERY");
    KubernetesDiscovery kubernetes = switch (discovery) {
      case "tcp-ip" -> null;
      case "kubernetes" -> new KubernetesDiscovery(
          dnsLabel(s, "HPF_CLUSTER_K8S_SERVICE", false), dnsLabel(s, "HPF_CLUSTER_K8S_NAMESPACE", true));
      default -> throw ConfigException.invalid("HPF_CLUSTER_DISCOVERY", discovery, "tcp-ip or kubernetes");
    };
    return new ClusterConfig(name, s.hostList("HPF_CLUSTER_MEMBERS"), s.host("HPF_CLUSTER_INTERFACE"),
        s.integer("HPF_CLUSTER_PORT", 1, 65535), kubernetes);
  }

  /** Service and namespace names are RFC 1123 labels; a typo here would only show as a lonely member. */
  private static String dnsLabel(Settings s, String key, boolean mayBeEmpty) {
    String value = s.string(key);
    if (value.isEmpty() && mayBeEmpty) {
      return value;
    }
    if (!value.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      throw ConfigException.invalid(key, value, mayBeEmpty
          ? "empty (the pod's own namespace) or a Kubernetes name: lower-case letters, digits and '-', at most 63"
          : "the headless Service's name: lower-case letters, digits and '-', at most 63");
    }
    return value;
  }
}
