package hpf.apps;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;

/** Operators list channel apps and enable or disable one; each change is audited in the same transaction. */
public final class ChannelAppAdmin {

  static final Problem APP_NOT_FOUND =
      new Problem(404, "CHANNEL_APP_NOT_FOUND", "渠道应用不存在", "未找到该应用编号，请核对。");

  private final ChannelApps apps;
  private final AuditLog audit;
  private final Idempotency idempotency;

  public ChannelAppAdmin(ChannelApps apps, AuditLog audit, Idempotency idempotency) {
    this.apps = apps;
    this.audit = audit;
    this.idempotency = idempotency;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listChannelApps", this::list,
        "setChannelAppStatus", idempotency.write("setChannelAppStatus", ctx -> "operator:" + Requests.operator(ctx),
            this::setStatus, answer -> apps.announceChange(answer.body().getString("appId"))));
  }

  private void list(RoutingContext ctx) {
    apps.list().onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(app -> items.add(toJson(app)));
      ctx.json(new JsonObject().put("items", items));
    }).onFailure(ctx::fail);
  }

  /** In the write's transaction: the change and its audit record commit together, or neither does. */
  private Future<Idempotency.Answer> setStatus(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String appId = request.getPathParameters().get("appId").getString();
    String status = request.getBody().getJsonObject().getString("status");
    return apps.setStatus(conn, appId, status).compose(app -> app == null
        ? Future.failedFuture(new ProblemException(APP_NOT_FOUND))
        : audit.append(conn, new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", "setChannelAppStatus",
            "channel_app:" + appId, "OK", Requests.requestId(ctx), Map.of("status", status)))
            .map(seq -> new Idempotency.Answer(200, app)));
  }

  private static JsonObject toJson(ChannelApp app) {
    // Credentials are never shown: only which kind the app uses.
    return new JsonObject().put("appId", app.appId()).put("name", app.name()).put("type", app.type())
        .put("status", app.status()).put("scheme", app.scheme());
  }
}
