package hpf.policy;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operators read the rule values in force on a date and schedule new ones. A new version takes effect from a
 * date not in the past (the past stays as it was computed); versions are never changed; each is audited.
 */
public final class PolicyAdmin {

  private static final Problem IN_THE_PAST = new Problem(422, "POLICY_EFFECTIVE_DATE_PAST", "生效日期须晚于今天",
      "政策参数的新版本只能从明天或以后生效，今天及以前已办理的业务按当时的参数计算。");
  private static final Problem BAD_VALUE = new Problem(422, "POLICY_VALUE_INVALID", "政策参数取值不合规",
      "取值不符合该参数的格式或范围（比例为 0–1 的小数，金额为最多两位小数的元，取整方式为 YUAN_HALF_UP、FEN_HALF_UP 或 YUAN_UP，计息基数为 360 或 365）。");
  private static final Problem UNKNOWN = new Problem(422, "POLICY_PARAMETER_UNKNOWN", "政策参数不存在",
      "只能为已有的政策参数设置新版本。");
  private static final Problem EXISTS = new Problem(409, "POLICY_VERSION_EXISTS", "该生效日期已有版本",
      "该参数在此生效日期已有取值，版本一经设置不再修改。");

  private final Policies policies;
  private final AuditLog audit;
  private final Idempotency idempotency;
  private final Clock clock;

  public PolicyAdmin(Pool pool, AuditLog audit, Idempotency idempotency, Clock clock) {
    this.policies = new Policies(pool);
    this.audit = audit;
    this.idempotency = idempotency;
    this.clock = clock;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listPolicyParameters", this::list,
        "addPolicyVersion", idempotency.write("addPolicyVersion", ctx -> "operator:" + Requests.operator(ctx),
            this::add));
  }

  private void list(RoutingContext ctx) {
    var date = Requests.validated(ctx).getQuery().get("date");
    LocalDate on;
    try {
      on = date == null || date.isNull() ? BusinessTime.today(clock) : date(date.getString(), "date", "query");
    } catch (ProblemException e) {
      ctx.fail(e);
      return;
    }
    policies.asOf(on).onSuccess(asOf -> {
      JsonObject values = new JsonObject(new TreeMap<>(asOf.values()));
      ctx.json(new JsonObject().put("date", on.toString()).put("values", values));
    }).onFailure(ctx::fail);
  }

  private static LocalDate date(String text, String field, String in) {
    try {
      return LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new ProblemException(Problem.validation(field + "：不是有效的日期（yyyy-MM-dd）。", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("field", field).put("in", in).put("reason", "格式不正确"))));
    }
  }

  private Future<Idempotency.Answer> add(RoutingContext ctx, SqlConnection conn) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String name = body.getString("name");
    LocalDate from = date(body.getString("effectiveFrom"), "effectiveFrom", "body");
    // Not today either: business already done today used today's values and must not change under it.
    if (!from.isAfter(BusinessTime.today(clock))) {
      return Future.failedFuture(new ProblemException(IN_THE_PAST));
    }
    if (!PolicyValues.valid(name, body.getString("value"))) {
      return Future.failedFuture(new ProblemException(BAD_VALUE));
    }
    return conn.preparedQuery("SELECT 1 FROM policy_parameter WHERE name = $1 LIMIT 1").execute(Tuple.of(name))
        .compose(known -> known.size() == 0 ? Future.failedFuture(new ProblemException(UNKNOWN))
            : conn.preparedQuery("""
                    INSERT INTO policy_parameter (name, effective_from, value, note, created_by)
                    VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(name, from, body.getString("value"), body.getString("note", ""),
                    Requests.operator(ctx))))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(new ProblemException(EXISTS))
            : audit.append(conn, new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", "addPolicyVersion",
                "policy:" + name, "OK", Requests.requestId(ctx),
                Map.of("effectiveFrom", from.toString(), "value", body.getString("value")))))
        .map(seq -> new Idempotency.Answer(201, new JsonObject().put("name", name).put("effectiveFrom", from.toString())
            .put("value", body.getString("value"))));
  }
}
