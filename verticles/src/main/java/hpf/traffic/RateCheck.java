package hpf.traffic;

import hpf.kit.Requests;
import hpf.traffic.ChannelPolicy.Rate;
import hpf.traffic.ChannelPolicy.Rule;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

/**
 * The public listener's first check, before the body is read, from the request line and headers alone (local
 * state, no I/O): the named channel's suspension; the unverified-traffic budgets of the request's source
 * ({@link UnverifiedTraffic}); and whether the named channel's rate (and the operation's) is already spent by its
 * verified requests. It only looks: the app id header is not authenticated yet, so nothing of the named channel is
 * charged here (a flood of forged requests naming an app cannot drain that app); {@link RateCharge} charges once the
 * signature verified. A request that then fails authentication is charged to its source's and the global
 * unverified budgets when it ends. Ids that are not registered look at the {@code anonymous} bucket, so they cannot
 * grow the set of buckets or metric labels. A security-policy handler: Vert.x Web places those before the body
 * handler.
 */
final class RateCheck implements SecurityPolicyHandler {

  static final String ANONYMOUS = "anonymous";
  static final String KEY_CHANNEL = "hpf.traffic.channel";
  /** The request's source address key, for the charges after authentication. */
  static final String KEY_SOURCE = "hpf.traffic.source";
  private static final String KEY_DECISION = "hpf.traffic.decision";
  private static final String KEY_OPERATION = "hpf.traffic.operation";

  private final TrafficControl control;
  private final OpenAPIContract contract;

  RateCheck(TrafficControl control, OpenAPIContract contract) {
    this.control = control;
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(Requests.APP_ID_HEADER);
    String named = header != null && control.known(header) ? header : ANONYMOUS;
    UnverifiedTraffic unverified = control.unverified();
    String source = unverified.source(ctx.request());
    ctx.put(KEY_SOURCE, source);
    ctx.addEndHandler(done -> finished(ctx, source));
    if (!named.equals(ANONYMOUS) && control.policies().override(named).suspended()) {
      refused(ctx, named, "suspended");
      TrafficProblems.refuse(ctx, TrafficProblems.suspended(), 0, 0, 60);
      return;
    }
    RateLimiter limiter = control.limiter();
    long now = limiter.now();
    UnverifiedTraffic.Refusal refusal = unverified.check(source, now);
    if (refusal != null) {
      // Before the body and the signature: this source (or everyone, while this source keeps failing) has spent
      // what may fail authentication; another failure would cost the signature check for nothing.
      control.metrics().unverifiedRefused(refusal.scope());
      decide(ctx, "rejected");
      TrafficProblems.refuse(ctx, TrafficProblems.unverifiedLimited(), 0, 0, refusal.retryAfterSeconds());
      return;
    }
    ChannelPolicy p = policy(control, named);
    if (!available(ctx, named, limiter.bucket(named, p.rate()), now, p.enforces(Rule.RATE), "rate",
        "本渠道请求过于频繁")) {
      return;
    }
    if (!p.operationRates().isEmpty()) {
      Operation op = operation(ctx, contract);
      Rate rate = op == null ? null : p.operationRates().get(op.getOperationId());
      if (rate != null && !available(ctx, named, limiter.bucket(named + "|" + op.getOperationId(), rate), now,
          p.enforces(Rule.OPERATION_RATE), "operation_rate", "本渠道该项业务请求过于频繁")) {
        return;
      }
    }
    ctx.next();
  }

  /** False (and 429) when the bucket has no token left and the rule is enforced; looks, never takes. */
  private boolean available(RoutingContext ctx, String channel, RateLimiter.Bucket bucket, long now,
                            boolean enforce, String limit, String what) {
    if (!enforce || bucket.remaining(now) >= 1) {
      return true;
    }
    refused(ctx, channel, limit);
    TrafficProblems.refuse(ctx, TrafficProblems.rateLimited(what), bucket.limit(), 0, bucket.secondsToNextToken(now));
    return false;
  }

  private void refused(RoutingContext ctx, String channel, String limit) {
    ctx.put(KEY_CHANNEL, channel);
    control.metrics().rejected(channel, limit);
    decide(ctx, "rejected");
  }

  /** Counts the request; one that failed authentication spends its source's and the global unverified budget. */
  private void finished(RoutingContext ctx, String source) {
    if (ctx.response().getStatusCode() == 401 && Requests.caller(ctx) == null) {
      control.unverified().failed(source, control.limiter().now());
      control.metrics().unverifiedFailed();
    }
    control.metrics().request(ctx.get(KEY_CHANNEL, ANONYMOUS), ctx.get(KEY_DECISION, "accepted"));
  }

  /** The policy of a channel, or of the {@code anonymous} bucket. */
  static ChannelPolicy policy(TrafficControl control, String channel) {
    return channel.equals(ANONYMOUS) ? control.policies().anonymous() : control.policies().current(channel);
  }

  /** The request's operation (null when none matches), looked up once for the check and the charge. */
  static Operation operation(RoutingContext ctx, OpenAPIContract contract) {
    if (!ctx.data().containsKey(KEY_OPERATION)) {
      ctx.put(KEY_OPERATION, contract.findOperation(ctx.normalizedPath(), ctx.request().method()));
    }
    return ctx.get(KEY_OPERATION);
  }

  /** Records the request's decision for hpf_traffic_requests_total; a refusal outranks a shadow. */
  static void decide(RoutingContext ctx, String decision) {
    if (!"rejected".equals(ctx.get(KEY_DECISION))) {
      ctx.put(KEY_DECISION, decision);
    }
  }
}
