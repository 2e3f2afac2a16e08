package hpf.settlement;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
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
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;

/**
 * The four-eyes release of held instructions (refunds and transfers-out to accounts typed in by one clerk): reviewers
 * see what waits, and a reviewer other than the requester releases it for sending. Idempotent, audited.
 */
public final class InstructionReleases extends KitOperations {

  static final Problem NOT_HELD = new Problem(409, "INSTRUCTION_NOT_HELD", "指令不在待复核状态",
      "该支付指令不存在、已放行或已作废。");
  static final Problem SAME_PERSON = new Problem(409, "INSTRUCTION_RELEASE_SAME_STAFF", "复核须由他人办理",
      "支付指令须由发起人以外的审核人员复核放行。");

  private final SettlementOutbox outbox = new SettlementOutbox();

  public InstructionReleases(Kit kit) {
    super(kit);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "listHeldInstructions", auth.require(this::held),
        "releaseInstruction", auth.require(idempotency.write("releaseInstruction", SessionAuth::callerKey, (ctx, conn) -> {
          Caller caller = SessionAuth.caller(ctx);
          if (!Profiles.isReviewer(caller)) {
            return Future.failedFuture(new ProblemException(Profiles.forbidden()));
          }
          UUID id = UUID.fromString(Requests.validated(ctx).getPathParameters().get("instructionId").getString());
          return outbox.release(conn, id, caller.subjectId())
              .compose(result -> switch (result) {
                case NOT_HELD -> Future.<JsonObject>failedFuture(new ProblemException(NOT_HELD));
                case SAME_PERSON -> Future.<JsonObject>failedFuture(new ProblemException(SAME_PERSON));
                case RELEASED -> one(conn, id);
              })
              .compose(instruction -> audit.append(conn, SessionAuth.audited(ctx, "releaseInstruction",
                      "instruction:" + id, Map.of("amount", instruction.getString("amount"),
                          "businessRef", instruction.getString("businessRef"))))
                  .map(v -> new Idempotency.Answer(200, instruction)));
        })));
  }


  private void held(RoutingContext ctx) {
    if (!Profiles.isReviewer(SessionAuth.caller(ctx))) {
      ctx.fail(new ProblemException(Profiles.forbidden()));
      return;
    }
    pool.query(SELECT + " WHERE i.status = 'HELD' ORDER BY i.created_at LIMIT 200").execute()
        .onSuccess(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(toJson(row)));
          ctx.json(new JsonObject().put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private static final String SELECT = """
      SELECT i.instruction_id, i.bus_type, i.bank_code, i.payee_name, p.number_masked, i.amount, i.status,
             i.business_ref, i.requested_by, i.released_by, i.created_at
        FROM settlement_instruction i LEFT JOIN payee_account p ON p.payee_id = i.payee_account_id""";

  private static Future<JsonObject> one(SqlClient sql, UUID id) {
    return sql.preparedQuery(SELECT + " WHERE i.instruction_id = $1").execute(Tuple.of(id))
        .map(rows -> toJson(rows.iterator().next()));
  }

  private static JsonObject toJson(Row row) {
    JsonObject json = new JsonObject().put("instructionId", row.getUUID("instruction_id").toString())
        .put("busType", row.getString("bus_type")).put("bankCode", row.getString("bank_code"))
        .put("payeeName", row.getString("payee_name"))
        .put("payeeAccount", row.getString("number_masked") == null ? "" : row.getString("number_masked"))
        .put("amount", Money.of(row.getBigDecimal("amount")).toString()).put("status", row.getString("status"))
        .put("businessRef", row.getString("business_ref")).put("requestedBy", row.getString("requested_by"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
    if (row.getString("released_by") != null) {
      json.put("releasedBy", row.getString("released_by"));
    }
    return json;
  }
}
