package hpf.boot;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.channel.Zone;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/** Operator operations on the admin listener: what this instance is and runs, and runtime log levels. */
public final class SystemInfo {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(SystemInfo.class);
  /** Names an operator may set even before anything logged under them. */
  private static final Set<String> TOP_LEVEL = Set.of("hpf", "io.vertx", "com.hazelcast", "io.netty", "org.flywaydb");
  static final Problem LOGGER_UNKNOWN = new Problem(400, "LOGGER_UNKNOWN", "日志记录器不存在",
      "只能设置已存在的日志记录器，或 ROOT、hpf、io.vertx、com.hazelcast、io.netty、org.flywaydb 之一。");

  /** A snapshot of the instance, free of secrets. */
  public record Facts(String version, String nodeId, Instant startedAt, String schemaVersion, String databaseMode,
                      String clusterName, List<String> clusterMembers, boolean sandbox, Map<Zone, Integer> ports) {}

  private final Supplier<Facts> facts;
  private final AuditLog audit;

  public SystemInfo(Supplier<Facts> facts, AuditLog audit) {
    this.facts = facts;
    this.audit = audit;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getSystemInfo", this::info,
        "setLoggerLevel", this::setLoggerLevel);
  }

  private void info(RoutingContext ctx) {
    Facts f = facts.get();
    JsonObject listeners = new JsonObject();
    f.ports().forEach((zone, port) -> listeners.put(zone.label(), port));
    json(ctx, new JsonObject()
        .put("version", f.version())
        .put("nodeId", f.nodeId())
        .put("startedAt", f.startedAt().toString())
        .put("uptimeSeconds", Duration.between(f.startedAt(), Instant.now()).toSeconds())
        .put("schemaVersion", f.schemaVersion())
        .put("database", f.databaseMode())
        .put("cluster", new JsonObject().put("name", f.clusterName()).put("members", f.clusterMembers()))
        .put("sandbox", f.sandbox())
        .put("listeners", listeners));
  }

  /**
   * Sets the level of a logger that exists already, or of one of the few top-level names; never creates loggers on
   * request (logback keeps every logger ever named, so arbitrary names would grow memory without bound). Audited
   * before it is applied: no record, no change.
   */
  private void setLoggerLevel(RoutingContext ctx) {
    var request = Requests.validated(ctx);
    String name = request.getPathParameters().get("name").getString();
    String level = request.getBody().getJsonObject().getString("level");
    LoggerContext loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
    String loggerName = "ROOT".equals(name) ? org.slf4j.Logger.ROOT_LOGGER_NAME : name;
    if (loggers.exists(loggerName) == null && !TOP_LEVEL.contains(loggerName)) {
      ctx.fail(new ProblemException(LOGGER_UNKNOWN));
      return;
    }
    audit.append(new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", "setLoggerLevel", "logger:" + name,
            "OK", Requests.requestId(ctx), Map.of("level", level)))
        .onSuccess(seq -> {
          Logger logger = loggers.getLogger(loggerName);
          logger.setLevel(Level.toLevel(level));
          LOG.atInfo().addKeyValue("requestId", Requests.requestId(ctx)).addKeyValue("logger", name)
              .addKeyValue("level", level).addKeyValue("operator", Requests.operator(ctx))
              .log("log level changed by operator");
          json(ctx, new JsonObject().put("name", name).put("level", logger.getLevel().toString()));
        })
        .onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }
}
