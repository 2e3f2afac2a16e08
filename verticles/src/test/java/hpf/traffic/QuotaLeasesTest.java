package hpf.traffic;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import hpf.boot.TestPlatform;
import hpf.traffic.ChannelPolicy.StoreFallback;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leased quota blocks on two Hazelcast members: concurrent charges from both never exceed the quota and use all of
 * it; a member that stops gives its block back, one that crashes has it expire (counted as spent, never lent twice);
 * refunds and the day's roll-over keep their meaning.
 */
class QuotaLeasesTest {

  /** A clock tests move by hand. */
  private static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final List<HazelcastInstance> members = new ArrayList<>();
  private final Vertx vertx = TestPlatform.app().vertx();
  private final AtomicInteger leasesTaken = new AtomicInteger();

  private HazelcastInstance member(String cluster) {
    Config hz = new Config().setClusterName(cluster);
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.getNetworkConfig().setPort(6951).setPortAutoIncrement(true).setPortCount(50);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    hz.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    TrafficMaps.configure(hz);
    HazelcastInstance instance = Hazelcast.newHazelcastInstance(hz);
    members.add(instance);
    return instance;
  }

  private SharedCounters counters(HazelcastInstance hz, Clock clock) {
    return new SharedCounters(vertx, hz, new TrafficCalendar(clock), () -> 2, (app, event, count) -> {
      if (event.equals("taken")) {
        leasesTaken.incrementAndGet();
      }
    });
  }

  private static ChannelPolicy policy(long daily) {
    return new ChannelPolicy(new ChannelPolicy.Rate(100, 100), Map.of(), daily, ChannelPolicy.UNLIMITED, Map.of(),
        Map.of(), Map.of(), StoreFallback.REJECT, 10_000);
  }

  @AfterEach
  void tearDown() {
    for (int i = members.size() - 1; i >= 0; i--) {
      if (members.get(i).getLifecycleService().isRunning()) {
        members.get(i).shutdown();
      }
    }
  }

  @Test
  void concurrentChargesFromTwoMembersSpendExactlyTheQuota() throws Exception {
    String cluster = "leases-" + UUID.randomUUID().toString().substring(0, 8);
    Clock clock = Clock.systemUTC();
    SharedCounters c1 = counters(member(cluster), clock);
    SharedCounters c2 = counters(member(cluster), clock);
    ChannelPolicy p = policy(3000);
    assertThat(busy(c1, c2, "app-a", p, 4000, 32)).isEqualTo(3000);
    assertThat(leasesTaken.get()).as("blocks were leased").isPositive();
    c2.read("app-a", 5000).await(10, TimeUnit.SECONDS); // each member reports its block before the count is read
    assertThat(c1.read("app-a", 5000).await(10, TimeUnit.SECONDS).dayUsed()).isEqualTo(3000);
    assertThat(c1.leaseRemaining("app-a") + c2.leaseRemaining("app-a")).isZero();
  }

  @Test
  void aStoppedMemberGivesItsBlockBackAndACutOffOnesExpiresWithoutLendingItTwice() throws Exception {
    String cluster = "leases-" + UUID.randomUUID().toString().substring(0, 8);
    MovableClock clock1 = new MovableClock(Instant.parse("2026-11-22T02:00:00Z"));
    MovableClock clock2 = new MovableClock(Instant.parse("2026-11-22T02:00:00Z"));
    HazelcastInstance m1 = member(cluster);
    HazelcastInstance m2 = member(cluster);
    HazelcastInstance m3 = member(cluster);
    SharedCounters c1 = counters(m1, clock1);
    SharedCounters c2 = counters(m2, clock2);
    ChannelPolicy p = policy(1000);
    // Member 2 leases blocks and stops with some unspent: given back, member 1 spends the rest, exactly.
    long spent2 = busy(c2, c2, "app-b", p, 200, 32);
    assertThat(c2.leaseRemaining("app-b")).as("an unspent block on member 2").isPositive();
    c2.giveBackLeases().await(10, TimeUnit.SECONDS);
    assertThat(sequential(c1, "app-b", p, 1000)).isEqualTo(1000 - spent2);

    // Member 2 leases again, then is silent past its lease's time (cut off, paused): member 1 finds the lease
    // expired and counts it as spent in full; when member 2 visits again it says what it spent and the rest comes back.
    ChannelPolicy p2 = policy(2000);
    long spent = 1000 + busy(c2, c2, "app-b", p2, 200, 32);
    long unspent = c2.leaseRemaining("app-b");
    assertThat(unspent).isPositive();
    assertThat(sequential(c1, "app-b", p2, 2000)).isEqualTo(2000 - spent - unspent); // the block is never lent twice
    clock1.advance(Duration.ofMillis(QuotaLeases.TTL_MILLIS + 1000));
    assertThat(sequential(c1, "app-b", p2, 2000)).as("expired: counted as spent in full").isZero();
    c2.tick(); // member 2's next tick visits: its lease ended, it gives back the rest
    TrafficFixture.eventually(() -> used(c1, "app-b") == 2000 - unspent, "member 2 gives back what it did not spend");
    assertThat(sequential(c1, "app-b", p2, 2000)).isEqualTo(unspent);

    // Member 3 leases a block and crashes: the block is held until it expires, then counted as spent in full
    // (at most about two blocks, until the day ends); never lent to another member while it might be spent.
    SharedCounters c3 = counters(m3, clock1);
    ChannelPolicy p3 = policy(3000);
    long spent3 = busy(c3, c3, "app-b", p3, 200, 32);
    long unspent3 = c3.leaseRemaining("app-b");
    assertThat(unspent3).as("an unspent block on member 3").isPositive().isLessThanOrEqualTo(2 * LeaseHolding.MAX_BLOCK);
    m3.getLifecycleService().terminate();
    assertThat(sequential(c1, "app-b", p3, 3000)).isEqualTo(1000 - spent3 - unspent3);
    clock1.advance(Duration.ofMillis(QuotaLeases.TTL_MILLIS + 1000));
    assertThat(sequential(c1, "app-b", p3, 3000)).isZero();
    assertThat(c1.read("app-b", 5000).await(10, TimeUnit.SECONDS).dayUsed()).isEqualTo(3000);
  }

