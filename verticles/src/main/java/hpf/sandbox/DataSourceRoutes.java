package hpf.sandbox;

import hpf.sources.DataSources;
import hpf.sources.SourceQuery;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox data sources: every query of {@link DataSources} at {@code POST {family path}{query path}}, answered
 * deterministically ({@link SourceFacts}; the national authorizations from what was filed) through the fault
 * injection of {@link SandboxFaults}.
 */
public final class DataSourceRoutes {

  /** Where each source family lives on the sandbox server (the default base URL of its setting). */
  public static final Map<String, String> FAMILY_PATHS = Map.of("national", "/national", "collab", "/collab",
      "real_estate", "/real-estate", "funeral", "/funeral", "pension", "/pension", "elicense", "/elicense");

  /** What each query is asked by, where it is not the ID number. */
  private static final Map<String, String> KEYS = Map.of("national.enterprise", "creditCode",
      "national.credit_code", "creditCode", "national.admin_divisions", "divisionCode");

  private DataSourceRoutes() {}

  /**
   * Mounts the sources and the fault control API on the router (which has a body handler); {@code others} are the
   * other simulated parties' dependency ids that accept faults too. Answers the faults, for those parties' routes.
   */
  static SandboxFaults mount(io.vertx.core.Vertx vertx, Router router, Set<String> others) {
    Set<String> known = new HashSet<>(FAMILY_PATHS.keySet());
    known.addAll(others);
    DataSources.queries().forEach(q -> known.add(q.dependency()));
    SandboxFaults faults = new SandboxFaults(vertx, Set.copyOf(known));
    faults.mount(router);
    NationalAuthorizations authorizations = new NationalAuthorizations();
    for (SourceQuery query : DataSources.queries()) {
      router.post(FAMILY_PATHS.get(query.family()) + query.path())
          .handler(ctx -> faults.serve(ctx, query.dependency(), () -> answer(ctx, query, authorizations)));
    }
    return faults;
  }

  private static void answer(RoutingContext ctx, SourceQuery query, NationalAuthorizations authorizations) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    String key = KEYS.getOrDefault(query.dependency(), "idNumber");
    if (body == null || !(body.getValue(key) instanceof String)
        || !NationalAuthorizations.complete(query.dependency(), body)) {
      ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", key + " and the query's fields are required").encode());
      return;
    }
    String dependency = query.dependency();
    JsonObject answer = NationalAnswers.answer(dependency, body);
    answer = answer != null ? answer : ReferenceAnswers.answer(dependency, body);
    answer = answer != null ? answer : authorizations.answer(dependency, body);
    answer = answer != null ? answer : ELicenseAnswers.answer(dependency, body);
    ctx.json(answer != null ? answer : LocalAnswers.answer(dependency, body));
  }
}
