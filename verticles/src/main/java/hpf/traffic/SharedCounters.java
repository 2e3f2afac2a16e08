package hpf.traffic;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import hpf.kit.ClusterFutures;
import hpf.kit.ProblemException;
import hpf.traffic.ChannelPolicy.MemberLimit;
import hpf.traffic.ChannelPolicy.Rule;
import hpf.traffic.ChannelPolicy.StoreFallback;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide counters: channel quotas (one entry per channel holding its day and month and the blocks leased
 * to members, {@link QuotaBook}) and per-member windows, in Hazelcast maps changed only by entry processors (atomic
 * on the owning member, with a synchronous backup), never by read-modify-write. Enforced quotas are charged through
 * this member's leased block ({@link QuotaLeases}): no network call until the block runs low. Calls are asynchronous
 * and bounded by the policy's store timeout; when the map does not answer, the policy says whether to refuse or to
 * spend this member's local share ({@link LocalShare}).
 */
final class SharedCounters {

  static final String QUOTAS = "hpf.traffic.quotas";
  static final String MEMBERS = "hpf.traffic.members";
  private static final Logger LOG = LoggerFactory.getLogger(SharedCounters.class);

  /**
   * A quota charge's outcome; {@code local}: decided on the local share, the map being out of reach; {@code lease}:
   * the lease it was taken from (0: charged on the map).
   */
  record Charged(boolean accepted, boolean overDay, boolean overMonth, QuotaUsage usage, boolean local, long lease) {}

  /** Lease events for the metrics: taken, returned, expired. */
  interface LeaseEvents {
    void record(String app, String event, long count);
  }

  private final Vertx vertx;
  private final IMap<String, QuotaBook> quotas;
  private final IMap<String, Long> members;
  private final TrafficCalendar calendar;
  private final LocalShare local;
  private final QuotaLeases leases;
  /** The latest counts this member saw per channel: gauges, the copy to PostgreSQL, the local share's start. */
  private final Map<String, QuotaUsage> seen = new ConcurrentHashMap<>();
  private final Map<String, Boolean> dirty = new ConcurrentHashMap<>();

  SharedCounters(Vertx vertx, HazelcastInstance hazelcast, TrafficCalendar calendar, IntSupplier clusterSize) {
    this(vertx, hazelcast, calendar, clusterSize, (app, event, count) -> { });
  }

  SharedCounters(Vertx vertx, HazelcastInstance hazelcast, TrafficCalendar calendar, IntSupplier clusterSize,
                 LeaseEvents events) {
    this.vertx = vertx;
    this.quotas = hazelcast.getMap(QUOTAS);
    this.members = hazelcast.getMap(MEMBERS);
    this.calendar = calendar;
    this.local = new LocalShare(calendar, clusterSize);
    this.leases = new QuotaLeases(vertx, new QuotaLeases.Store() {
      @Override
      public Future<QuotaLease.Result> visit(String app, QuotaLease change, long timeoutMillis) {
        return timed(() -> quotas.submitToKey(app, change), timeoutMillis);
      }

      @Override
      public Future<Charged> unavailable(String app, long weight, ChannelPolicy p, Throwable cause) {
        return SharedCounters.this.unavailable(app, weight, p, false, cause);
      }

      @Override
      public void answered(String app, QuotaUsage used) {
        saw(app, used, true);
        settleLocal(app);
      }

      @Override
      public void lease(String app, String event, long count) {
        events.record(app, event, count);
      }
    }, hazelcast.getCluster().getLocalMember().getUuid().toString(), calendar, clusterSize);
  }

  /** Takes {@code weight} from the channel's day and month together, or nothing. */
  Future<Charged> charge(String app, long weight, ChannelPolicy p, boolean released) {
    if (QuotaLeases.leasable(p, released)) {
      return leases.charge(app, weight, p);
    }
    String day = calendar.day();
    String month = calendar.month();
    QuotaChange change = QuotaChange.charge(day, month, weight, p.dailyQuota(), p.monthlyQuota(),
        p.enforces(Rule.DAILY_QUOTA) && !released, p.enforces(Rule.MONTHLY_QUOTA) && !released);
    return timed(() -> quotas.submitToKey(app, change), p.storeTimeoutMillis())
        .map(r -> {
          saw(app, r.usage(), true);
          settleLocal(app);
          return new Charged(r.accepted(), r.overDay(), r.overMonth(), r.usage(), false, 0);
        })
        .recover(e -> unavailable(app, weight, p, released, e));
  }

  /** The map did not answer: refuse, or decide on this member's local share, as the policy says. */
  private Future<Charged> unavailable(String app, long weight, ChannelPolicy p, boolean released, Throwable e) {
    if (p.storeUnavailable() == StoreFallback.REJECT) {
      LOG.atWarn().addKeyValue("channel", app).addKeyValue("reason", String.valueOf(e)).log("quota store unavailable, refusing");
      return Future.failedFuture(new ProblemException(TrafficProblems.storeUnavailable()));
    }
    LOG.atWarn().addKeyValue("channel", app).addKeyValue("reason", String.valueOf(e)).log("quota store unavailable, local share");
    QuotaChange.Result r = local.charge(app, weight, p, released, seen.get(app));
    return Future.succeededFuture(new Charged(r.accepted(), r.overDay(), r.overMonth(), r.usage(), true, 0));
  }

