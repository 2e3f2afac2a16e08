package hpf.settlement.dispatch;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.settlement.SettlementOutcome;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Operators see the settlement queue (by status and bank) and one instruction with every exchange with its bank,
 * and resolve what waits in MANUAL_REVIEW once they know the bank's answer by other means (the bank's statement, a
 * phone call): SUCCEEDED or FAILED settles it as the dispatcher would (the business room books it in the same
 * transaction), QUERY_AGAIN sends it back to the result queries. Resolutions are idempotent and audited.
 */
public final class SettlementAdmin {

  static final Problem NOT_IN_REVIEW = new Problem(409, "INSTRUCTION_NOT_IN_REVIEW", "该指令不在人工核实中",
      "只有转入人工核实（MANUAL_REVIEW）的支付指令可以人工处理，请刷新后查看其当前状态。");
  static final Problem NOT_FOUND = new Problem(404, "INSTRUCTION_NOT_FOUND", "支付指令不存在", "未找到该支付指令。");

  private final InstructionStore store;
  private final Settling settling;
  private final AuditLog audit;
  private final Idempotency idempotency;
  private final Clock clock;

  public SettlementAdmin(Pool pool, Map<String, SettlementOutcome> outcomes, AuditLog audit, Idempotency idempotency,
                         Clock clock) {
    this.store = new InstructionStore(pool);
    this.settling = new Settling(store, outcomes);
    this.audit = audit;
    this.idempotency = idempotency;
    this.clock = clock;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listSettlementInstructions", this::list,
        "getSettlementInstruction", this::get,
        "resolveSettlementInstruction", idempotency.write("resolveSettlementInstruction",
            ctx -> "operator:" + Requests.operator(ctx), this::resolve));
  }

  private void list(RoutingContext ctx) {
    var query = Requests.validated(ctx).getQuery();
    String status = text(query.get("status"));
    String bank = text(query.get("bank"));
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 50 : query.get("size").getInteger();
    store.page(status, bank, page, size).onSuccess(rows -> {
      JsonArray items = new JsonArray();
      long total = 0;
      for (Row row : rows) {
        items.add(toJson(row));
        total = row.getLong("total");
      }
      ctx.json(new JsonObject().put("page", page).put("size", size).put("total", total).put("items", items));
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID id = UUID.fromString(Requests.validated(ctx).getPathParameters().get("instructionId").getString());
    one(id).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private Future<JsonObject> one(UUID id) {
    return store.one(id).compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(NOT_FOUND))
        : store.attempts(id).map(attempts -> {
          JsonArray exchanges = new JsonArray();
          attempts.forEach(a -> exchanges.add(new JsonObject().put("kind", a.getString("kind"))
              .put("outcome", a.getString("outcome")).put("returnCode", a.getString("return_code"))
              .put("message", a.getString("message")).put("hostSeqNo", a.getString("host_seq_no"))
              .put("instance", a.getString("instance"))
              .put("at", a.getOffsetDateTime("at").toInstant().toString())));
          return toJson(rows.iterator().next()).put("exchanges", exchanges);
        }));
  }

  private Future<Idempotency.Answer> resolve(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    UUID id = UUID.fromString(request.getPathParameters().get("instructionId").getString());
    JsonObject body = request.getBody().getJsonObject();
    String decision = body.getString("decision");
    String reason = body.getString("reason").strip();
    String operator = "operator:" + Requests.operator(ctx);
    return store.lockInReview(conn, id).compose(claimed -> {
      if (claimed == null) {
        return Future.failedFuture(new ProblemException(NOT_IN_REVIEW));
      }
      Future<Void> done = "QUERY_AGAIN".equals(decision) ? store.queryAgain(conn, id, operator)
          : settling.settle(conn, claimed, operator, BankGateway.Outcome.valueOf(decision),
                  new BankGateway.Result(BankGateway.Outcome.valueOf(decision), "MANUAL", "人工核实：" + reason,
                      body.getString("hostSeqNo")), BusinessTime.today(clock))
              .compose(mine -> store.resolvedBy(conn, id, operator));
      return done
          .compose(v -> audit.append(conn, new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin",
              "resolveSettlementInstruction", "settlement_instruction:" + id, "OK", Requests.requestId(ctx),
              Map.of("decision", decision, "reason", reason, "businessRef", claimed.businessRef()))))
          .map(seq -> new Idempotency.Answer(200, new JsonObject().put("instructionId", id.toString())
              .put("decision", decision).put("businessRef", claimed.businessRef())));
    });
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject().put("instructionId", row.getUUID("instruction_id").toString())
        .put("serialNo", row.getString("serial_no")).put("busType", row.getString("bus_type"))
        .put("payeeBank", row.getString("bank_code")).put("payingBank", row.getString("paying_bank"))
        .put("payeeName", row.getString("payee_name")).put("amount", hpf.kit.Money.of(row.getBigDecimal("amount")).toString())
        .put("direction", row.getString("direction")).put("status", row.getString("status"))
        .put("businessRef", row.getString("business_ref")).put("attempts", row.getInteger("attempts"))
        .put("checks", row.getInteger("checks"))
        .put("sentOn", row.getLocalDate("sent_on") == null ? null : row.getLocalDate("sent_on").toString())
        .put("hostSeqNo", row.getString("host_seq_no")).put("returnCode", row.getString("return_code"))
        .put("returnMessage", row.getString("return_message")).put("resolvedBy", row.getString("resolved_by"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("finishedAt", row.getOffsetDateTime("finished_at") == null ? null
            : row.getOffsetDateTime("finished_at").toInstant().toString());
  }

  private static String text(io.vertx.openapi.validation.RequestParameter parameter) {
    return parameter == null || parameter.isNull() ? null : parameter.getString();
  }
}
