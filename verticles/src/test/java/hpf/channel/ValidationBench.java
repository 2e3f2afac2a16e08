package hpf.channel;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures for request validation (bench/validation.sh): the public contract's getMemberAccount, listServiceItems and
 * applyWithdrawal requests validated by vertx-openapi's RequestValidator (a schema validator built per parameter per
 * request, on a worker thread) and by {@link RequestValidation} (validators built once), one after another on one
 * event loop. Usage: ValidationBench [iterations per round] [rounds].
 */
public final class ValidationBench {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Vertx vertx = Vertx.vertx();
    OpenAPIContract contract = Contracts.forValidation(vertx, Contracts.bundle(Zone.PUBLIC)).await();
    RequestValidatorImpl upstream = new RequestValidatorImpl(vertx, contract);
    RequestValidation prepared = build(contract);
    for (Map.Entry<String, ValidatableRequest> c : cases().entrySet()) {
      Operation operation = contract.operation(c.getKey());
      ValidatableRequest request = c.getValue();
      for (int round = 1; round <= rounds; round++) {
        double before = time(vertx, n, () -> upstream.validate(request, c.getKey()));
        double after = time(vertx, n, () -> Future.succeededFuture(prepared.validate(request, operation)));
        System.out.printf("%-17s round %d: vertx-openapi %7.1f us/op (%s B/op on the worker), per-operation %6.1f us/op"
                + " (%s B/op), %5.1fx%n", c.getKey(), round, before, bytes(n, () -> upstreamCore(upstream, operation, request)),
            after, bytes(n, () -> prepared.validate(request, operation)), before / after);
      }
    }
    vertx.close().await();
  }

  /** The three requests: a path parameter, four query parameters, a header, a path parameter and a JSON body. */
  private static Map<String, ValidatableRequest> cases() {
    Map<String, ValidatableRequest> cases = new LinkedHashMap<>();
    cases.put("getMemberAccount", request(Map.of("personId", "P00000001"), Map.of(), Map.of(), null));
    cases.put("listServiceItems", request(Map.of(), Map.of("page", "1", "size", "20", "category", "WITHDRAWAL",
        "channel", "MOBILE_APP"), Map.of(), null));
    cases.put("applyWithdrawal", request(Map.of("personId", "P00000001"), Map.of(),
        Map.of("Idempotency-Key", "bench-0000000001"), "{\"reason\":\"07\",\"amount\":\"1500.00\"}"));
    return cases;
  }

  private static RequestValidation build(OpenAPIContract contract) {
    System.gc();
    long heap = usedHeap();
    long start = System.nanoTime();
    RequestValidation prepared = new RequestValidation(contract);
    double ms = (System.nanoTime() - start) / 1e6;
    System.gc();
    System.out.printf("public contract: %d validators built in %.0f ms, heap +%.1f MB%n", prepared.validators(), ms,
        (usedHeap() - heap) / 1e6);
    return prepared;
  }

  /** Mean microseconds per validation, run back to back on one event loop (a worker hop included where there is one). */
  private static double time(Vertx vertx, int n, java.util.function.Supplier<Future<ValidatedRequest>> validation) {
    run(vertx, n / 5, validation).await();
    long start = System.nanoTime();
    run(vertx, n, validation).await();
    return (System.nanoTime() - start) / 1e3 / n;
  }

  private static Future<Void> run(Vertx vertx, int n, java.util.function.Supplier<Future<ValidatedRequest>> validation) {
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> next(n, validation, done));
    return done.future();
  }

  /** Loops while validations complete at once; resumes from the callback when one completes later. */
  private static void next(int left, java.util.function.Supplier<Future<ValidatedRequest>> validation, Promise<Void> done) {
    for (int i = left; i > 0; i--) {
      Future<ValidatedRequest> f = validation.get();
      if (f.failed()) {
        done.fail(f.cause());
        return;
      }
      if (!f.isComplete()) {
        int rest = i - 1;
        f.onComplete(r -> {
          if (r.failed()) {
            done.fail(r.cause());
          } else {
            next(rest, validation, done);
          }
        });
        return;
      }
    }
    done.complete();
  }

  /** What vertx-openapi's worker task does per request, on this thread so its allocation can be counted. */
  private static Object upstreamCore(RequestValidatorImpl upstream, Operation operation, ValidatableRequest request) {
    for (var p : operation.getParameters()) {
      Map<String, RequestParameter> values = switch (p.getIn()) {
        case PATH -> request.getPathParameters();
        case QUERY -> request.getQuery();
        case HEADER -> request.getHeaders();
        case COOKIE -> request.getCookies();
      };
      upstream.validateParameter(p, values.get(p.getName()));
    }
    return upstream.validateBody(operation.getRequestBody(), request);
  }

  private static String bytes(int n, java.util.function.Supplier<Object> work) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < n; i++) {
      work.get();
    }
    return String.format("%,d", (THREADS.getCurrentThreadAllocatedBytes() - before) / n);
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  static ValidatableRequest request(Map<String, String> path, Map<String, String> query, Map<String, String> headers,
                                    String body) {
    return new ValidatableRequestImpl(Map.of(), wrap(headers), wrap(path), wrap(query),
        body == null ? new RequestParameterImpl(null) : new RequestParameterImpl(Buffer.buffer(body)),
        body == null ? null : "application/json");
  }

  private static Map<String, RequestParameter> wrap(Map<String, String> values) {
    Map<String, RequestParameter> out = new HashMap<>();
    values.forEach((k, v) -> out.put(k, new RequestParameterImpl(v)));
    return out;
  }
}
