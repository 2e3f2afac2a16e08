package hpf.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/** Pages of the audit log, newest first, filtered by actor, operation and time; null filters match all. */
public final class AuditQuery {

  private static final String WHERE = """
       WHERE ($1::text IS NULL OR actor = $1)
         AND ($2::text IS NULL OR operation = $2)
         AND ($3::timestamptz IS NULL OR at >= $3)
         AND ($4::timestamptz IS NULL OR at < $4)""";

  private final Pool pool;

  public AuditQuery(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonObject> page(String actor, String operation, OffsetDateTime from, OffsetDateTime to,
                                 int page, int size) {
    Future<JsonArray> items = pool.preparedQuery("SELECT * FROM audit_log " + WHERE
            + " ORDER BY seq DESC LIMIT $5 OFFSET $6")
        .execute(Tuple.of(actor, operation, from, to, size, (long) (page - 1) * size))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(row -> list.add(toJson(row)));
          return list;
        });
    Future<Long> total = pool.preparedQuery("SELECT count(*) FROM audit_log " + WHERE)
        .execute(Tuple.of(actor, operation, from, to)).map(rows -> rows.iterator().next().getLong(0));
    return Future.all(items, total).map(done -> new JsonObject().put("items", items.result()).put("page", page)
        .put("size", size).put("total", total.result()));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("seq", row.getLong("seq"))
        .put("at", row.getOffsetDateTime("at").toInstant().toString())
        .put("actor", row.getString("actor"))
        .put("actorKind", row.getString("actor_kind"))
        .put("channel", row.getString("channel"))
        .put("operation", row.getString("operation"))
        .put("target", row.getString("target"))
        .put("outcome", row.getString("outcome"))
        .put("requestId", row.getString("request_id"))
        .put("details", row.getJson("details"))
        .put("hash", row.getString("hash"));
  }
}
