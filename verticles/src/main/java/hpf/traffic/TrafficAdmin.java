package hpf.traffic;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.Idempotency;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Operators' control of channel traffic (admin listener): usage and policy per channel; change limits (the channel's,
 * per operation and per member), counted operations and per-rule shadow mode; suspend and resume a channel; release control (解除控制) for the rest of the
 * day or month and take it back. Each change is a new policy version, audited in the same transaction, and in force
 * on every member once committed (event bus, milliseconds; a reload every 5 s otherwise).
 */
public final class TrafficAdmin {

  private final TrafficControl control;
  private final AuditLog audit;
  private final Idempotency idempotency;

  public TrafficAdmin(TrafficControl control, AuditLog audit, Idempotency idempotency) {
    this.control = control;
    this.audit = audit;
    this.idempotency = idempotency;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listTrafficChannels", this::list,
        "getTrafficChannel", this::get,
        "setTrafficLimits", write("setTrafficLimits", body -> LimitsChange.of(body, control.publicOperations())),
        "suspendTrafficChannel", write("suspendTrafficChannel", body -> o -> with(o, true, o.controlReleasedUntil())),
        "resumeTrafficChannel", write("resumeTrafficChannel", body -> o -> with(o, false, o.controlReleasedUntil())),
        "releaseTrafficControl", write("releaseTrafficControl", body -> o -> with(o, o.suspended(),
            "MONTH".equals(body.getString("period")) ? control.calendar().monthEnd() : control.calendar().dayEnd())),
        "restoreTrafficControl", write("restoreTrafficControl", body -> o -> with(o, o.suspended(), null)));
  }

  private void list(RoutingContext ctx) {
    control.apps().list().compose(apps -> Future.all(apps.stream().map(a -> view(a.appId())).toList()))
        .onSuccess(all -> {
          JsonArray items = new JsonArray();
          all.list().forEach(items::add);
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String appId = appId(ctx);
    control.apps().find(appId).compose(app -> app == null
            ? Future.failedFuture(new ProblemException(TrafficProblems.APP_NOT_FOUND)) : view(appId))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** A change as a new version: the app must exist; version and audit record commit together. */
  private Handler<RoutingContext> write(String operation, java.util.function.Function<JsonObject, UnaryOperator<PolicyOverride>> change) {
    return idempotency.write(operation, ctx -> "operator:" + Requests.operator(ctx),
        (ctx, conn) -> apply(ctx, conn, operation, change.apply(body(ctx))),
        answer -> control.policies().announce(answer.body().getString("appId"),
            PolicyOverride.fromJson(answer.body().getLong("version"), answer.body().getJsonObject("runtime"))));
  }

  private Future<Idempotency.Answer> apply(RoutingContext ctx, SqlConnection conn, String operation,
                                           UnaryOperator<PolicyOverride> change) {
    String appId = appId(ctx);
    JsonObject body = body(ctx);
    String reason = body.getString("reason").strip();
    String operator = Requests.operator(ctx);
    AtomicReference<PolicyOverride> before = new AtomicReference<>(PolicyOverride.NONE);
    UnaryOperator<PolicyOverride> remembered = o -> {
      before.set(o);
      return change.apply(o);
    };
    return control.apps().find(appId).compose(app -> app == null
        ? Future.failedFuture(new ProblemException(TrafficProblems.APP_NOT_FOUND))
        : control.versions().append(conn, appId, remembered, operator, reason, Requests.requestId(ctx))
            .compose(next -> {
              Map<String, String> details = new TreeMap<>();
              details.put("reason", reason);
              details.put("version", Long.toString(next.version()));
              details.put("settings", next.toJson().encode());
              // Old → new of every value in force that the change moved (the file's value where none was set).
              details.put("changes", PolicyDiff.between(state(appId, before.get()), state(appId, next)).encode());
              return audit.append(conn, new AuditEntry(operator, "OPERATOR", "admin", operation, "channel_app:" + appId,
                      "OK", Requests.requestId(ctx), details))
                  .map(seq -> new Idempotency.Answer(200, state(appId, next)));
            }));
  }

  private static PolicyOverride with(PolicyOverride o, boolean suspended, Instant releasedUntil) {
    return new PolicyOverride(o.version(), o.ratePerSecond(), o.burst(), o.dailyQuota(), o.monthlyQuota(), o.counted(),
        o.modes(), o.operationRates(), o.perMember(), o.storeUnavailable(), o.storeTimeoutMs(), suspended, releasedUntil);
  }

  /** The channel's state and, read from the shared counters, its usage today and this month. */
  private Future<JsonObject> view(String appId) {
    ChannelPolicy p = control.policies().current(appId);
    return control.counters().read(appId, p.storeTimeoutMillis())
        .recover(e -> Future.succeededFuture(control.counters().seen(appId)))
        .map(u -> state(appId, control.policies().override(appId)).put("usage", new JsonObject()
            .put("day", period(control.calendar().day(), u.usedOnDay(control.calendar().day()), p.dailyQuota(),
                control.calendar().dayEnd()))
            .put("month", period(control.calendar().month(), u.usedInMonth(control.calendar().month()),
                p.monthlyQuota(), control.calendar().monthEnd()))));
  }

  private JsonObject state(String appId, PolicyOverride o) {
    ChannelPolicy p = o.applyTo(control.policies().file(appId));
    Instant now = control.calendar().now();
    return new JsonObject().put("appId", appId).put("version", o.version()).put("suspended", o.suspended())
        .put("controlReleasedUntil", o.released(now) ? o.controlReleasedUntil().toString() : null)
        .put("policy", PolicyJson.of(p)).put("runtime", o.toJson());
  }

  private static JsonObject period(String name, long used, long limit, Instant resetAt) {
    boolean unlimited = limit == ChannelPolicy.UNLIMITED;
    return new JsonObject().put("period", name).put("used", used).put("limit", unlimited ? null : limit)
        .put("remaining", unlimited ? null : Math.max(0, limit - used)).put("resetAt", resetAt.toString());
  }

  private static String appId(RoutingContext ctx) {
    return Requests.validated(ctx).getPathParameters().get("appId").getString();
  }

  private static JsonObject body(RoutingContext ctx) {
    var body = Requests.validated(ctx).getBody();
    return body == null || body.isNull() ? new JsonObject() : body.getJsonObject();
  }
}
