package hpf.admin;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.channel.ApiRouter;
import hpf.channel.ChannelApp;
import hpf.channel.ChannelApps;
import hpf.channel.OperatorAuth;
import hpf.channel.Problem;
import hpf.channel.ProblemException;
import hpf.channel.RequestTracking;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/** Operators list channel apps and enable or disable one; each change is audited in the same transaction. */
public final class ChannelAppAdmin {

  private static final Problem APP_NOT_FOUND =
      new Problem(404, "CHANNEL_APP_NOT_FOUND", "渠道应用不存在", "未找到该应用编号，请核对。");

  private final Pool pool;
  private final ChannelApps apps;
  private final AuditLog audit;

  public ChannelAppAdmin(Pool pool, ChannelApps apps, AuditLog audit) {
    this.pool = pool;
    this.apps = apps;
    this.audit = audit;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listChannelApps", this::list,
        "setChannelAppStatus", this::setStatus);
  }

  private void list(RoutingContext ctx) {
    apps.list().onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(app -> items.add(toJson(app)));
      ctx.json(new JsonObject().put("items", items));
    }).onFailure(ctx::fail);
  }

  private void setStatus(RoutingContext ctx) {
    var request = ApiRouter.validated(ctx);
    String appId = request.getPathParameters().get("appId").getString();
    String status = request.getBody().getJsonObject().getString("status");
    pool.withTransaction(conn -> apps.setStatus(conn, appId, status).compose(found -> {
      if (!found) {
        return io.vertx.core.Future.failedFuture(new ProblemException(APP_NOT_FOUND));
      }
      return audit.append(conn, new AuditEntry(OperatorAuth.operator(ctx), "OPERATOR", "admin", "setChannelAppStatus",
          "channel_app:" + appId, "OK", RequestTracking.requestId(ctx), Map.of("status", status)));
    })).onSuccess(seq -> {
      apps.announceChange(appId);
      apps.find(appId).onSuccess(app -> ctx.json(toJson(app))).onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  private static JsonObject toJson(ChannelApp app) {
    // Credentials are never shown: only which kind the app uses.
    return new JsonObject().put("appId", app.appId()).put("name", app.name()).put("type", app.type())
        .put("status", app.status()).put("scheme", app.scheme());
  }
}
