package hpf.catalogue;

import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/** Public operations of the service catalogue: list items (filtered, paged) and show one item. No login. */
public final class ServiceCatalogue {

  static final int DEFAULT_SIZE = 20;
  private static final Problem ITEM_NOT_FOUND =
      new Problem(404, "SERVICE_ITEM_NOT_FOUND", "办事事项不存在", "未找到该编号的办事事项，请核对事项编号。");

  private final ServiceItemStore store;

  public ServiceCatalogue(Pool pool) {
    this.store = new ServiceItemStore(pool);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listServiceItems", this::list,
        "getServiceItem", this::get);
  }

  private void list(RoutingContext ctx) {
    ValidatedRequest request = Requests.validated(ctx);
    Map<String, RequestParameter> query = request.getQuery();
    // page and size bounds are enforced by the contract (size ≤ 100); defaults apply when absent.
    int page = intParam(query, "page", 1);
    int size = intParam(query, "size", DEFAULT_SIZE);
    ServiceItemStore.Filter filter = new ServiceItemStore.Filter(
        stringParam(query, "category"), stringParam(query, "channel"),
        boolParam(query, "crossProvince"), boolParam(query, "fullyOnline"));
    store.page(filter, page, size).onSuccess(result -> {
      JsonArray items = new JsonArray();
      result.items().forEach(item -> items.add(item.toJson()));
      json(ctx, new JsonObject().put("items", items).put("page", page).put("size", size).put("total", result.total()));
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String code = Requests.validated(ctx).getPathParameters().get("code").getString();
    store.find(code).onSuccess(item -> {
      if (item == null) {
        ctx.fail(new ProblemException(ITEM_NOT_FOUND));
      } else {
        json(ctx, item.toJson());
      }
    }).onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }

  private static int intParam(Map<String, RequestParameter> query, String name, int fallback) {
    RequestParameter p = query.get(name);
    return p == null || p.isNull() ? fallback : p.getInteger();
  }

  private static String stringParam(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query.get(name);
    return p == null || p.isNull() ? null : p.getString();
  }

  private static Boolean boolParam(Map<String, RequestParameter> query, String name) {
    RequestParameter p = query.get(name);
    return p == null || p.isNull() ? null : p.getBoolean();
  }
}
