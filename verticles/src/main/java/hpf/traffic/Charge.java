package hpf.traffic;

import hpf.kit.DeferredCharge;
import hpf.kit.ProblemException;
import hpf.traffic.ChannelPolicy.MemberLimit;
import hpf.traffic.ChannelPolicy.Rule;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/**
 * One business transaction's charge: the member's window for a member-limited operation, then the channel's day
 * and month quota by the operation's weight. A refusal by one gives back what the others took (the member's
 * window, the rate tokens), so a refused request spends nothing. Run by the gate, or by the idempotent write when
 * the write actually runs (see {@link DeferredCharge}).
 */
final class Charge implements DeferredCharge {

  private enum State { NEW, RUNNING, CHARGED, REFUSED, REFUNDED, REPLAYED }

  private final TrafficControl control;
  private final RoutingContext ctx;
  private final String app;
  private final int weight;
  private final MemberLimit memberLimit;
  private final String memberKey;
  private final ChannelPolicy policy;
  private State state = State.NEW;
  private boolean memberCharged;
  private SharedCounters.Charged quota;

  Charge(TrafficControl control, RoutingContext ctx, String app, int weight, MemberLimit memberLimit, String memberKey,
         ChannelPolicy policy) {
    this.control = control;
    this.ctx = ctx;
    this.app = app;
    this.weight = weight;
    this.memberLimit = memberKey == null ? null : memberLimit;
    this.memberKey = memberKey;
    this.policy = policy;
  }

  @Override
  public synchronized Future<Void> charge() {
    if (state != State.NEW) {
      return Future.succeededFuture();
    }
    state = State.RUNNING;
    SharedCounters counters = control.counters();
    Future<WindowCount.Result> member = memberLimit == null ? Future.succeededFuture()
        : counters.chargeMember(memberKey, memberLimit, policy);
    return member.compose(m -> {
      if (m != null && !m.accepted()) {
        Instant reset = control.calendar().windowStart(memberLimit.per()).plus(1, memberLimit.per());
        return refuse("member", TrafficProblems.rateLimited("该账户办理此项业务过于频繁"), memberLimit.limit(), 0, reset);
      }
      memberCharged = m != null;
      if (m != null && m.over()) {
        RateCheck.decide(ctx, "shadow");
      }
      if (weight == 0) {
        return charged();
      }
      boolean released = control.policies().override(app).released(control.calendar().now());
      return counters.charge(app, weight, policy, released).compose(q -> {
        if (!q.accepted()) {
          if (memberCharged) {
            memberCharged = false;
            return counters.refundMember(memberKey, memberLimit).transform(ignored -> refuseQuota(q));
          }
          return refuseQuota(q);
        }
        quota = q;
        if (q.overDay() || q.overMonth()) {
          RateCheck.decide(ctx, "shadow");
        }
        return charged();
      });
    }).recover(e -> {
      if (state == State.RUNNING) {
        // The shared counters did not answer and the policy says reject: give back what was taken.
        state = State.REFUSED;
        RateCharge.giveBack(ctx);
        RateCheck.decide(ctx, "rejected");
        control.metrics().rejected(app, "store_unavailable");
        return undo().transform(ignored -> Future.failedFuture(e));
      }
      return Future.failedFuture(e);
    });
  }

  private Future<Void> refuseQuota(SharedCounters.Charged q) {
    boolean daily = q.overDay() && policy.enforces(Rule.DAILY_QUOTA);
    long limit = daily ? policy.dailyQuota() : policy.monthlyQuota();
    long used = daily ? q.usage().dayUsed() : q.usage().monthUsed();
    Instant reset = daily ? control.calendar().dayEnd() : control.calendar().monthEnd();
    return refuse(daily ? "daily" : "monthly", TrafficProblems.quotaExceeded(daily, limit, reset), limit, limit - used,
        reset);
  }

  /** The write failed after the charge: a rejected request changes nothing, quotas included. */
  @Override
  public synchronized Future<Void> refund() {
    if (state != State.CHARGED) {
      return Future.succeededFuture();
    }
    state = State.REFUNDED;
    return undo();
  }

  @Override
  public synchronized void replayed() {
    if (state == State.NEW) {
      state = State.REPLAYED;
    }
  }

  /** Never charged although the operation answered: a handler outside Idempotency; counted afterwards. */
  synchronized void chargeIfSkipped() {
    if (state == State.NEW && ctx.response().getStatusCode() < 400) {
      charge();
    }
  }

  private Future<Void> undo() {
    Future<Void> member = Future.succeededFuture();
    Future<Void> channel = Future.succeededFuture();
    if (memberCharged) {
      member = control.counters().refundMember(memberKey, memberLimit);
      memberCharged = false;
    }
    if (quota != null) {
      channel = control.counters().refund(app, weight, quota);
      quota = null;
    }
    return Future.join(member, channel).<Void>mapEmpty().otherwiseEmpty();
  }

  private Future<Void> charged() {
    state = State.CHARGED;
    return Future.succeededFuture();
  }

  private Future<Void> refuse(String limit, hpf.kit.Problem problem, long max, long remaining, Instant reset) {
    state = State.REFUSED;
    RateCharge.giveBack(ctx);
    RateCheck.decide(ctx, "rejected");
    control.metrics().rejected(app, limit);
    long seconds = control.calendar().secondsUntil(reset);
    TrafficProblems.headers(ctx, max, remaining, seconds);
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    return Future.failedFuture(new ProblemException(problem));
  }
}
