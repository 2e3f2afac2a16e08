package hpf.settlement.dispatch;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.Idempotency;
import hpf.kit.Money;
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
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * Operators ask for a batch file now, outside the night window (recorded, audited, idempotent; the first dispatcher
 * serving the bank takes the request on its next round), and see the batches with their states and totals.
 */
public final class BatchAdmin {

  static final Problem BANK_UNKNOWN = new Problem(422, "SETTLEMENT_BATCH_BANK_UNKNOWN", "该银行不能办理批量支付",
      "该银行代码不是已开通结算专户的合作银行。");

  private final InstructionStore store;
  private final BatchRequests batches;
  private final AuditLog audit;
  private final Idempotency idempotency;

  public BatchAdmin(Pool pool, AuditLog audit, Idempotency idempotency) {

    this.store = new InstructionStore(pool);
    this.batches = new BatchRequests(pool);
    this.audit = audit;
    this.idempotency = idempotency;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "requestSettlementBatch", idempotency.write("requestSettlementBatch",
            ctx -> "operator:" + Requests.operator(ctx), this::request),
        "listSettlementBatches", this::list);
  }

  private Future<Idempotency.Answer> request(RoutingContext ctx, SqlConnection conn) {
    String bank = Requests.validated(ctx).getBody().getJsonObject().getString("bankCode");
    String operator = Requests.operator(ctx);
    UUID requestId = UUID.randomUUID();
    return store.activeBanks().compose(active -> {
      if (active.stream().noneMatch(b -> b.bankCode().equals(bank))) {
        return Future.failedFuture(new ProblemException(BANK_UNKNOWN));
      }
      return BatchRequests.request(conn, requestId, bank, "operator:" + operator)
          .compose(v -> audit.append(conn, new AuditEntry(operator, "OPERATOR", "admin", "requestSettlementBatch",
              "settlement_batch_request:" + requestId, "OK", Requests.requestId(ctx), Map.of("bankCode", bank))))
          .map(seq -> new Idempotency.Answer(202, new JsonObject().put("requestId", requestId.toString())
              .put("bankCode", bank).put("status", "REQUESTED")));
    });
  }

  private void list(RoutingContext ctx) {
    var query = Requests.validated(ctx).getQuery();
    String bank = query.get("bank") == null || query.get("bank").isNull() ? null : query.get("bank").getString();
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 50 : query.get("size").getInteger();
    batches.page(bank, page, size).onSuccess(rows -> {
      JsonArray items = new JsonArray();
      long total = 0;
      for (Row row : rows) {
        items.add(toJson(row));
        total = row.getLong("total");
      }
      ctx.json(new JsonObject().put("page", page).put("size", size).put("total", total).put("items", items));
    }).onFailure(ctx::fail);
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("batchId", row.getUUID("batch_id").toString()).put("bankCode", row.getString("bank_code"))
        .put("kind", row.getString("kind"))
        .put("serialNo", row.getString("serial_no")).put("bankBatchNo", row.getString("bank_batch_no"))
        .put("state", row.getString("state")).put("rowCount", row.getInteger("row_count"))
        .put("totalAmount", Money.of(row.getBigDecimal("total_amount")).toYuan().toPlainString())
        .put("succeeded", row.getInteger("succeeded")).put("failed", row.getInteger("failed"))
        .put("sentOn", row.getLocalDate("sent_on").toString())
        .put("createdAt", instant(row.getOffsetDateTime("created_at")))
        .put("submittedAt", instant(row.getOffsetDateTime("submitted_at")))
        .put("finishedAt", instant(row.getOffsetDateTime("finished_at")));
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }
}