  /** Gives a charge back (another limit refused the request, or its write failed); never fails. */
  Future<Void> refund(String app, long weight, Charged charged) {
    if (charged.local()) {
      local.refund(app, weight);
      return Future.succeededFuture();
    }
    if (charged.lease() != 0 && leases.refund(app, charged.lease(), weight)) {
      return Future.succeededFuture(); // back into this member's block, counted on its next report
    }
    QuotaUsage u = charged.usage();
    return timed(() -> quotas.submitToKey(app, QuotaChange.refund(u.day(), u.month(), weight)), 5000)
        .map(r -> {
          saw(app, r.usage(), true);
          return (Void) null;
        })
        .otherwise(e -> {
          LOG.atWarn().addKeyValue("channel", app).addKeyValue("reason", String.valueOf(e)).log("quota refund lost");
          return null;
        });
  }

  /** One call of a member-limited operation in the current window; refused when over an enforced limit. */
  Future<WindowCount.Result> chargeMember(String key, MemberLimit limit, ChannelPolicy p) {
    boolean enforce = p.enforces(Rule.MEMBER_LIMIT);
    String windowKey = key + "|" + calendar.windowStart(limit.per()).getEpochSecond();
    return timed(() -> members.submitToKey(windowKey, WindowCount.charge(limit.limit(), enforce)), p.storeTimeoutMillis())
        .map(r -> r)
        .recover(e -> p.storeUnavailable() == StoreFallback.REJECT
            ? Future.failedFuture(new ProblemException(TrafficProblems.storeUnavailable()))
            : Future.succeededFuture(local.chargeMember(windowKey, limit, enforce)));
  }

  Future<Void> refundMember(String key, MemberLimit limit) {
    String windowKey = key + "|" + calendar.windowStart(limit.per()).getEpochSecond();
    return timed(() -> members.submitToKey(windowKey, WindowCount.refund()), 5000).<Void>mapEmpty().otherwiseEmpty();
  }

  /** The counts as this member last saw them (no I/O). */
  QuotaUsage seen(String app) {
    return seen.getOrDefault(app, QuotaUsage.empty(calendar.day(), calendar.month()));
  }

  /** Reads the channel's counts (spent, not leased) from the map, once this member reported what it spent. */
  Future<QuotaUsage> read(String app, long timeoutMillis) {
    return leases.report(app).otherwiseEmpty().compose(v -> timed(() -> quotas.getAsync(app), timeoutMillis)).map(b -> {
      QuotaUsage now = (b == null ? QuotaUsage.empty(calendar.day(), calendar.month()) : b.used())
          .rolledTo(calendar.day(), calendar.month());
      saw(app, now, false);
      return now;
    });
  }

  /** Puts counts read back from PostgreSQL into the map, where it holds less of the same period. */
  Future<Void> restore(String app, QuotaUsage stored) {
    return ClusterFutures.onContext(stage(() -> quotas.submitToKey(app, QuotaChange.restore(stored))),
            vertx.getOrCreateContext())
        .map(r -> {
          saw(app, r.usage(), false);
          return null;
        });
  }

  /** The counts changed since the last call, for the copy to PostgreSQL. */
  Map<String, QuotaUsage> takeDirty() {
    Map<String, QuotaUsage> out = new java.util.HashMap<>();
    for (String app : dirty.keySet()) {
      dirty.remove(app);
      out.put(app, seen.get(app));
    }
    return out;
  }

  /** Once a second: idle blocks go back, used ones are reported and renewed. */
  void tick() {
    leases.tick();
  }

  /** Units of the channel's quota this member may still spend on its own. */
  long leaseRemaining(String app) {
    return leases.remaining(app);
  }

  /** Gives this member's blocks back (graceful stop). */
  Future<Void> giveBackLeases() {
    return leases.giveBackAll();
  }

  java.util.Set<String> channelsSeen() {
    return seen.keySet();
  }

  private void saw(String app, QuotaUsage usage, boolean changed) {
    seen.merge(app, usage, (old, in) -> newer(in, old) ? in : old);
    if (changed) {
      dirty.put(app, true);
    }
  }

  /** Same period: the larger counts win (answers may arrive out of order); a newer period always wins. */
  private static boolean newer(QuotaUsage in, QuotaUsage old) {
    int byDay = in.day().compareTo(old.day());
    return byDay > 0 || (byDay == 0 && in.dayUsed() + in.monthUsed() >= old.dayUsed() + old.monthUsed());
  }

  /** What this member let through on its local share goes to the map once it answers again. */
  private void settleLocal(String app) {
    LocalShare.Pending pending = local.takePending(app);
    if (pending != null) {
      stage(() -> quotas.submitToKey(app, QuotaChange.add(pending.day(), pending.month(), pending.weight())))
          .whenCompleteAsync((r, e) -> {
            if (e != null) {
              local.putBack(app, pending);
            } else {
              saw(app, r.usage(), true);
            }
          }, ClusterFutures.on(vertx.getOrCreateContext())); // not Hazelcast's default executor (see ClusterFutures)
    }
  }

  /** A map call as a stage; a member whose Hazelcast is down throws at once instead: made a failed stage too. */
  private static <T> CompletionStage<T> stage(java.util.function.Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  private <T> Future<T> timed(java.util.function.Supplier<CompletionStage<T>> call, long timeoutMillis) {
    CompletionStage<T> stage = stage(call);
    Promise<T> promise = Promise.promise();
    long timer = vertx.setTimer(timeoutMillis, t -> promise.tryFail(new TimeoutException("shared counters: no answer in "
        + timeoutMillis + " ms")));
    ClusterFutures.onContext(stage, vertx.getOrCreateContext()).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        promise.tryComplete(ar.result());
      } else {
        promise.tryFail(ar.cause());
      }
    });
    return promise.future();
  }
}
