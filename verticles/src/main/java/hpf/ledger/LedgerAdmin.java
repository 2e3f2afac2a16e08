package hpf.ledger;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Operators run the books check (账账相符) on demand. */
public final class LedgerAdmin {

  private final Reconciliation reconciliation;

  public LedgerAdmin(Reconciliation reconciliation) {
    this.reconciliation = reconciliation;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("reconcileLedger",
        ctx -> reconciliation.run().onSuccess(report -> ctx.json(report.toJson())).onFailure(ctx::fail));
  }
}
