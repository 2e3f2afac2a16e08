package hpf.traffic;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import hpf.apps.ChannelApp;
import hpf.apps.ChannelApps;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-channel traffic control across the cluster (see docs/traffic-control.md): rate limits looked at
 * before the body is read ({@link RateCheck}) and charged once the app's signature verified ({@link RateCharge}),
 * budgets of requests that fail authentication per source address ({@link UnverifiedTraffic}), quotas and member
 * limits after authentication and validation ({@link QuotaGate}), counters shared through Hazelcast
 * ({@link SharedCounters}) and copied to PostgreSQL, policies from files with operators' runtime versions on top
 * ({@link TrafficPolicies}).
 */
public final class TrafficControl implements ZoneTraffic {

  private static final Logger LOG = LoggerFactory.getLogger(TrafficControl.class);

  private final Vertx vertx;
  private final ChannelApps apps;
  private final TrafficCalendar calendar;
  private final TrafficPolicies policies;
  private final PolicyVersions versions;
  private final SharedCounters counters;
  private final UsageStore usage;
  private final RateLimiter limiter;
  private final UnverifiedTraffic unverified;
  private final TrafficMetrics metrics;
  private final UnaryOperator<String> digest;
  private final AtomicInteger clusterSize = new AtomicInteger(1);
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  /** The public contract's operationIds, learnt when its listener is built: operators' changes must name one. */
  private final Set<String> publicOperations = ConcurrentHashMap.newKeySet();
  private final long ticker;
  private Future<Void> flushing = Future.succeededFuture();

  /**
   * @param digest keyed one-way digest of a member identifier (the blind index), so no ID number reaches the
   *               shared map's keys
   * @param unverifiedBudgets the budgets of requests that fail authentication, per source address and in all
   */
  public TrafficControl(Vertx vertx, HazelcastInstance hazelcast, Pool pool, ChannelApps apps, ChannelPolicies files,
                        MeterRegistry registry, Clock clock, UnaryOperator<String> digest,
                        UnverifiedTraffic.Settings unverifiedBudgets) {
    this.vertx = vertx;
    this.apps = apps;
    this.calendar = new TrafficCalendar(clock);
    this.versions = new PolicyVersions(pool);
    this.policies = new TrafficPolicies(vertx, files, versions);
    this.usage = new UsageStore(pool);
    this.metrics = new TrafficMetrics(registry);
    this.digest = digest;
    clusterSize.set(Math.max(1, hazelcast.getCluster().getMembers().size()));
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        clusterSize.set(Math.max(1, event.getMembers().size()));
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        clusterSize.set(Math.max(1, event.getMembers().size()));
      }
    });
    this.counters = new SharedCounters(vertx, hazelcast, calendar, clusterSize::get, metrics::lease);
    this.limiter = new RateLimiter(clusterSize::get, System::nanoTime);
    this.unverified = new UnverifiedTraffic(unverifiedBudgets, limiter.now());
    metrics.unverifiedSources(unverified::trackedSources);
    vertx.eventBus().<String>consumer(ChannelApps.CHANGED_ADDRESS, m -> refreshApps());
    // Once a second: copy counts to PostgreSQL, refresh the gauges; every few seconds, re-read policy versions.
    AtomicInteger ticks = new AtomicInteger();
    this.ticker = vertx.setPeriodic(1000, id -> tick(ticks.incrementAndGet()));
  }

  /** Reads the runtime policy versions, the registered apps and, after a full restart, today's and this month's counts. */
  public Future<Void> start() {
    return policies.reload().compose(v -> refreshApps()).compose(v -> restoreCounts());
  }

  /** Stops the ticker, gives this member's quota blocks back and copies the last counts to PostgreSQL (graceful stop). */
  public Future<Void> close() {
    vertx.cancelTimer(ticker);
    return counters.giveBackLeases().otherwiseEmpty().compose(v -> flush());
  }

  @Override
  public Handler<RoutingContext> beforeBody(OpenAPIContract contract) {
    contract.operations().forEach(op -> publicOperations.add(op.getOperationId()));
    return new RateCheck(this, contract);
  }

  @Override
  public Handler<RoutingContext> afterAuthentication(OpenAPIContract contract) {
    return new RateCharge(this, contract);
  }

  @Override
  public Handler<RoutingContext> beforeOperation(Operation operation) {
    return new QuotaGate(this, operation);
  }

  /** Whether this id is a registered channel app (its own buckets and metric labels). */
  boolean known(String appId) {
    return known.contains(appId);
  }

  /** Re-reads the registered apps (the set of bounded channel labels). */
  public Future<Void> refreshApps() {
    return apps.list().map(list -> {
      for (ChannelApp app : list) {
        if (known.add(app.appId())) {
          metrics.channel(app.appId(), this::used, this::limit, counters::leaseRemaining);
        }
      }
      return null;
    });
  }

  private double used(String channelPeriod) {
    String[] parts = channelPeriod.split("\\|");
    QuotaUsage u = counters.seen(parts[0]);
    return parts[1].equals("day") ? u.usedOnDay(calendar.day()) : u.usedInMonth(calendar.month());
  }

  private double limit(String channelPeriod) {
    String[] parts = channelPeriod.split("\\|");
    ChannelPolicy p = policies.current(parts[0]);
    long limit = parts[1].equals("day") ? p.dailyQuota() : p.monthlyQuota();
    return limit == ChannelPolicy.UNLIMITED ? Double.POSITIVE_INFINITY : limit;
  }

  private Future<Void> restoreCounts() {
    return usage.load(calendar.day(), calendar.month()).compose(stored -> Future.all(stored.entrySet().stream()
        .map(e -> counters.restore(e.getKey(), e.getValue())).toList()).mapEmpty());
  }

  private void tick(int n) {
    counters.tick();
    flush();
    for (String app : known) {
      counters.read(app, 1000).otherwiseEmpty();
    }
    if (n % 5 == 0) {
      policies.reload().onFailure(e -> LOG.atWarn().setCause(e).log("traffic policy versions not reloaded"));
      refreshApps().otherwiseEmpty();
    }
  }

  /** One copy at a time, in order. */
  private synchronized Future<Void> flush() {
    flushing = flushing.transform(ignored -> usage.save(counters.takeDirty())
        .onFailure(e -> LOG.atWarn().setCause(e).log("traffic counts not copied to the database")));
    return flushing;
  }

  /** The public operationIds, or none when this process serves no public listener (then only names are checked). */
  Set<String> publicOperations() {
    return publicOperations;
  }

  String digest(String member) {
    return digest.apply(member);
  }

  TrafficCalendar calendar() {
    return calendar;
  }

  TrafficPolicies policies() {
    return policies;
  }

  PolicyVersions versions() {
    return versions;
  }

  SharedCounters counters() {
    return counters;
  }

  RateLimiter limiter() {
    return limiter;
  }

  UnverifiedTraffic unverified() {
    return unverified;
  }

  TrafficMetrics metrics() {
    return metrics;
  }

  ChannelApps apps() {
    return apps;
  }
}
