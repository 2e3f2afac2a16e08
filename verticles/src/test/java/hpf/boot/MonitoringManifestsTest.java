package hpf.boot;

import hpf.channel.Zone;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts and the dashboard of deploy-k8s read meters the platform really has: every {@code hpf_*} name they
 * use is on /metrics of the running platform or, for meters registered at their first use, registered under that
 * name in src/main/java; and every label they select on is a label of that meter.
 */
@ExtendWith(VertxExtension.class)
class MonitoringManifestsTest {

  private static final List<Path> MANIFESTS = List.of(
      Path.of("../deploy-k8s/base/prometheusrule.yaml"),
      Path.of("../deploy-k8s/base/dashboards/hpf-platform.json"));

  // Labels Prometheus adds from the target, not the platform.
  private static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "job", "instance", "service");

  private static final Pattern NAME = Pattern.compile("\\bhpf_[a-z0-9_]+\\b");
  private static final Pattern SELECTOR = Pattern.compile("\\b(hpf_[a-z0-9_]+)\\{([^}]*)}");
  private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
  private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ");
  private static final Pattern SERIES_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
  private static final Pattern SOURCE_NAME = Pattern.compile("\"(hpf_[a-z0-9_]+)\"");
  private static final List<String> SUFFIXES = List.of("_total", "_count", "_sum", "_max", "_bucket");

  @Test
  void everyMetricOfTheAlertsAndTheDashboardExists(Vertx vertx) throws Exception {
    TestPlatform.app();
    WebClient client = WebClient.create(vertx);
    int management = TestPlatform.port(Zone.MANAGEMENT);
    // One answered request, so the request timer has its series (with the status label the 5xx alert reads).
    client.get(management, "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS);
    String metrics = client.get(management, "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS).bodyAsString();
    Map<String, Set<String>> exposed = exposedLabels(metrics);
    Set<String> registered = registeredInSource();

    Set<String> used = new TreeSet<>();
    Map<String, Set<String>> selected = new HashMap<>();
    for (Path manifest : MANIFESTS) {
      String text = Files.readString(manifest);
      NAME.matcher(text).results().forEach(m -> used.add(m.group()));
      Matcher selector = SELECTOR.matcher(text);
      while (selector.find()) {
        Set<String> labels = selected.computeIfAbsent(selector.group(1), k -> new TreeSet<>());
        MATCHER_LABEL.matcher(selector.group(2)).results().forEach(m -> labels.add(m.group(1)));
      }
    }
    assertThat(used).as("metric names in %s", MANIFESTS).contains("hpf_dependency_state", "hpf_boot_ready");

    Set<String> missing = new TreeSet<>();
    for (String name : used) {
      if (!exposed.containsKey(name) && !registeredAs(name, registered)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("names in the alerts or the dashboard that the platform has no meter for").isEmpty();

    Set<String> unknownLabels = new TreeSet<>();
    selected.forEach((name, labels) -> {
      if (exposed.containsKey(name)) {
        labels.stream().filter(l -> !TARGET_LABELS.contains(l) && !exposed.get(name).contains(l))
            .forEach(l -> unknownLabels.add(name + "{" + l + "}"));
      }
    });
    assertThat(unknownLabels).as("labels selected on that the meter does not have").isEmpty();
  }

  /** Each series name on /metrics with the label names it carries. */
  private static Map<String, Set<String>> exposedLabels(String metrics) {
    Map<String, Set<String>> exposed = new HashMap<>();
    for (String line : metrics.split("\n")) {
      Matcher series = SERIES.matcher(line);
      if (!line.startsWith("#") && series.find()) {
        Set<String> labels = exposed.computeIfAbsent(series.group(1), k -> new HashSet<>());
        if (series.group(2) != null) {
          SERIES_LABEL.matcher(series.group(2)).results().forEach(m -> labels.add(m.group(1)));
        }
      }
    }
    return exposed;
  }

  /** Meter names registered in the platform's sources (string literals), for meters created at first use. */
  private static Set<String> registeredInSource() throws IOException {
    Set<String> names = new HashSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        SOURCE_NAME.matcher(Files.readString(file)).results().forEach(m -> names.add(m.group(1)));
      }
    }
    return names;
  }

  // hpf_traffic_rejected_total is the counter "hpf_traffic_rejected"; hpf_dependency_latency_seconds_sum the
  // timer "hpf_dependency_latency" (or "…_seconds"): Prometheus adds the unit and the suffix.
  private static boolean registeredAs(String name, Set<String> registered) {
    String base = name;
    for (String suffix : SUFFIXES) {
      if (base.endsWith(suffix)) {
        base = base.substring(0, base.length() - suffix.length());
        break;
      }
    }
    String withoutUnit = base.endsWith("_seconds") ? base.substring(0, base.length() - "_seconds".length()) : base;
    return registered.contains(name) || registered.contains(base) || registered.contains(withoutUnit);
  }
}
