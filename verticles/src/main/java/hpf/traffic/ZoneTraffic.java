package hpf.traffic;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

/**
 * A listener's traffic control (hpf.traffic on the public listener): a cheap check before the body is read, a
 * charge right after authentication, and a gate after validation, just before an operation's handler.
 */
public interface ZoneTraffic {

  /**
   * Runs before the body is read: must decide from the request line and headers, without I/O. Null: none. Vert.x Web
   * accepts only platform or security-policy handlers before the body handler.
   */
  Handler<RoutingContext> beforeBody(OpenAPIContract contract);

  /**
   * Runs right after authentication (once the caller is known, or the path is open), before validation; null: none.
   * Where what must be charged only to an authenticated caller is charged.
   */
  default Handler<RoutingContext> afterAuthentication(OpenAPIContract contract) {
    return null;
  }

  /** Runs after authentication and validation, before the operation's handler; null when there is nothing to do. */
  Handler<RoutingContext> beforeOperation(Operation operation);

  ZoneTraffic NONE = new ZoneTraffic() {
    @Override
    public Handler<RoutingContext> beforeBody(OpenAPIContract contract) {
      return null;
    }

    @Override
    public Handler<RoutingContext> beforeOperation(Operation operation) {
      return null;
    }
  };
}
