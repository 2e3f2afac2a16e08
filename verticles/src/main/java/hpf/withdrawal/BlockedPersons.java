package hpf.withdrawal;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.channel.ApiRouter;
import hpf.channel.Idempotency;
import hpf.channel.OperatorAuth;
import hpf.channel.Problem;
import hpf.channel.ProblemException;
import hpf.channel.RequestTracking;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

/**
 * The blocked-persons list (不良信息库) on the admin listener: operators list a person with a reason and lift the
 * entry; both are idempotent and audited. Withdrawals consult it: a listed member is refused every reason but the
 * exempt closing ones.
 */
public final class BlockedPersons {

  /** Closing reasons the center pays even to listed members (JGJ/T 320 A.7): retirement, abroad, death. */
  static final Set<String> EXEMPT_REASONS = Set.of("03", "05", "08");
  static final Problem BLOCKED = new Problem(422, "MEMBER_BLOCKED", "职工在不良信息名单中",
      "该职工已列入不良信息名单，暂不能办理该提取业务，请到柜台咨询。");
  private static final Problem ALREADY = new Problem(409, "ALREADY_BLOCKED", "已在不良信息名单中", "该职工已列入不良信息名单。");
  private static final Problem NOT_LISTED = new Problem(404, "BLOCKED_ENTRY_NOT_FOUND", "不在不良信息名单中",
      "该职工不在不良信息名单中。");
  private static final Problem NO_PERSON = new Problem(404, "NOT_FOUND", "请求的资源不存在", "未找到该职工。");

  private final Pool pool;
  private final AuditLog audit;
  private final Idempotency idempotency;

  public BlockedPersons(Pool pool, AuditLog audit, Idempotency idempotency) {
    this.pool = pool;
    this.audit = audit;
    this.idempotency = idempotency;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listBlockedPersons", this::list,
        "blockPerson", idempotency.write("blockPerson", ctx -> "operator:" + OperatorAuth.operator(ctx), this::block),
        "liftBlockedPerson", idempotency.write("liftBlockedPerson", ctx -> "operator:" + OperatorAuth.operator(ctx),
            this::lift));
  }

  /** Whether the person is listed now (read inside the withdrawal's transaction). */
  static Future<Boolean> isListed(SqlClient sql, String personId) {
    return sql.preparedQuery("SELECT 1 FROM blocked_person WHERE person_id = $1 AND lifted_at IS NULL")
        .execute(Tuple.of(personId)).map(rows -> rows.size() > 0);
  }

  private void list(RoutingContext ctx) {
    pool.query("""
            SELECT person_id, reason, listed_by, listed_at FROM blocked_person WHERE lifted_at IS NULL
             ORDER BY listed_at DESC, entry_id DESC LIMIT 1000""").execute()
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(toJson(row)));
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> block(RoutingContext ctx, SqlConnection conn) {
    var request = ApiRouter.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String reason = request.getBody().getJsonObject().getString("reason").strip();
    String operator = OperatorAuth.operator(ctx);
    return conn.preparedQuery("SELECT 1 FROM person WHERE person_id = $1 FOR UPDATE").execute(Tuple.of(personId))
        .compose(found -> found.size() == 0 ? Future.<Row>failedFuture(new ProblemException(NO_PERSON))
            : conn.preparedQuery("""
                    INSERT INTO blocked_person (person_id, reason, listed_by) VALUES ($1, $2, $3)
                    ON CONFLICT (person_id) WHERE lifted_at IS NULL DO NOTHING
                    RETURNING person_id, reason, listed_by, listed_at""")
                .execute(Tuple.of(personId, reason, operator))
                .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(ALREADY))
                    : Future.succeededFuture(rows.iterator().next())))
        .compose(row -> record(conn, ctx, "blockPerson", personId, Map.of("reason", reason))
            .map(v -> new Idempotency.Answer(201, toJson(row))));
  }

  private Future<Idempotency.Answer> lift(RoutingContext ctx, SqlConnection conn) {
    String personId = ApiRouter.validated(ctx).getPathParameters().get("personId").getString();
    return conn.preparedQuery("""
            UPDATE blocked_person SET lifted_by = $2, lifted_at = now() WHERE person_id = $1 AND lifted_at IS NULL
            RETURNING person_id""")
        .execute(Tuple.of(personId, OperatorAuth.operator(ctx)))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(NOT_LISTED))
            : record(conn, ctx, "liftBlockedPerson", personId, Map.of()))
        .map(v -> new Idempotency.Answer(200, new JsonObject().put("personId", personId).put("listed", false)));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("personId", row.getString("person_id")).put("reason", row.getString("reason"))
        .put("listedBy", row.getString("listed_by"))
        .put("listedAt", row.getOffsetDateTime("listed_at").withOffsetSameInstant(ZoneOffset.UTC).toString());
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, String personId,
                              Map<String, String> details) {
    return audit.append(conn, new AuditEntry(OperatorAuth.operator(ctx), "OPERATOR", "admin", operation,
        "person:" + personId, "OK", RequestTracking.requestId(ctx), details)).mapEmpty();
  }
}
