package hpf.channel;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.handler.InputTrustHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import java.util.Locale;
import java.util.Set;

/**
 * One operation's contract check, in the place vertx-web-openapi-router's own validation handler takes: the zone's
 * gate admits the caller, the content type is checked, then every parameter and the body are validated with the
 * contract's prepared validators and the result is stored where {@link hpf.kit.Requests#validated} reads it.
 */
final class OperationValidation implements InputTrustHandler {

  /**
   * Bodies up to this size (a single business request) are checked on the event loop; a larger one (a list) on a
   * worker thread: vertx-json-schema's main validation method is too large for the JIT, so body checks stay
   * interpreted and their cost grows with the body.
   */
  static final int INLINE_BODY_BYTES = 1024;

  private final RequestValidation validation;
  private final Operation operation;
  private final OperationGate gate;

  /** @param gate the zone's per-operation permission check; null where there is none */
  OperationValidation(RequestValidation validation, Operation operation, OperationGate gate) {
    this.validation = validation;
    this.operation = operation;
    this.gate = gate;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestTracking.recordOperation(ctx, operation.getOperationId());
    // A caller without the permission learns nothing from validation: the gate comes first.
    Future<Void> admitted = gate == null ? Future.succeededFuture() : gate.admit(ctx, operation);
    admitted.compose(ok -> extract(ctx))
        .compose(request -> validate(ctx, request))
        .onSuccess(validated -> {
          ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
          ctx.next();
        })
        .onFailure(e -> ctx.fail(e instanceof ValidatorException ? new HttpException(400, e.getMessage(), e) : e));
  }

  /**
   * Reads the already buffered body (BodyHandler ran first) and refuses a content type the operation does not declare
   * with 415, before schema validation would report it as a generic bad request.
   */
  private Future<ValidatableRequest> extract(RoutingContext ctx) {
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

  private Future<ValidatedRequest> validate(RoutingContext ctx, ValidatableRequest request) {
    Object body = request.getBody() == null ? null : request.getBody().get();
    if (body instanceof Buffer buffer && buffer.length() > INLINE_BODY_BYTES) {
      // Parsing and checking a large body takes milliseconds: not on an event loop.
      return ctx.vertx().executeBlocking(() -> validation.validate(request, operation), false);
    }
    try {
      return Future.succeededFuture(validation.validate(request, operation));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
