package hpf.traffic;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Figures for docs/performance.md (bench/traffic.sh): the cost of a local rate check, and the throughput and overshoot of
 * quota checks from two cluster members sharing one quota. Usage: TrafficBench [attempts] [inFlightPerMember].
 */
public final class TrafficBench {

  private static final AtomicLong LAST_ACCEPT = new AtomicLong();

  public static void main(String[] args) throws Exception {
    int attempts = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    rateCheck();
    quotas(attempts, inFlight);
    System.exit(0);
  }

  /** The path of RateCheck minus the header lookup: bucket lookup by key and one take. */
  private static void rateCheck() {
    RateLimiter limiter = new RateLimiter(() -> 2, System::nanoTime);
    ChannelPolicy.Rate rate = new ChannelPolicy.Rate(1e9, 1_000_000_000);
    String[] keys = {"demo-mobile", "demo-kiosk", "demo-online-hall", "demo-mini-program"};
    long sink = 0;
    for (int round = 0; round < 5; round++) {
      int n = 10_000_000;
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        RateLimiter.Bucket b = limiter.bucket(keys[i & 3], rate);
        sink += b.tryTake(System.nanoTime()) ? 1 : 0;
      }
      double ns = (System.nanoTime() - start) / (double) n;
      System.out.printf("local rate check, round %d: %.1f ns/op%n", round + 1, ns);
    }
    System.out.println("(taken " + sink + ")");
  }

  private static void quotas(int attempts, int inFlight) throws Exception {
    String cluster = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    HazelcastInstance m1 = member(cluster);
    HazelcastInstance m2 = member(cluster);
    Vertx vertx = Vertx.vertx();
    TrafficCalendar calendar = new TrafficCalendar(Clock.systemUTC());
    SharedCounters c1 = new SharedCounters(vertx, m1, calendar, () -> 2);
    SharedCounters c2 = new SharedCounters(vertx, m2, calendar, () -> 2);
    long quota = attempts / 2;
    ChannelPolicy p = new ChannelPolicy(new ChannelPolicy.Rate(1, 1), Map.of(), quota, ChannelPolicy.UNLIMITED,
        Map.of(), Map.of(), Map.of(), ChannelPolicy.StoreFallback.REJECT, 10_000);
    // Warm-up on another channel, then the measured run.
    run(c1, c2, "warm-up", p, 5_000, inFlight);
    long start = System.nanoTime();
    LAST_ACCEPT.set(start);
    long accepted = run(c1, c2, "bench", p, attempts, inFlight);
    long end = System.nanoTime();
    double seconds = (end - start) / 1e9;
    double accepting = (LAST_ACCEPT.get() - start) / 1e9;
    System.out.printf("quota checks, 2 members, %d in flight each: %d in %.2f s = %.0f checks/s%n", inFlight, attempts,
        seconds, attempts / seconds);
    System.out.printf("  of which accepted %d in the first %.2f s, the rest refused in %.2f s%n", accepted, accepting,
        seconds - accepting);
    // Both members report what they spent from their blocks before the count is read.
    c2.read("bench", 5000).await(10, TimeUnit.SECONDS);
    System.out.printf("quota %d, attempts %d: accepted %d, overshoot %d, shared count %d (spent; leased left %d)%n", quota,
        attempts, accepted, accepted - quota, c1.read("bench", 5000).await(10, TimeUnit.SECONDS).dayUsed(),
        c1.leaseRemaining("bench") + c2.leaseRemaining("bench"));
    m2.shutdown();
    m1.shutdown();
  }

  /** {@code attempts} charges of 1, half from each member, {@code inFlight} at a time on each; answers how many were accepted. */
  private static long run(SharedCounters c1, SharedCounters c2, String app, ChannelPolicy p, int attempts, int inFlight)
      throws Exception {
    AtomicLong accepted = new AtomicLong();
    AtomicLong left = new AtomicLong(attempts);
    Promise<Void> done = Promise.promise();
    AtomicLong running = new AtomicLong(2L * inFlight);
    for (int i = 0; i < 2 * inFlight; i++) {
      loop(i % 2 == 0 ? c1 : c2, app, p, left, accepted, running, done);
    }
    done.future().await(300, TimeUnit.SECONDS);
    return accepted.get();
  }

  private static void loop(SharedCounters c, String app, ChannelPolicy p, AtomicLong left, AtomicLong accepted,
                           AtomicLong running, Promise<Void> done) {
    if (left.getAndDecrement() <= 0) {
      if (running.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    Future<SharedCounters.Charged> charge = c.charge(app, 1, p, false);
    charge.onComplete(ar -> {
      if (ar.succeeded() && ar.result().accepted()) {
        accepted.incrementAndGet();
        LAST_ACCEPT.accumulateAndGet(System.nanoTime(), Math::max);
      }
      loop(c, app, p, left, accepted, running, done);
    });
  }

  private static HazelcastInstance member(String cluster) {
    Config hz = new Config().setClusterName(cluster);
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.wait.seconds.before.join", "0");
    hz.getNetworkConfig().setPort(7101).setPortAutoIncrement(true).setPortCount(20);
    hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    hz.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    hz.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
    TrafficMaps.configure(hz);
    return Hazelcast.newHazelcastInstance(hz);
  }
}
