package hpf.kit;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * A quota charge that the traffic gate leaves to an idempotent write: {@link Idempotency} makes it only when the
 * write actually runs (a replay is not a second business transaction) and gives it back when the write fails (a
 * rejected request changes nothing, quotas included).
 */
public interface DeferredCharge {

  /** Charges; fails with the refusal (e.g. quota exhausted) so the write does not run. */
  Future<Void> charge();

  /** Gives back what {@link #charge} took, if it took anything; completes once it is given back (never fails). */
  Future<Void> refund();

  /** The write was a replay of an earlier answer: nothing to charge. */
  void replayed();

  String KEY = "hpf.deferredCharge";

  /** Leaves the charge to the write that handles this request. */
  static void defer(RoutingContext ctx, DeferredCharge charge) {
    ctx.put(KEY, charge);
  }

  /** The charge left for this request's write, or null. */
  static DeferredCharge of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