  @Test
  void refundsGoBackIntoTheBlockAndTheNextDayStartsAfresh() throws Exception {
    String cluster = "leases-" + UUID.randomUUID().toString().substring(0, 8);
    MovableClock clock = new MovableClock(Instant.parse("2026-11-22T15:59:00Z")); // 23:59 in Asia/Shanghai
    SharedCounters c1 = counters(member(cluster), clock);
    SharedCounters c2 = counters(member(cluster), clock);
    ChannelPolicy p = policy(500);
    List<SharedCounters.Charged> one = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<SharedCounters.Charged> two = new java.util.concurrent.CopyOnWriteArrayList<>();
    // Blocks are leased once charges queue behind a visit. A fast run can serve every charge by its own visit before
    // the next one arrives; then the round is repeated on a fresh channel until some charges came from blocks, since
    // refunding into a block is what this test is about.
    String app = null;
    for (int attempt = 1; attempt <= 5 && one.stream().noneMatch(c -> c.lease() != 0); attempt++) {
      app = "app-c" + attempt;
      one.clear();
      two.clear();
      assertThat(busy(c1, c2, app, p, 300, 16, one, two)).isEqualTo(300);
    }
    assertThat(one).as("some charges taken from blocks in five rounds").anyMatch(c -> c.lease() != 0);
    for (int i = 0; i < 50; i++) {
      c1.refund(app, 1, one.get(one.size() - 1 - i)).await(10, TimeUnit.SECONDS);
      c2.refund(app, 1, two.get(two.size() - 1 - i)).await(10, TimeUnit.SECONDS);
    }
    c2.read(app, 5000).await(10, TimeUnit.SECONDS);
    assertThat(c1.read(app, 5000).await(10, TimeUnit.SECONDS).dayUsed()).isEqualTo(200);
    assertThat(busy(c1, c2, app, p, 600, 16)).isEqualTo(300); // refunded units can be spent again

    clock.advance(Duration.ofMinutes(2)); // 00:01 on the 23rd: a new day, the same month
    assertThat(busy(c1, c2, app, p, 800, 16)).isEqualTo(500);
    c2.read(app, 5000).await(10, TimeUnit.SECONDS);
    QuotaUsage u = c1.read(app, 5000).await(10, TimeUnit.SECONDS);
    assertThat(u.day()).isEqualTo("2026-11-23");
    assertThat(u.dayUsed()).isEqualTo(500);
    assertThat(u.monthUsed()).isEqualTo(1000);
  }

  /** {@code n} charges of 1, half from each member, {@code inFlight} at a time on each (the leased path). */
  private static long busy(SharedCounters c1, SharedCounters c2, String app, ChannelPolicy p, int n, int inFlight)
      throws Exception {
    return busy(c1, c2, app, p, n, inFlight, new java.util.concurrent.CopyOnWriteArrayList<>(),
        new java.util.concurrent.CopyOnWriteArrayList<>());
  }

  /** The same, keeping each member's accepted charges (for refunds). */
  private static long busy(SharedCounters c1, SharedCounters c2, String app, ChannelPolicy p, int n, int inFlight,
                           List<SharedCounters.Charged> one, List<SharedCounters.Charged> two) throws Exception {
    AtomicInteger left = new AtomicInteger(n);
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < 2 * inFlight; i++) {
      loops.add(i % 2 == 0 ? loop(c1, app, p, left, one) : loop(c2, app, p, left, two));
    }
    Future.all(loops).await(60, TimeUnit.SECONDS);
    return one.size() + two.size();
  }

  private static Future<Void> loop(SharedCounters c, String app, ChannelPolicy p, AtomicInteger left,
                                   List<SharedCounters.Charged> accepted) {
    if (left.getAndDecrement() <= 0) {
      return Future.succeededFuture();
    }
    return c.charge(app, 1, p, false).compose(r -> {
      if (r.accepted()) {
        accepted.add(r);
      }
      return loop(c, app, p, left, accepted);
    });
  }

  private static long used(SharedCounters c, String app) {
    try {
      return c.read(app, 5000).await(10, TimeUnit.SECONDS).dayUsed();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Charges one at a time until refused (at most {@code max}); answers how many were accepted. */
  private static long sequential(SharedCounters c, String app, ChannelPolicy p, int max) throws Exception {
    for (int i = 0; i < max; i++) {
      if (!c.charge(app, 1, p, false).await(10, TimeUnit.SECONDS).accepted()) {
        return i;
      }
    }
    return max;
  }
}
