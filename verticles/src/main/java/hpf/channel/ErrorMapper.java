package hpf.channel;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become {@code application/problem+json}. Unexpected failures are logged
 * once, with the request id, and answered without any internal detail.
 */
public final class ErrorMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private final Zone zone;
  private final long maxBodyBytes;
  private final ResponseSigner signer;

  /** @param signer signs problems on zones whose answers are signed; null elsewhere */
  public ErrorMapper(Zone zone, long maxBodyBytes, ResponseSigner signer) {
    this.zone = zone;
    this.maxBodyBytes = maxBodyBytes;
    this.signer = signer;
  }

  /** Failure handler for every route, and the router's error handler for unmatched requests. */
  public void handle(RoutingContext ctx) {
    Problem problem = toProblem(ctx.failure(), ctx.statusCode(), BodyLimits.applied(ctx, maxBodyBytes));
    if (problem.status() >= 500 && ctx.failure() != null && !expected(ctx.failure())) {
      LOG.atError().setCause(ctx.failure())
          .addKeyValue("requestId", Requests.requestId(ctx))
          .addKeyValue("listener", zone.label())
          .addKeyValue("operationId", Requests.operationId(ctx))
          .log("unexpected failure");
    }
    if (ctx.failure() instanceof ProblemException refused && refused.retryAfterSeconds() > 0
        && !ctx.response().headWritten()) {
      ctx.response().putHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
    }
    send(ctx, problem, signer);
  }

  /** Failures that are answers, not faults: logged (if at all) where they arise. */
  private static boolean expected(Throwable failure) {
    return failure instanceof ProblemException;
  }

  Problem toProblem(Throwable failure, int status) {
    return toProblem(failure, status, maxBodyBytes);
  }

  private Problem toProblem(Throwable failure, int status, long bodyLimit) {
    // Business refusals, the isolation guard's among them (isolated, saturated, too slow): answers, not bugs.
    if (failure instanceof ProblemException pe) {
      return pe.problem();
    }
    if (failure instanceof HttpException he && he.getCause() instanceof ValidatorException ve) {
      return ValidationProblems.from(ve);
    }
    if (failure instanceof ValidatorException ve) {
      return ValidationProblems.from(ve);
    }
    int code = failure instanceof HttpException he ? he.getStatusCode() : status;
    return switch (code) {
      case 400 -> Problem.validation("请求不符合接口要求。", null);
      case 404 -> Problem.notFound();
      case 405 -> Problem.methodNotAllowed();
      case 413 -> Problem.payloadTooLarge(bodyLimit);
      case 415 -> Problem.unsupportedMediaType("application/json");
      case 503 -> Problem.unavailable();
      default -> Problem.internal();
    };
  }

  /** Writes the problem unless a response is already under way, in which case the connection is reset. */
  static void send(RoutingContext ctx, Problem problem, ResponseSigner signer) {
    HttpServerResponse response = ctx.response();
    RequestTracking.recordOutcome(ctx, problem.code());
    if (response.headWritten()) {
      // Half a response must not look like a whole one.
      response.reset();
      return;
    }
    io.vertx.core.buffer.Buffer body = problem.toJson(Requests.requestId(ctx)).toBuffer();
    if (signer != null) {
      signer.send(ctx, problem.status(), Problem.MEDIA_TYPE, body);
      return;
    }
    response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
  }
}
