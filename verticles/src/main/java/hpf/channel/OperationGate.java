package hpf.channel;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;

/**
 * A zone's per-operation permission check, run once the operation is known and before the request is validated:
 * the admin zone admits a caller only to the operations whose contract entry names its role.
 */
public interface OperationGate {

  /** Succeeds when the authenticated caller may call the operation; fails with a ProblemException otherwise. */
  Future<Void> admit(RoutingContext ctx, Operation operation);
}
