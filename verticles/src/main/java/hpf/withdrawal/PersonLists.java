package hpf.withdrawal;

import hpf.account.MemberLocks;
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
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.Set;

/**
 * The person lists withdrawals consult, on the admin listener: the blocked-persons list (不良信息库: a listed member is
 * refused every reason but the exempt closing ones) and the key-review list (重点审核名单: every application of a
 * listed member goes to staff review, whatever the data sources say). Operators list a person with a reason and
 * lift the entry; both idempotent and audited, lifted entries kept as history.
 */
public final class PersonLists {

  /**
   * Closing reasons the center pays even to blocked members (JGJ/T 320 A.7): retirement, loss of working capacity,
   * abroad, death, and foreigners and HK/Macao/Taiwan residents leaving.
   */
  static final Set<String> EXEMPT_REASONS = Set.of("03", "04", "05", "08", "10");
  static final Problem BLOCKED = new Problem(422, "MEMBER_BLOCKED", "职工在不良信息名单中",
      "该职工已列入不良信息名单，暂不能办理该提取业务，请到柜台咨询。");
  private static final Problem NO_PERSON = new Problem(404, "NOT_FOUND", "请求的资源不存在", "未找到该职工。");

  /** One list: its stored name, its operations and its refusals. */
  public enum Kind {
    BLOCKED("listBlockedPersons", "blockPerson", "liftBlockedPerson",
        new Problem(409, "ALREADY_BLOCKED", "已在不良信息名单中", "该职工已列入不良信息名单。"),
        new Problem(404, "BLOCKED_ENTRY_NOT_FOUND", "不在不良信息名单中", "该职工不在不良信息名单中。")),
    KEY_REVIEW("listKeyReviewPersons", "flagKeyReviewPerson", "liftKeyReviewPerson",
        new Problem(409, "ALREADY_KEY_REVIEW", "已在重点审核名单中", "该职工已列入重点审核名单。"),
        new Problem(404, "KEY_REVIEW_ENTRY_NOT_FOUND", "不在重点审核名单中", "该职工不在重点审核名单中。"));

    private final String listOperation;
    private final String addOperation;
    private final String liftOperation;
    private final Problem already;
    private final Problem notListed;

    Kind(String listOperation, String addOperation, String liftOperation, Problem already, Problem notListed) {
      this.listOperation = listOperation;
      this.addOperation = addOperation;
      this.liftOperation = liftOperation;
      this.already = already;
      this.notListed = notListed;
    }
  }

  private final Pool pool;
  private final AuditLog audit;
  private final Idempotency idempotency;
  private final Kind kind;

  public PersonLists(Pool pool, AuditLog audit, Idempotency idempotency, Kind kind) {
    this.pool = pool;
    this.audit = audit;
    this.idempotency = idempotency;
    this.kind = kind;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        kind.listOperation, this::list,
        kind.addOperation, idempotency.write(kind.addOperation, ctx -> "operator:" + Requests.operator(ctx), this::block),
        kind.liftOperation, idempotency.write(kind.liftOperation, ctx -> "operator:" + Requests.operator(ctx),
            this::lift));
  }

  /** Whether the person is on the list now (read inside the withdrawal's transaction). */
  static Future<Boolean> isListed(SqlClient sql, Kind kind, String personId) {
    return sql.preparedQuery("SELECT 1 FROM blocked_person WHERE person_id = $1 AND list = $2 AND lifted_at IS NULL")
        .execute(Tuple.of(personId, kind.name())).map(rows -> rows.size() > 0);
  }

  private void list(RoutingContext ctx) {
    pool.preparedQuery("""
            SELECT person_id, reason, listed_by, listed_at FROM blocked_person WHERE lifted_at IS NULL AND list = $1
             ORDER BY listed_at DESC, entry_id DESC LIMIT 1000""").execute(Tuple.of(kind.name()))
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(toJson(row)));
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> block(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String reason = request.getBody().getJsonObject().getString("reason").strip();
    String operator = Requests.operator(ctx);
    return MemberLocks.person(conn, personId)
        .compose(found -> !found ? Future.<Row>failedFuture(new ProblemException(NO_PERSON))
            : conn.preparedQuery("""
                    INSERT INTO blocked_person (person_id, list, reason, listed_by) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (person_id, list) WHERE lifted_at IS NULL DO NOTHING
                    RETURNING person_id, reason, listed_by, listed_at""")
                .execute(Tuple.of(personId, kind.name(), reason, operator))
                .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(kind.already))
                    : Future.succeededFuture(rows.iterator().next())))
        .compose(row -> record(conn, ctx, kind.addOperation, personId, Map.of("reason", reason))
            .map(v -> new Idempotency.Answer(201, toJson(row))));
  }

  private Future<Idempotency.Answer> lift(RoutingContext ctx, SqlConnection conn) {
    String personId = Requests.validated(ctx).getPathParameters().get("personId").getString();
    return conn.preparedQuery("""
            UPDATE blocked_person SET lifted_by = $2, lifted_at = now()
             WHERE person_id = $1 AND list = $3 AND lifted_at IS NULL RETURNING person_id""")
        .execute(Tuple.of(personId, Requests.operator(ctx), kind.name()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(kind.notListed))
            : record(conn, ctx, kind.liftOperation, personId, Map.of()))
        .map(v -> new Idempotency.Answer(200, new JsonObject().put("personId", personId).put("listed", false)));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("personId", row.getString("person_id")).put("reason", row.getString("reason"))
        .put("listedBy", row.getString("listed_by"))
        .put("listedAt", row.getOffsetDateTime("listed_at").toInstant().toString());
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, String personId,
                              Map<String, String> details) {
    return audit.append(conn, new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin", operation,
        "person:" + personId, "OK", Requests.requestId(ctx), details)).mapEmpty();
  }
}
