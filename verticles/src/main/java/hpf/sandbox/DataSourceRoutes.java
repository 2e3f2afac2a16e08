package hpf.sandbox;

import hpf.thirdparty.sources.DataSources;
import hpf.thirdparty.sources.SourceQuery;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox data sources: every query of {@link DataSources} at {@code POST {family path}{query path}}, answered
 * deterministically ({@link SourceFacts}) through the fault injection of {@link SandboxFaults}.
 */
public final class DataSourceRoutes {

  /** Where each source family lives on the sandbox server (the default base URL of its setting). */
  public static final Map<String, String> FAMILY_PATHS = Map.of("national", "/national", "collab", "/collab",
      "real_estate", "/real-estate", "funeral", "/funeral", "pension", "/pension");

  private DataSourceRoutes() {}

  /** Mounts the sources and the fault control API on the router (which has a body handler). */
  static void mount(io.vertx.core.Vertx vertx, Router router) {
    Set<String> known = new HashSet<>(FAMILY_PATHS.keySet());
    DataSources.queries().forEach(q -> known.add(q.dependency()));
    SandboxFaults faults = new SandboxFaults(vertx, Set.copyOf(known));
    faults.mount(router);
    for (SourceQuery query : DataSources.queries()) {
      router.post(FAMILY_PATHS.get(query.family()) + query.path())
          .handler(ctx -> faults.serve(ctx, query.dependency(), () -> answer(ctx, query)));
    }
  }

  private static void answer(RoutingContext ctx, SourceQuery query) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    String key = query.dependency().equals("national.enterprise") ? "creditCode" : "idNumber";
    if (body == null || !(body.getValue(key) instanceof String)) {
      ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", key + " is required").encode());
      return;
    }
    JsonObject answer = NationalAnswers.answer(query.dependency(), body);
    ctx.json(answer != null ? answer : LocalAnswers.answer(query.dependency(), body));
  }
}
