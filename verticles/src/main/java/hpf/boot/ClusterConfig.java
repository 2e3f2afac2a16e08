package hpf.boot;

import hpf.kit.ConfigException;
import hpf.kit.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * How this instance finds the other members of its Hazelcast cluster: a fixed TCP-IP member list (bare metal,
 * virtual machines, one machine), or the Kubernetes API listing the pods behind a headless Service.
 *
 * @param kubernetes null unless discovery is {@code kubernetes}
 */
public record ClusterConfig(String name, List<String> members, String networkInterface, int port,
                            KubernetesDiscovery kubernetes, int eventBusPort) {

  /**
   * Pods are found through the Kubernetes API (needs get/list on endpoints, pods and services).
   *
   * @param namespace empty = the pod's own namespace, read from its service account
   */
  public record KubernetesDiscovery(String serviceName, String namespace) {}

  /** The documented default: in the sandbox it stands for a name of this instance's own, in production it is refused. */
  static final String DEFAULT_NAME = "hpf";
  /** Hazelcast open source has no member authentication: the name is the membership secret, so it must be one. */
  static final int SECRET_NAME_MIN = 24;

  static ClusterConfig from(Settings s) {
    String name = name(s);
    String discovery = s.string("HPF_CLUSTER_DISCOVERY");
    KubernetesDiscovery kubernetes = switch (discovery) {
      case "tcp-ip" -> null;
      case "kubernetes" -> new KubernetesDiscovery(
          dnsLabel(s, "HPF_CLUSTER_K8S_SERVICE", false), dnsLabel(s, "HPF_CLUSTER_K8S_NAMESPACE", true));
      default -> throw ConfigException.invalid("HPF_CLUSTER_DISCOVERY", discovery, "tcp-ip or kubernetes");
    };
    return new ClusterConfig(name, s.hostList("HPF_CLUSTER_MEMBERS"), s.host("HPF_CLUSTER_INTERFACE"),
        s.integer("HPF_CLUSTER_PORT", 1, 65535), kubernetes, s.integer("HPF_EVENTBUS_PORT", 0, 65535));
  }

  /**
   * The cluster's name. Outside the sandbox a secret of at least {@value #SECRET_NAME_MIN} characters; in the
   * sandbox the default becomes {@code hpf-} and a digest of where the data is (the external database, else the data
   * directory), so two instances on one host with different data never form one cluster. Never echoed in errors.
   */
  private static String name(Settings s) {
    String name = s.string("HPF_CLUSTER_NAME");
    if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new ConfigException("HPF_CLUSTER_NAME", "invalid value (not shown); allowed: 1-64 letters, digits, '.', '_' or '-'");
    }
    if (!s.bool("HPF_SANDBOX")) {
      if (name.equals(DEFAULT_NAME) || name.length() < SECRET_NAME_MIN) {
        throw new ConfigException("HPF_CLUSTER_NAME", "a secret name of its own is required when HPF_SANDBOX=false "
            + "(anyone who knows the name can join the cluster); allowed: " + SECRET_NAME_MIN
            + "-64 random letters, digits, '.', '_' or '-', kept like a password");
      }
      return name;
    }
    return name.equals(DEFAULT_NAME) ? DEFAULT_NAME + "-" + dataIdentity(s) : name;
  }

  /** A short SM3 digest of the external database (without credentials) or the canonical data directory. */
  static String dataIdentity(Settings s) {
    String url = s.string("HPF_DB_URL");
    String where;
    if (!url.isEmpty()) {
      DatabaseUrl parsed = DatabaseUrl.parse(url);
      where = parsed == null ? url : "postgresql://" + parsed.host() + ":" + parsed.port() + "/" + parsed.database();
    } else {
      Path dir = Path.of(s.string("HPF_DATA_DIR")).toAbsolutePath().normalize();
      try {
        where = Files.exists(dir) ? dir.toRealPath().toString() : dir.toString();
      } catch (java.io.IOException e) {
        where = dir.toString();
      }
    }
    return HexFormat.of().formatHex(hpf.crypto.Sm3.digest(where.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
  }

  /** The name as logs and the admin API show it: a secret is never printed in full. */
  public String maskedName() {
    return name.length() <= 8 ? name.charAt(0) + "***" : name.substring(0, 4) + "***(" + name.length() + " characters)";
  }

  @Override
  public String toString() {
    return "ClusterConfig[name=" + maskedName() + ", members=" + members + ", networkInterface=" + networkInterface
        + ", port=" + port + ", kubernetes=" + kubernetes + "]";
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
