package hpf.traffic;

import hpf.channel.SignedCallerCheck;
import hpf.traffic.ChannelPolicy.Rate;
import hpf.traffic.ChannelPolicy.Rule;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * The public listener's first check, before the body is read: suspension, the channel's rate and the operation's
 * rate, from the app id header alone (local buckets, no I/O). The header is not authenticated yet: a forged app id
 * spends that channel's rate but never its quota (counted after authentication); ids that are not registered share
 * the {@code anonymous} bucket, so they cannot grow the set of buckets or metric labels. A security-policy handler
 * for Vert.x Web, which places such handlers before the body handler.
 */
final class RateCheck implements SecurityPolicyHandler {

  static final String ANONYMOUS = "anonymous";
  private static final String KEY_TAKEN = "hpf.traffic.taken";
  private static final String KEY_DECISION = "hpf.traffic.decision";

  private final TrafficControl control;
  private final OpenAPIContract contract;

  RateCheck(TrafficControl control, OpenAPIContract contract) {
    this.control = control;
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(SignedCallerCheck.APP_ID);
    String channel = header != null && control.known(header) ? header : ANONYMOUS;
    ChannelPolicy p = channel.equals(ANONYMOUS) ? control.policies().anonymous() : control.policies().current(channel);
    ctx.addEndHandler(done -> control.metrics().request(channel, ctx.get(KEY_DECISION, "accepted")));
    if (!channel.equals(ANONYMOUS) && control.policies().override(channel).suspended()) {
      control.metrics().rejected(channel, "suspended");
      decide(ctx, "rejected");
      TrafficProblems.refuse(ctx, TrafficProblems.suspended(), 0, 0, 60);
      return;
    }
    RateLimiter limiter = control.limiter();
    long now = limiter.now();
    List<RateLimiter.Bucket> taken = new ArrayList<>(2);
    if (!take(ctx, channel, limiter.bucket(channel, p.rate()), now, p.enforces(Rule.RATE), "rate", taken,
        "本渠道请求过于频繁")) {
      return;
    }
    if (!p.operationRates().isEmpty()) {
      Operation op = contract.findOperation(ctx.normalizedPath(), ctx.request().method());
      Rate rate = op == null ? null : p.operationRates().get(op.getOperationId());
      if (rate != null && !take(ctx, channel, limiter.bucket(channel + "|" + op.getOperationId(), rate), now,
          p.enforces(Rule.OPERATION_RATE), "operation_rate", taken, "本渠道该项业务请求过于频繁")) {
        return;
      }
    }
    ctx.put(KEY_TAKEN, taken);
    ctx.next();
  }

  /** Takes a token; on an enforced refusal gives back what was taken before and answers 429. */
  private boolean take(RoutingContext ctx, String channel, RateLimiter.Bucket bucket, long now, boolean enforce,
                       String limit, List<RateLimiter.Bucket> taken, String what) {
    if (bucket.tryTake(now)) {
      taken.add(bucket);
      return true;
    }
    if (!enforce) {
      decide(ctx, "shadow");
      return true;
    }
    taken.forEach(RateLimiter.Bucket::giveBack);
    control.metrics().rejected(channel, limit);
    decide(ctx, "rejected");
    TrafficProblems.refuse(ctx, TrafficProblems.rateLimited(what), bucket.limit(), 0, bucket.secondsToNextToken(now));
    return false;
  }

  /** A later limit refused the request: the rate tokens it took go back (one limit's refusal spends no other). */
  static void giveBack(RoutingContext ctx) {
    List<RateLimiter.Bucket> taken = ctx.get(KEY_TAKEN);
    if (taken != null) {
      taken.forEach(RateLimiter.Bucket::giveBack);
      ctx.remove(KEY_TAKEN);
    }
  }

  /** Records the request's decision for hpf_traffic_requests_total; a refusal outranks a shadow. */
  static void decide(RoutingContext ctx, String decision) {
    if (!"rejected".equals(ctx.get(KEY_DECISION))) {
      ctx.put(KEY_DECISION, decision);
    }
  }
}
