package hpf.traffic;

import hpf.traffic.ChannelPolicy.Rule;
import hpf.traffic.LeaseHolding.Waiter;
import hpf.traffic.SharedCounters.Charged;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Quota charges of this member through leased blocks: a charge is taken from the member's block with no network
 * call; when the block runs low, one visit to the channel's entry ({@link QuotaLease}) reports what was spent,
 * decides the charges that waited for it and leases the next block. A quiet channel holds no block (every charge
 * is one visit, as exact as a direct charge); a busy one leases blocks that grow to {@link LeaseHolding#MAX_BLOCK}
 * and shrink to nothing near the limit. Blocks idle for a tick are given back; a member that stops gives back all.
 */
final class QuotaLeases {

  /** A lease lives this long after the last visit of its holder (which visits every second while it holds one). */
  static final long TTL_MILLIS = 15_000;
  /** Near the limit, a remainder not spent within this time goes back, so the last units are not stranded here. */
  private static final long IDLE_NEAR_LIMIT_MILLIS = 20;

  /** The calls this needs from the shared counters. */
  interface Store {
    Future<QuotaLease.Result> visit(String app, QuotaLease change, long timeoutMillis);

    /** The charge as the policy's fallback decides it when the map did not answer. */
    Future<Charged> unavailable(String app, long weight, ChannelPolicy p, Throwable cause);

    void answered(String app, QuotaUsage used);

    void lease(String app, String event, long count);
  }

  private final Vertx vertx;
  private final Store store;
  private final String holder;
  private final TrafficCalendar calendar;
  private final IntSupplier members;
  private final Map<String, LeaseHolding> holdings = new ConcurrentHashMap<>();
  private final AtomicLong epochs = new AtomicLong();

  QuotaLeases(Vertx vertx, Store store, String holder, TrafficCalendar calendar, IntSupplier members) {
    this.vertx = vertx;
    this.store = store;
    this.holder = holder;
    this.calendar = calendar;
    this.members = members;
  }

  /** Whether a charge under this policy may come from a block: enforced (or unlimited) limits, control not released. */
  static boolean leasable(ChannelPolicy p, boolean released) {
    return !released && (p.enforces(Rule.DAILY_QUOTA) || p.dailyQuota() == ChannelPolicy.UNLIMITED)
        && (p.enforces(Rule.MONTHLY_QUOTA) || p.monthlyQuota() == ChannelPolicy.UNLIMITED);
  }

  Future<Charged> charge(String app, long weight, ChannelPolicy p) {
    LeaseHolding h = holdings.computeIfAbsent(app, a -> new LeaseHolding(a, epochs.incrementAndGet()));
    boolean visit;
    Promise<Charged> promise;
    long epoch;
    synchronized (h) {
      if (h.take(weight, p.dailyQuota(), p.monthlyQuota(), p.enforces(Rule.DAILY_QUOTA), p.enforces(Rule.MONTHLY_QUOTA))) {
        epoch = h.epoch;
        visit = h.lowOnBlock();
        h.visiting |= visit;
        promise = null;
      } else {
        epoch = 0;
        promise = Promise.promise();
        h.waiting.add(new Waiter(weight, promise, p));
        visit = !h.visiting;
        h.visiting = true;
      }
    }
    if (visit) {
      visit(h, p, false);
    }
    return promise != null ? promise.future() : Future.succeededFuture(
        new Charged(true, false, false, QuotaUsage.empty(calendar.day(), calendar.month()), false, epoch));
  }

  /** Gives a charge back to the block it came from; false when that lease is over (then the map takes the refund). */
  boolean refund(String app, long epoch, long weight) {
    LeaseHolding h = holdings.get(app);
    if (h == null) {
      return false;
    }
    synchronized (h) {
      if (h.epoch != epoch) {
        return false;
      }
      h.spent -= weight; // reported lower on the next visit: the map counts the refund then
      return true;
    }
  }

  /** Units this member may still spend on its own (the lease gauge). */
  long remaining(String app) {
    LeaseHolding h = holdings.get(app);
    if (h == null) {
      return 0;
    }
    synchronized (h) {
      return h.closing ? 0 : h.remaining();
    }
  }

  /** Once a second: a block that was not used goes back, a used one is reported (the counts shown stay current). */
  void tick() {
    for (LeaseHolding h : holdings.values()) {
      boolean giveBack;
      synchronized (h) {
        boolean idle = h.spendsSinceTick == 0;
        h.quieter();
        if (h.visiting || (h.granted == 0 && h.spent == h.reported)) {
          continue;
        }
        giveBack = idle;
        h.visiting = true;
      }
      visit(h, null, giveBack);
    }
  }

  /** Reports what this member spent on the channel's block, so a read of the map shows it. */
  Future<Void> report(String app) {
    LeaseHolding h = holdings.get(app);
    if (h == null) {
      return Future.succeededFuture();
    }
    synchronized (h) {
      if (h.visiting || h.spent == h.reported) {
        return Future.succeededFuture();
      }
      h.visiting = true;
    }
    return visit(h, null, false).mapEmpty();
  }

  /** Gives every block back (graceful stop); a holding in the middle of a visit gives it back right after. */
  Future<Void> giveBackAll() {
    List<Future<Void>> returns = new ArrayList<>();
    for (LeaseHolding h : holdings.values()) {
      boolean visit;
      Promise<Void> returned = Promise.promise();
      synchronized (h) {
        if (h.granted == 0 && h.spent == h.reported && !h.visiting) {
          continue;
        }
        h.closing = true;
        h.returned.add(returned);
        visit = !h.visiting;
        h.visiting = true;
      }
      returns.add(returned.future());
      if (visit) {
        visit(h, null, true);
      }
    }
    return Future.join(returns).mapEmpty();
  }

  /**
   * One visit to the map, the holding marked visiting by the caller. {@code p} null: a report or give-back with no
   * charge waiting, under the limits the lease was granted with.
   */
  private Future<QuotaLease.Result> visit(LeaseHolding h, ChannelPolicy p, boolean giveBackAsked) {
    List<Waiter> batch;
    QuotaLease change;
    boolean giveBack;
    long epoch;
    QuotaLease.Limits limits;
    synchronized (h) {
      batch = h.waiting;
      h.waiting = new ArrayList<>();
      if (batch.size() > 1) {
        h.busier();
      }
      boolean changed = p != null && h.granted > 0 && !h.sameLimits(p.dailyQuota(), p.monthlyQuota(),
          p.enforces(Rule.DAILY_QUOTA), p.enforces(Rule.MONTHLY_QUOTA));
      giveBack = giveBackAsked || changed || h.closing;
      if (giveBack) {
        h.closing = true; // nothing more is spent from this block
      }
      if (p != null) {
        h.policy = p;
      }
      ChannelPolicy lp = h.policy;
      limits = new QuotaLease.Limits(lp.dailyQuota(), lp.monthlyQuota(), lp.enforces(Rule.DAILY_QUOTA),
          lp.enforces(Rule.MONTHLY_QUOTA), members.getAsInt(), calendar.now().toEpochMilli(), TTL_MILLIS);
      long extra = giveBack || h.remaining() >= h.want ? 0 : h.want;
      epoch = h.epoch;
      change = new QuotaLease(holder, epoch, calendar.day(), calendar.month(), h.spent,
          batch.stream().mapToLong(Waiter::weight).toArray(), extra, giveBack, limits);
    }
    long timeout = h.policy.storeTimeoutMillis();
    Future<QuotaLease.Result> answer = store.visit(h.app, change, timeout);
    answer.onComplete(ar -> answered(h, batch, giveBack, epoch, limits, ar));
    return answer;
  }

  private void answered(LeaseHolding h, List<Waiter> batch, boolean giveBack, long epoch, QuotaLease.Limits limits,
                        AsyncResult<QuotaLease.Result> ar) {
    QuotaLease.Result r = ar.succeeded() ? ar.result() : null;
    ChannelPolicy p = h.policy;
    List<Promise<Void>> returned = List.of();
    synchronized (h) {
      if (giveBack) {
        returned = h.returned;
        h.returned = new ArrayList<>();
      }
      // Still visiting until the waiters are answered: charges their answers start queue for one next visit.
      if (h.epoch == epoch) {
        if (r == null) {
          if (giveBack) {
            // The give-back may not have landed: the lease then expires on the map, counted as spent in full.
            h.renew(epochs.incrementAndGet());
          }
        } else if (giveBack) {
          store.lease(h.app, "returned", 1);
          h.renew(epochs.incrementAndGet());
        } else if (r.ended()) {
          h.closing = true; // expired on the map (counted in full there): stop, say what was spent, start anew
        } else {
          if (r.granted() > h.granted) {
            store.lease(h.app, "taken", 1);
            h.daily = limits.daily();
            h.monthly = limits.monthly();
            h.enforceDay = limits.enforceDay();
            h.enforceMonth = limits.enforceMonth();
          }
          h.granted = Math.max(h.granted, r.granted());
          h.reported = r.reported();
        }
      }
      if (r != null) {
        h.nearLimit = Math.min(r.dayFree(), r.monthFree()) / (2L * Math.max(1, limits.members())) == 0;
      }
    }
    if (r != null) {
      if (r.expired() > 0) {
        store.lease(h.app, "expired", r.expired());
      }
      store.answered(h.app, r.usage());
      QuotaUsage taken = QuotaBook.add(r.usage(), r.leased());
      for (int i = 0; i < batch.size(); i++) {
        Waiter w = batch.get(i);
        w.promise().complete(r.served().charAt(i) == '1' ? new Charged(true, false, false, r.usage(), false, 0)
            : new Charged(false, w.weight() > r.dayFree(), w.weight() > r.monthFree(), taken, false, 0));
      }
    } else {
      for (Waiter w : batch) {
        // Each charge's own policy says how to fall back (it may differ from the lease's).
        store.unavailable(h.app, w.weight(), w.policy(), ar.cause()).onComplete(w.promise());
      }
    }
    returned.forEach(Promise::tryComplete);
    afterVisit(h);
  }

  /** Charges that arrived during the visit take from the new block, or wait for the next visit. */
  private void afterVisit(LeaseHolding h) {
    boolean again;
    boolean idleCheck;
    List<Waiter> served = new ArrayList<>();
    long epoch;
    synchronized (h) {
      List<Waiter> still = new ArrayList<>();
      for (Waiter w : h.waiting) {
        if (h.take(w.weight(), h.daily, h.monthly, h.enforceDay, h.enforceMonth)) {
          served.add(w);
        } else {
          still.add(w);
        }
      }
      h.waiting = still;
      epoch = h.epoch;
      h.visiting = false;
      // A block given back or never granted is not asked for again until a charge comes.
      again = !still.isEmpty() || h.closing || (h.granted > 0 && h.lowOnBlock());
      h.visiting = again;
      idleCheck = !again && h.nearLimit && h.remaining() > 0;
    }
    for (Waiter w : served) {
      w.promise().complete(new Charged(true, false, false, QuotaUsage.empty(calendar.day(), calendar.month()), false,
          epoch));
    }
    if (again) {
      visit(h, null, false);
    } else if (idleCheck) {
      long spends = h.spends;
      vertx.setTimer(IDLE_NEAR_LIMIT_MILLIS, t -> {
        synchronized (h) {
          if (h.visiting || h.spends != spends || h.remaining() == 0) {
            return;
          }
          h.visiting = true;
        }
        visit(h, null, true);
      });
    }
  }
}
