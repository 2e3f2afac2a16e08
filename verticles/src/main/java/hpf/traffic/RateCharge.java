package hpf.traffic;

import hpf.kit.Requests;
import hpf.kit.SigningParty;
import hpf.traffic.ChannelPolicy.Rate;
import hpf.traffic.ChannelPolicy.Rule;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Right after authentication: charges the channel's rate (and the operation's) to the app whose signature just
 * verified, so only its own requests ever spend its buckets. Requests without a verified app (open paths, docs)
 * spend their source address's budget and then the {@code anonymous} bucket. {@link RateCheck} already refused, before the body, a request whose bucket
 * was empty; this take refuses only what arrived in between.
 */
final class RateCharge implements Handler<RoutingContext> {

  private static final String KEY_TAKEN = "hpf.traffic.taken";

  private final TrafficControl control;
  private final OpenAPIContract contract;

  RateCharge(TrafficControl control, OpenAPIContract contract) {
    this.control = control;
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    SigningParty caller = Requests.caller(ctx);
    String channel = caller != null && control.known(caller.id()) ? caller.id() : RateCheck.ANONYMOUS;
    ctx.put(RateCheck.KEY_CHANNEL, channel);
    ChannelPolicy p = RateCheck.policy(control, channel);
    RateLimiter limiter = control.limiter();
    long now = limiter.now();
    String source = ctx.get(RateCheck.KEY_SOURCE);
    if (channel.equals(RateCheck.ANONYMOUS) && source != null && !control.unverified().spendOpen(source, now)) {
      // This address has spent its own budget: refused before it can spend the anonymous bucket of everyone else.
      control.metrics().unverifiedRefused("source");
      RateCheck.decide(ctx, "rejected");
      TrafficProblems.refuse(ctx, TrafficProblems.unverifiedLimited(), 0, 0, 1);
      return;
    }
    List<RateLimiter.Bucket> taken = new ArrayList<>(2);
    if (!take(ctx, channel, limiter.bucket(channel, p.rate()), now, p.enforces(Rule.RATE), "rate", taken,
        "本渠道请求过于频繁")) {
      return;
    }
    if (!p.operationRates().isEmpty()) {
      Operation op = RateCheck.operation(ctx, contract);
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
      RateCheck.decide(ctx, "shadow");
      return true;
    }
    taken.forEach(RateLimiter.Bucket::giveBack);
    control.metrics().rejected(channel, limit);
    RateCheck.decide(ctx, "rejected");
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
}
