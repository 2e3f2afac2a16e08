package hpf.keys;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators start a field-key rotation and watch it. One rotation runs at a time in the whole cluster (a
 * cluster-wide lock); it runs in the background, and its start and end are audited.
 */
public final class FieldKeyAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(FieldKeyAdmin.class);
  private static final String LOCK = "hpf.field-key-rotation";
  private static final Problem RUNNING = new Problem(409, "ROTATION_RUNNING", "密钥轮换正在进行",
      "已有一次字段密钥轮换在进行中，请稍后查看进度。");

  private final Vertx vertx;
  private final FieldKeyRotation rotation;
  private final AuditLog audit;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile JsonObject lastRun;

  private final MeterRegistry registry;

  public FieldKeyAdmin(Vertx vertx, FieldKeyRotation rotation, AuditLog audit, MeterRegistry registry) {
    this.vertx = vertx;
    this.rotation = rotation;
    this.audit = audit;
    this.registry = registry;
    Gauge.builder("hpf_keys_rotation_running", running, r -> r.get() ? 1 : 0)
        .description("1 while this instance runs a field-key rotation").register(registry);
    Gauge.builder("hpf_keys_field_key_version", rotation, FieldKeyRotation::currentVersion)
        .description("The field key version new values are encrypted with").register(registry);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getFieldKeyRotation", this::status,
        "startFieldKeyRotation", this::start);
  }

  private void status(RoutingContext ctx) {
    rotation.remaining().onSuccess(remaining -> {
      JsonObject body = new JsonObject().put("currentVersion", rotation.currentVersion()).put("running", running.get())
          .put("remaining", new JsonObject(Map.copyOf(remaining)));
      if (lastRun != null) {
        body.put("lastRun", lastRun);
      }
      ctx.json(body);
    }).onFailure(ctx::fail);
  }

  private void start(RoutingContext ctx) {
    String operator = Requests.operator(ctx);
    String requestId = Requests.requestId(ctx);
    vertx.sharedData().getLockWithTimeout(LOCK, 100)
        .recover(busy -> io.vertx.core.Future.failedFuture(new ProblemException(RUNNING)))
        .compose(lock -> audit.append(entry(operator, "startFieldKeyRotation", "STARTED", requestId, Map.of()))
            .onFailure(e -> lock.release())
            .map(lock))
        .onSuccess(lock -> {
          running.set(true);
          ctx.response().setStatusCode(202);
          ctx.json(new JsonObject().put("started", true).put("currentVersion", rotation.currentVersion()));
          runInBackground(lock, operator, requestId);
        })
        .onFailure(ctx::fail);
  }

  private void runInBackground(Lock lock, String operator, String requestId) {
    rotation.run()
        .compose(count -> audit.append(entry(operator, "startFieldKeyRotation", "COMPLETED", requestId,
            Map.of("reencrypted", String.valueOf(count), "version", String.valueOf(rotation.currentVersion()))))
            .map(count))
        .onComplete(ar -> {
          registry.counter("hpf_keys_reencrypted_total").increment(ar.succeeded() ? ar.result() : 0);
          registry.counter("hpf_keys_rotations_total", "outcome", ar.succeeded() ? "ok" : "failed").increment();
          lastRun = new JsonObject().put("finishedAt", Instant.now().toString()).put("succeeded", ar.succeeded())
              .put("reencrypted", ar.succeeded() ? ar.result() : 0L);
          if (ar.failed()) {
            LOG.atError().setCause(ar.cause()).addKeyValue("requestId", requestId).log("field key rotation failed");
          }
          running.set(false);
          lock.release();
        });
  }

  private static AuditEntry entry(String operator, String operation, String outcome, String requestId,
                                  Map<String, String> details) {
    return new AuditEntry(operator, "OPERATOR", "admin", operation, "field-keys", outcome, requestId, details);
  }
}
