package hpf.channel;

import hpf.traffic.ZoneTraffic;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds one listener's router from its contract: tracking, size-limited body, request validation, the
 * operation handlers by {@code operationId}, the contract and docs, and problem+json for every failure.
 */
public final class ApiRouter {

  private ApiRouter() {}

  /**
   * Everything a listener needs; handlers are keyed by the contract's operationIds. The request validators are built
   * with the spec, once per contract, and shared by every listener instance of the zone.
   */
  public record Spec(Contracts.Bundled bundled, OpenAPIContract contract, Map<String, Handler<RoutingContext>> handlers,
                     RequestValidation validation) {

    /** Blocking for a moment (the contract's validators are built): at start-up. */
    public Spec(Contracts.Bundled bundled, OpenAPIContract contract, Map<String, Handler<RoutingContext>> handlers) {
      this(bundled, contract, handlers, new RequestValidation(contract));
    }

    public Zone zone() {
      return bundled.zone();
    }
  }

  public static Router create(Vertx vertx, Spec spec, MeterRegistry registry, int maxBodyBytes, ZoneSecurity security) {
    return create(vertx, spec, registry, maxBodyBytes, security, ZoneTraffic.NONE);
  }

  /** As above, with the zone's traffic control: a rate check before the body is read, a quota gate per operation. */
  public static Router create(Vertx vertx, Spec spec, MeterRegistry registry, int maxBodyBytes, ZoneSecurity security,
                              ZoneTraffic traffic) {
    return create(vertx, spec, registry, maxBodyBytes, security, traffic, null);
  }

  /** As above, with the docs page's aid (null: plain Swagger UI; the sandbox's public listener has one). */
  public static Router create(Vertx vertx, Spec spec, MeterRegistry registry, int maxBodyBytes, ZoneSecurity security,
                              ZoneTraffic traffic, DocsAid docsAid) {
    requireHandlersMatchOperations(spec.bundled(), spec.handlers().keySet());
    ErrorMapper errors = new ErrorMapper(spec.zone(), maxBodyBytes, security.signer());
    AuthenticationHandler authentication = security.authentication();
    OperationGate operationGate = security.gate();
    RouterBuilder builder = RouterBuilder.create(vertx, spec.contract())
        .rootHandler(new RequestTracking(spec.zone(), registry));
    Handler<RoutingContext> rateCheck = traffic.beforeBody(spec.contract());
    if (rateCheck != null) {
      // Before the body is read: a flooding channel costs a header lookup, not a body upload and a signature check.
      builder.rootHandler(rateCheck);
    }
    // Open paths (no caller check) read at most a small body; everything else the listener's limit.
    OpenPaths openPaths = authentication instanceof OpenPaths open ? open : null;
    builder.rootHandler(new BodyLimits(openPaths, maxBodyBytes));
    if (authentication != null) {
      builder.rootHandler(authentication);
    }
    // No control characters in any field of any listener (a NUL cannot be stored, let alone audited).
    builder.rootHandler(new ControlCharacters(openPaths));
    Handler<RoutingContext> charge = traffic.afterAuthentication(spec.contract());
    if (charge != null) {
      // Only once the caller is authenticated: unverified requests must not spend the channel they name.
      // Vert.x Web orders handlers by kind: this plain one comes after the input-trust check above.
      builder.rootHandler(charge);
    }
    // The contract documents each zone's security schemes; the zone's authentication handler above enforces
    // them for every request (including unknown paths), so the router's per-scheme handlers stay off.
    // The router's own validation stays off too: vertx-openapi (5.0.x) would build a schema validator per parameter
    // per request; OperationValidation checks the same with validators built once (RequestValidation).
    spec.handlers().forEach((operationId, handler) -> {
      Operation operation = spec.contract().operation(operationId);
      var route = builder.getRoute(operationId).setDoSecurity(false).setDoValidation(false);
      route.addHandler(new OperationValidation(spec.validation(), operation, operationGate));
      Handler<RoutingContext> gate = traffic.beforeOperation(operation);
      if (gate != null) {
        route.addHandler(gate);
      }
      route.addHandler(handler);
    });
    Router router = builder.createRouter();
    ApiDocs.mount(router, spec.bundled(), docsAid);
    router.route().failureHandler(errors::handle);
    router.errorHandler(404, errors::handle);
    router.errorHandler(405, errors::handle);
    return router;
  }

  /** Fails when an operation has no handler or a handler no operation; checked at start-up and in tests. */
  public static void requireHandlersMatchOperations(Contracts.Bundled bundled, Set<String> handled) {
    Set<String> declared = new TreeSet<>(bundled.operationIds());
    Set<String> unhandled = new TreeSet<>(declared);
    unhandled.removeAll(handled);
    Set<String> undeclared = new TreeSet<>(handled);
    undeclared.removeAll(declared);
    if (!unhandled.isEmpty() || !undeclared.isEmpty()) {
      throw new IllegalStateException(bundled.zone().contractFile() + ": operations without handler " + unhandled
          + ", handlers without operation " + undeclared);
    }
  }
}
