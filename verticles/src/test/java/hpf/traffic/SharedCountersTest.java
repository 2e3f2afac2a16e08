package hpf.traffic;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import hpf.boot.TestPlatform;
import hpf.kit.ProblemException;
import hpf.traffic.ChannelPolicy.StoreFallback;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared counters on a cluster of their own (three plain Hazelcast members): concurrent charges from two
 * members never overshoot; losing a member loses no count; a member cut off from the map refuses or spends its local
 * share, as its policy says.
 */
class SharedCountersTest {

  private final List<HazelcastInstance> members = new ArrayList<>();
  private final Vertx vertx = TestPlatform.app().vertx();
  private final TrafficCalendar calendar = new TrafficCalendar(Clock.systemUTC());

  private HazelcastInstance member(String cluster) {
    Config hz = new Config().setClusterName(cluster);
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.getNetworkConfig().setPort(6901).setPortAutoIncrement(true).setPortCount(50);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    hz.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    TrafficMaps.configure(hz);
    HazelcastInstance instance = Hazelcast.newHazelcastInstance(hz);
    members.add(instance);
    return instance;
  }

  private static ChannelPolicy policy(long daily, StoreFallback fallback) {
    return new ChannelPolicy(new ChannelPolicy.Rate(100, 100), Map.of(), daily, ChannelPolicy.UNLIMITED, Map.of(),
        Map.of(), Map.of(), fallback, 10_000);
  }

  @AfterEach
  void tearDown() {
    // Last first, gracefully: the members left hand over their partitions without alarms.
    for (int i = members.size() - 1; i >= 0; i--) {
      if (members.get(i).getLifecycleService().isRunning()) {
        members.get(i).shutdown();
      }
    }
  }

  @Test
  void twoMembersNeverOvershootAndALostMemberLosesNoCount() throws Exception {
    String cluster = "traffic-" + UUID.randomUUID().toString().substring(0, 8);
    HazelcastInstance m1 = member(cluster);
    HazelcastInstance m2 = member(cluster);
    HazelcastInstance m3 = member(cluster);
    SharedCounters c1 = new SharedCounters(vertx, m1, calendar, () -> 3);
    SharedCounters c2 = new SharedCounters(vertx, m2, calendar, () -> 3);
    ChannelPolicy p = policy(300, StoreFallback.REJECT);
    assertThat(accepted(c1, c2, "app-a", p, 800)).isEqualTo(300);
    assertThat(c1.read("app-a", 2000).await(10, TimeUnit.SECONDS).dayUsed()).isEqualTo(300);

    m3.getLifecycleService().terminate(); // no goodbye: its partitions' backups take over
    assertThat(c2.read("app-a", 5000).await(20, TimeUnit.SECONDS).dayUsed()).isEqualTo(300);
    assertThat(accepted(c1, c2, "app-a", policy(400, StoreFallback.REJECT), 300)).isEqualTo(100);
  }

  @Test
  void aMemberCutOffFromTheMapRefusesOrSpendsItsLocalShare() throws Exception {
    String cluster = "traffic-" + UUID.randomUUID().toString().substring(0, 8);
    HazelcastInstance m1 = member(cluster);
    HazelcastInstance m2 = member(cluster);
    SharedCounters c2 = new SharedCounters(vertx, m2, calendar, () -> 2);
    ChannelPolicy share = policy(100, StoreFallback.LOCAL_SHARE);
    for (int i = 0; i < 40; i++) {
      assertThat(c2.charge("app-b", 1, share, false).await(10, TimeUnit.SECONDS).accepted()).isTrue();
    }
    m2.getLifecycleService().terminate();
    int local = 0;
    for (int i = 0; i < 50; i++) {
      SharedCounters.Charged c = c2.charge("app-b", 1, share, false).await(10, TimeUnit.SECONDS);
      assertThat(c.local()).isTrue();
      local += c.accepted() ? 1 : 0;
    }
    assertThat(local).isEqualTo(30); // half of the 60 left when it last saw the count
    Throwable refused = c2.charge("app-b", 1, policy(100, StoreFallback.REJECT), false)
        .transform(ar -> Future.succeededFuture(ar.cause())).await(10, TimeUnit.SECONDS);
    assertThat(refused).isInstanceOf(ProblemException.class);
    assertThat(((ProblemException) refused).problem().code()).isEqualTo("TRAFFIC_CONTROL_UNAVAILABLE");
    assertThat(new SharedCounters(vertx, m1, calendar, () -> 1).read("app-b", 5000).await(10, TimeUnit.SECONDS)
        .dayUsed()).isEqualTo(40);
  }

  private static long accepted(SharedCounters c1, SharedCounters c2, String app, ChannelPolicy p, int n) throws Exception {
    List<Future<SharedCounters.Charged>> charges = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      charges.add((i % 2 == 0 ? c1 : c2).charge(app, 1, p, false));
    }
    Future.all(charges).await(60, TimeUnit.SECONDS);
    return charges.stream().filter(c -> c.result().accepted()).count();
  }
}
