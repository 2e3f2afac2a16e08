package hpf.traffic;

import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.identity.TestIdentities;
import hpf.kit.Settings;
import hpf.sandbox.DemoApps;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotas hold across the cluster: two members sharing one quota accept exactly the quota however the requests are
 * spread, and a whole cluster started afresh on the same database goes on from the stored count.
 */
class TrafficClusterTest {

  private static HpfApplication start(Map<String, String> overrides) throws Exception {
    return HpfApplication.start(HpfConfig.from(Settings.of(overrides))).await(120, TimeUnit.SECONDS);
  }

  @Test
  void twoMembersSharingOneQuotaAcceptExactlyTheQuota() throws Exception {
    HpfApplication a = TestPlatform.app();
    HpfApplication b = start(TestPlatform.secondMemberOverrides());
    boolean stopped = false;
    try {
      TrafficFixture f = new TrafficFixture(WebClient.create(a.vertx()));
      DemoApps.Demo demo = TrafficFixture.register("cluster", "MOBILE_APP", a, b);
      int quota = 37;
      int requests = 90;
      // The shared counters may take long on a loaded test machine: wait for them rather than fall back to the
      // local share, which would make the count a matter of timing (what this test checks is the healthy case).
      f.limits(a, demo.appId(), new JsonObject().put("dailyQuota", quota)
          .put("counted", new JsonObject().put("listServiceItems", 1)).put("storeTimeoutMs", 10_000));
      TrafficFixture.eventually(() -> b.traffic().policies().current(demo.appId()).dailyQuota() == quota,
          "the other member applies the new version");
      // Partitions move to the new member first; until then a cluster-wide check may be slow to answer.
      TrafficFixture.eventually(() -> a.hazelcast().getPartitionService().isClusterSafe(),
          "the partitions have their backups on both members");

      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        sent.add(f.items(i % 2 == 0 ? a : b, demo));
      }
      Future.join(sent).await(60, TimeUnit.SECONDS);
      long accepted = sent.stream().filter(r -> r.result().statusCode() == 200).count();
      long refused = sent.stream().filter(r -> r.result().statusCode() == 429
          && "CHANNEL_QUOTA_EXCEEDED".equals(r.result().bodyAsJsonObject().getString("code"))).count();
      String answers = sent.stream().map(r -> r.result().statusCode() + (r.result().statusCode() == 200 ? ""
              : ":" + r.result().bodyAsJsonObject().getString("code")))
          .collect(java.util.stream.Collectors.groupingBy(answer -> answer, java.util.TreeMap::new,
              java.util.stream.Collectors.counting())).toString();
      // A request the overloaded cluster could not check in time is refused before it is counted (503
      // SERVICE_BUSY, nothing done); every other one is accepted within the quota or refused by it.
      long busy = sent.stream().filter(r -> r.result().statusCode() == 503
          && "SERVICE_BUSY".equals(r.result().bodyAsJsonObject().getString("code"))).count();
      assertThat(accepted).as(answers).isEqualTo(quota);
      assertThat(refused + busy).as(answers).isEqualTo(requests - quota);
      assertThat(f.channel(b, demo.appId()).getJsonObject("usage").getJsonObject("day").getLong("used")).isEqualTo(quota);

      b.stop().await(60, TimeUnit.SECONDS);
      stopped = true;
      // The member that left took nothing with it: its entries had backups on the other member.
      assertThat(f.channel(a, demo.appId()).getJsonObject("usage").getJsonObject("day").getLong("used")).isEqualTo(quota);
      assertThat(f.items(a, demo).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(429);
    } finally {
      if (!stopped) {
        b.stop().await(60, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void runtimeOperationRatesAndMemberLimitsSurviveARestartAndReachEveryMember() throws Exception {
    HpfApplication a = TestPlatform.app();
    TrafficFixture f = new TrafficFixture(WebClient.create(a.vertx()));
    DemoApps.Demo demo = TrafficFixture.register("runtime", "MOBILE_APP", a);
    String member = TestIdentities.newIdNumber();
    // Made before the second member starts: it can learn it only from PostgreSQL, as a restarted member does.
    f.limits(a, demo.appId(), new JsonObject().put("perMember", new JsonObject()
        .put("createSession", RuntimeLimitsTest.limit(1, "hour"))));
    HpfApplication b = start(TestPlatform.secondMemberOverrides());
    try {
      b.traffic().refreshApps().await(10, TimeUnit.SECONDS);
      assertThat(b.traffic().policies().current(demo.appId()).perMember().get("createSession"))
          .isEqualTo(new ChannelPolicy.MemberLimit(1, ChronoUnit.HOURS));
      // The member's window is the cluster's: one login through a, the next through b is refused.
      assertThat(f.wrongLogin(a, demo, member).statusCode()).isNotEqualTo(429);
      HttpResponse<Buffer> refused = f.wrongLogin(b, demo, member);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("RATE_LIMITED");

      long changed = System.nanoTime();
      f.limits(a, demo.appId(), new JsonObject().put("operationRates", new JsonObject()
          .put("listServiceItems", RuntimeLimitsTest.rate(0.01, 2))));
      TrafficFixture.eventually(() -> b.traffic().policies().current(demo.appId()).operationRates()
          .containsKey("listServiceItems"), "the other member applies the new operation rate");
      // Within about a second (the event bus, milliseconds; some slack for a busy build machine).
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changed)).isLessThan(2000);
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        HttpResponse<Buffer> r = f.items(b, demo).await(10, TimeUnit.SECONDS);
        statuses.add(r.statusCode());
        if (r.statusCode() == 429) {
          assertThat(r.bodyAsJsonObject().getString("code")).isEqualTo("RATE_LIMITED");
        }
      }
      assertThat(statuses.get(0)).isEqualTo(200);
      assertThat(statuses).contains(429);

      f.limits(a, demo.appId(), new JsonObject().put("operationRates", new JsonObject().putNull("listServiceItems"))
          .put("perMember", new JsonObject().putNull("createSession")));
      TrafficFixture.eventually(() -> !b.traffic().policies().current(demo.appId()).operationRates()
          .containsKey("listServiceItems"), "the other member applies the removal");
      assertThat(b.traffic().policies().current(demo.appId()).perMember().get("createSession"))
          .as("the file's value again").isEqualTo(new ChannelPolicy.MemberLimit(60, ChronoUnit.MINUTES));
      assertThat(f.items(b, demo).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(f.wrongLogin(b, demo, member).statusCode()).isNotEqualTo(429);
      assertThat(f.channel(b, demo.appId()).getJsonObject("runtime").getJsonObject("perMember")).isEmpty();
    } finally {
      b.stop().await(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClusterStartedAfreshGoesOnFromTheStoredCount() throws Exception {
    HpfApplication a = TestPlatform.app();
    TrafficFixture f = new TrafficFixture(WebClient.create(a.vertx()));
    DemoApps.Demo demo = TrafficFixture.register("restart", "ONLINE_HALL", a);
    f.limits(a, demo.appId(), new JsonObject().put("dailyQuota", 5).put("counted", new JsonObject().put("listServiceItems", 1)));
    for (int i = 0; i < 3; i++) {
      assertThat(f.items(a, demo).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    TrafficFixture.eventually(() -> stored(a, demo.appId()) == 3, "the count reaches PostgreSQL within about a second");

    // Its own cluster: nothing to learn from other members, only from PostgreSQL.
    HpfApplication fresh = start(TestPlatform.externalDatabaseOverrides());
    try {
      fresh.traffic().refreshApps().await(10, TimeUnit.SECONDS);
      assertThat(f.channel(fresh, demo.appId()).getJsonObject("usage").getJsonObject("day").getLong("used")).isEqualTo(3);
      assertThat(f.items(fresh, demo).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(f.items(fresh, demo).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> refused = f.items(fresh, demo).await(10, TimeUnit.SECONDS);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("CHANNEL_QUOTA_EXCEEDED");
    } finally {
      fresh.stop().await(60, TimeUnit.SECONDS);
    }
  }

  private static long stored(HpfApplication app, String appId) {
    try {
      var rows = app.pool().preparedQuery("SELECT used FROM traffic_quota_usage WHERE app_id = $1 AND period = 'DAY'")
          .execute(Tuple.of(appId)).await(10, TimeUnit.SECONDS);
      return rows.size() == 0 ? -1 : rows.iterator().next().getLong(0);
    } catch (Exception e) {
      return -1;
    }
  }
}
