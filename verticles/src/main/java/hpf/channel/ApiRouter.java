package hpf.channel;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.traffic.ZoneTraffic;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds one listener's router from its contract: tracking, size-limited body, request validation, the
 * operation handlers by {@code operationId}, the contract and docs, and problem+json for every failure.
 */
public final class ApiRouter {

  private ApiRouter() {}

  /** Everything a listener needs; handlers are keyed by the contract's operationIds. */
  public record Spec(Contracts.Bundled bundled, OpenAPIContract contract, Map<String, Handler<RoutingContext>> handlers) {
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
    RouterBuilder builder = RouterBuilder.create(vertx, spec.contract(), (ctx, operation) -> extract(ctx, operation, operationGate))
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
    spec.handlers().forEach((operationId, handler) -> {
      var route = builder.getRoute(operationId).setDoSecurity(false);
      Handler<RoutingContext> gate = traffic.beforeOperation(spec.contract().operation(operationId));
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

  /**
   * Reads the already buffered body (BodyHandler ran first) and refuses a content type the operation does
   * not declare with 415, before schema validation would report it as a generic bad request. The zone's gate, if
   * any, admits the caller to the operation first: a caller without the permission learns nothing from validation.
   */
  private static Future<ValidatableRequest> extract(RoutingContext ctx, Operation operation, OperationGate gate) {
    RequestTracking.recordOperation(ctx, operation.getOperationId());
    return gate == null ? extract(ctx, operation) : gate.admit(ctx, operation).compose(admitted -> extract(ctx, operation));
  }

  private static Future<ValidatableRequest> extract(RoutingContext ctx, Operation operation) {
    if (operation.getRequestBody() != null) {
      Set<String> declared = operation.getRequestBody().getContent().keySet();
      String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      String base = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!declared.contains(base)) {
        return Future.failedFuture(new ProblemException(Problem.unsupportedMediaType(String.join(", ", declared))));
      }
    }
    return RequestUtils.extract(ctx.request(), operation, () -> Future.succeededFuture(ctx.body().buffer()));
  }

}
