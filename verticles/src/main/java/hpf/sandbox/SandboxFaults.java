package hpf.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runtime fault injection for the sandbox data sources, per dependency ({@code national.lease_filing}) or per family
 * ({@code national}; a dependency's own spec wins). Control API: {@code PUT /sandbox/faults/{dependency}} with a
 * {@link FaultSpec}, {@code DELETE /sandbox/faults/{dependency}}, {@code DELETE /sandbox/faults} (all),
 * {@code GET /sandbox/faults} (specs with counts of requests seen and faults injected).
 */
final class SandboxFaults {

  /** A spec in force, its seeded random stream and its counters; guarded by its own monitor. */
  private static final class Active {
    final FaultSpec spec;
    final Random random;
    long requests;
    long injected;

    Active(FaultSpec spec) {
      this.spec = spec;
      this.random = new Random(spec.seed());
    }
  }

  /** What to do with one request, drawn in arrival order from the spec's random stream. */
  private record Decision(long delayMs, boolean error) {}

  private final Vertx vertx;
  private final Set<String> known;
  private final Map<String, Active> active = new TreeMap<>();

  SandboxFaults(Vertx vertx, Set<String> known) {
    this.vertx = vertx;
    this.known = known;
  }

  void mount(Router router) {
    router.get("/sandbox/faults").handler(this::list);
    router.put("/sandbox/faults/:dependency").handler(this::put);
    router.delete("/sandbox/faults/:dependency").handler(this::clear);
    router.delete("/sandbox/faults").handler(this::clearAll);
  }

  /** Serves the request through the faults in force for the dependency, then (if it still answers) the answer. */
  void serve(RoutingContext ctx, String dependency, Runnable answer) {
    Active fault;
    Decision decision;
    synchronized (active) {
      fault = active.containsKey(dependency) ? active.get(dependency)
          : active.get(dependency.substring(0, Math.max(0, dependency.indexOf('.'))));
      if (fault == null) {
        answer.run();
        return;
      }
      fault.requests++;
      long jitter = fault.spec.jitterMs() > 0 ? (long) (fault.random.nextDouble() * (fault.spec.jitterMs() + 1)) : 0;
      boolean error = fault.spec.errorRatio() > 0 && fault.random.nextDouble() < fault.spec.errorRatio();
      decision = new Decision(fault.spec.latencyMs() + jitter, error);
      if (error || fault.spec.hang() || fault.spec.refuse() || fault.spec.malformed()) {
        fault.injected++;
      }
    }
    FaultSpec spec = fault.spec;
    if (spec.refuse()) {
      // The sandbox shares one port with other simulated parties, so "refuse" closes the connection unanswered:
      // the client sees the connection reset, like a service that dropped off the network.
      ctx.request().connection().close();
      return;
    }
    if (spec.hang()) {
      return; // never answered; the client's timeout (or the guard's) decides
    }
    Runnable respond = () -> {
      if (decision.error()) {
        ctx.response().setStatusCode(spec.errorStatus()).putHeader("content-type", "application/json")
            .end(new JsonObject().put("error", "injected fault").encode());
      } else if (spec.malformed()) {
        ctx.response().putHeader("content-type", "application/json").end("{\"items\": [{\"broken\"");
      } else {
        answer.run();
      }
    };
    if (decision.delayMs() > 0) {
      vertx.setTimer(decision.delayMs(), id -> respond.run());
    } else {
      respond.run();
    }
  }

  private void put(RoutingContext ctx) {
    String dependency = ctx.pathParam("dependency");
    if (!known.contains(dependency)) {
      ctx.response().setStatusCode(404).end(new JsonObject().put("error", "unknown dependency")
          .put("known", new JsonArray(known.stream().sorted().toList())).encode());
      return;
    }
    FaultSpec spec;
    try {
      spec = FaultSpec.from(ctx.body().asJsonObject());
    } catch (RuntimeException e) {
      ctx.response().setStatusCode(400).end(new JsonObject().put("error", e.getMessage()).encode());
      return;
    }
    synchronized (active) {
      active.put(dependency, new Active(spec));
    }
    ctx.json(new JsonObject().put("dependency", dependency).put("fault", spec.toJson()));
  }

  private void clear(RoutingContext ctx) {
    synchronized (active) {
      active.remove(ctx.pathParam("dependency"));
    }
    ctx.response().setStatusCode(204).end();
  }

  private void clearAll(RoutingContext ctx) {
    synchronized (active) {
      active.clear();
    }
    ctx.response().setStatusCode(204).end();
  }

  private void list(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    synchronized (active) {
      active.forEach((dependency, fault) -> items.add(new JsonObject().put("dependency", dependency)
          .put("fault", fault.spec.toJson()).put("requests", fault.requests).put("injected", fault.injected)));
    }
    ctx.json(new JsonObject().put("items", items));
  }
}
