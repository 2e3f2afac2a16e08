package hpf.isolation;

import hpf.audit.AuditEntry;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Operators see every dependency's isolation state and can force isolation, force a lift or probe at once.
 * The request is audited before it is applied (no record, no change), and each resulting transition is audited with
 * the operator, the request id and the reason given. Repeating a
 * request changes nothing more (isolating an isolated dependency is no transition), so no Idempotency-Key.
 */
public final class DependencyAdmin {

  static final Problem NOT_FOUND = new Problem(404, "DEPENDENCY_NOT_FOUND", "外部服务不存在",
      "未找到该外部服务编号，请核对。");
  /** The outcome of the record an operator's request leaves before it is applied; the transition follows as OK. */
  static final String REQUESTED = "REQUESTED";
  static final Problem AUDIT_UNAVAILABLE = new Problem(503, "AUDIT_UNAVAILABLE", "操作暂不可执行",
      "操作记录未能写入审计日志，本次操作未生效，请稍后重试。");

  private final DependencyGuard guard;

  public DependencyAdmin(DependencyGuard guard) {
    this.guard = guard;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listDependencies", this::list,
        "isolateDependency", this::isolate,
        "liftDependencyIsolation", this::lift,
        "probeDependency", this::probe);
  }

  private void list(RoutingContext ctx) {
    JsonArray items = new JsonArray();
    guard.dependencies().forEach(d -> items.add(toJson(d)));
    ctx.json(new JsonObject().put("items", items));
  }

  private void isolate(RoutingContext ctx) {
    String id = known(ctx);
    if (id != null) {
      String reason = reason(ctx);
      guard.forceIsolate(id, "运维人员强制隔离：" + reason, operator(ctx, "isolateDependency", reason))
          .onSuccess(s -> ctx.json(toJson(id)))
          .onFailure(ctx::fail);
    }
  }

  private void lift(RoutingContext ctx) {
    String id = known(ctx);
    if (id != null) {
      String reason = reason(ctx);
      guard.forceLift(id, "运维人员强制恢复：" + reason, operator(ctx, "liftDependencyIsolation", reason))
          .onSuccess(s -> ctx.json(toJson(id)))
          .onFailure(ctx::fail);
    }
  }

  private void probe(RoutingContext ctx) {
    String id = known(ctx);
    if (id != null) {
      guard.probeNow(id, operator(ctx, "probeDependency", "立即探测"))
          .onSuccess(ok -> ctx.json(new JsonObject()
              .put("probe", ok == null ? "NOT_RUN" : ok ? "SUCCEEDED" : "FAILED")
              .put("dependency", toJson(id))))
          .onFailure(ctx::fail);
    }
  }

  /** The path's dependency id when registered; otherwise fails the request with 404 and answers null. */
  private String known(RoutingContext ctx) {
    String id = Requests.validated(ctx).getPathParameters().get("dependencyId").getString();
    if (!guard.knows(id)) {
      ctx.fail(new ProblemException(NOT_FOUND));
      return null;
    }
    return id;
  }

  private static String reason(RoutingContext ctx) {
    return Requests.validated(ctx).getBody().getJsonObject().getString("reason").strip();
  }

  private static AuditEntry operator(RoutingContext ctx, String operation, String reason) {
    return new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", operation, null, "OK",
        Requests.requestId(ctx), Map.of("reason", reason));
  }

  private JsonObject toJson(String id) {
    return toJson(guard.dependencies().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow());
  }

  private JsonObject toJson(Dependency d) {
    Dependency.Tuning t = d.tuning();
    return new JsonObject().put("id", d.id()).put("name", d.name()).mergeIn(guard.status(d.id()).toJson())
        .put("timeoutMs", t.timeout().toMillis()).put("maxConcurrent", t.maxConcurrent())
        .put("baseSuspensionSeconds", t.suspension().toSeconds()).put("probesToLift", t.probesToLift());
  }
}
