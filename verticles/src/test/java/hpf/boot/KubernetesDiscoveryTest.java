package hpf.boot;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.sun.net.httpserver.HttpServer;
import hpf.kit.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two members configured exactly as pods are ({@code HPF_CLUSTER_DISCOVERY=kubernetes}) find each other through a
 * Kubernetes API: a stub API server on loopback that lists the headless Service's endpoints (EndpointSlices), as
 * the real API lists the pods' IPs. It checks what the members ask with the service account's
 * bearer token: the EndpointSlices of their namespace (kept when owned by the Service), their own pod, and that pod's
 * node (cluster-wide, hence the ClusterRole in deploy-k8s).
 */
class KubernetesDiscoveryTest {

  private static final String NAMESPACE = "hpf-test";
  private static final String TOKEN = "service-account-token";

  private HttpServer api;
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private final List<HazelcastInstance> members = new CopyOnWriteArrayList<>();
  private final int[] hazelcastPorts = new int[2];

  @BeforeEach
  void startApi() throws IOException {
    hazelcastPorts[0] = freePort();
    hazelcastPorts[1] = freePort();
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/", exchange -> {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + authorization);
      String path = exchange.getRequestURI().getPath();
      boolean authorized = ("Bearer " + TOKEN).equals(authorization);
      int status;
      String body;
      if (!authorized) {
        status = 401;
        body = "{\"kind\":\"Status\",\"code\":401}";
      } else if (path.equals("/apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE + "/endpointslices")) {
        status = 200;
        body = endpointSlices();
      } else if (path.startsWith("/api/v1/namespaces/" + NAMESPACE + "/pods/")) {
        // A member reads its own pod for the node it runs on (node-aware partition groups).
        status = 200;
        body = "{\"kind\":\"Pod\",\"spec\":{\"nodeName\":\"node-a\"}}";
      } else if (path.equals("/api/v1/nodes/node-a")) {
        // ...and that node's zone (zone-aware partition groups): nodes are cluster-wide, hence a ClusterRole.
        status = 200;
        body = "{\"kind\":\"Node\",\"metadata\":{\"name\":\"node-a\",\"labels\":"
            + "{\"topology.kubernetes.io/zone\":\"zone-a\"}},\"status\":{\"addresses\":"
            + "[{\"type\":\"InternalIP\",\"address\":\"10.0.0.1\"}]}}";
      } else {
        status = 404;
        body = "{\"kind\":\"Status\",\"code\":404}";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    api.start();
  }

  @AfterEach
  void stop() {
    members.forEach(HazelcastInstance::shutdown);
    api.stop(0);
  }

  /**
   * The headless Service's pods: two ready endpoints owned by the Service. Real pods each have an IP and share the
   * port; on one loopback address they share the IP, so each gets its own port (a slice per port, as the API splits
   * them) and the members take the port from the slice.
   */
  private String endpointSlices() {
    return """
        {"kind":"EndpointSliceList","apiVersion":"discovery.k8s.io/v1","items":[%s,%s]}"""
        .formatted(slice("a", hazelcastPorts[0]), slice("b", hazelcastPorts[1]));
  }

  private static String slice(String pod, int port) {
    return """
        {"metadata":{"name":"hpf-cluster-%s","labels":{"kubernetes.io/service-name":"hpf-cluster"},
          "ownerReferences":[{"apiVersion":"v1","kind":"Service","name":"hpf-cluster","uid":"4b1d"}]},
         "addressType":"IPv4",
         "endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true},"targetRef":{"kind":"Pod","name":"hpf-%s"}}],
         "ports":[{"name":"hazelcast","port":%d,"protocol":"TCP"}]}""".formatted(pod, pod, port);
  }

  private HazelcastInstance member(String clusterName, int port) {
    Settings settings = Settings.load(null, Map.of("HPF_CLUSTER_NAME", clusterName,
        "HPF_CLUSTER_DISCOVERY", "kubernetes", "HPF_CLUSTER_K8S_SERVICE", "hpf-cluster",
        "HPF_CLUSTER_K8S_NAMESPACE", NAMESPACE, "HPF_CLUSTER_INTERFACE", "127.0.0.1",
        "HPF_CLUSTER_PORT", Integer.toString(port)));
    Config config = Cluster.config(HpfConfig.from(settings).cluster());
    config.getAdvancedNetworkConfig().getJoin().getKubernetesConfig()
        // In a pod these come from the service account's files; here they point at the stub.
        .setProperty("kubernetes-master", "http://127.0.0.1:" + api.getAddress().getPort())
        .setProperty("api-token", TOKEN)
        // Only read for an https API server; the stub speaks plain http.
        .setProperty("ca-certificate", "unused over http")
        // Pods share one port on many IPs; here the members share one IP, so the port comes from each slice.
        .setProperty("service-port", "0");
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    members.add(member);
    return member;
  }

  @Test
  void podsBehindTheHeadlessServiceFormOneCluster() throws Exception {
    String cluster = "hpf-k8s-" + UUID.randomUUID().toString().substring(0, 8);
    HazelcastInstance first = member(cluster, hazelcastPorts[0]);
    HazelcastInstance second = member(cluster, hazelcastPorts[1]);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (first.getCluster().getMembers().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(first.getCluster().getMembers()).as("members seen by the first pod; API calls: %s", asked).hasSize(2);
    assertThat(second.getCluster().getMembers()).hasSize(2);
    assertThat(asked).as("asked for the headless Service's endpoints in its namespace with the account's token")
        .contains("GET /apis/discovery.k8s.io/v1/namespaces/" + NAMESPACE + "/endpointslices Bearer " + TOKEN);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
