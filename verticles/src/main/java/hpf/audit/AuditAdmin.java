package hpf.audit;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import java.time.OffsetDateTime;
import java.util.Map;

/** Operators and auditors read the audit log (its chain is verified by {@link ChainAdmin}). */
public final class AuditAdmin {

  private final AuditQuery query;

  public AuditAdmin(AuditQuery query) {
    this.query = query;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of("listAuditRecords", this::list);
  }

  private void list(RoutingContext ctx) {
    try {
      listPage(ctx);
    } catch (ProblemException e) {
      ctx.fail(e);
    }
  }

  private void listPage(RoutingContext ctx) {
    Map<String, RequestParameter> q = Requests.validated(ctx).getQuery();
    query.page(text(q, "actor"), text(q, "operation"), time(q, "from"), time(q, "to"),
            q.get("page") == null || q.get("page").isNull() ? 1 : q.get("page").getInteger(),
            q.get("size") == null || q.get("size").isNull() ? 20 : q.get("size").getInteger())
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static String text(Map<String, RequestParameter> q, String name) {
    RequestParameter p = q.get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  /** The contract checks the date-time format; an offset is required so the instant is unambiguous. */
  private static OffsetDateTime time(Map<String, RequestParameter> q, String name) {
    String text = text(q, name);
    try {
      return text == null ? null : OffsetDateTime.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new ProblemException(Problem.validation(name + "：格式不正确，应为带时区的时间，如 2026-11-22T08:00:00+08:00。",
          new io.vertx.core.json.JsonArray().add(new JsonObject().put("field", name).put("in", "query")
              .put("reason", "格式不正确"))));
    }
  }
}
