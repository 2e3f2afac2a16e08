package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.Map;

/**
 * Public operations of transfer-out (转出): counter staff transfer a sealed account to another center and may call
 * it off while the money is still pending; the member and service staff see the transfers. Idempotent, audited.
 */
public final class TransferOperations extends KitOperations {

  private final TransfersOut transfers;

  public TransferOperations(Kit kit, FieldCipher fields) {
    super(kit);
    this.transfers = new TransfersOut(new PayeeAccounts(fields));
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "transferOut", auth.require(idempotency.write("transferOut", SessionAuth::callerKey, this::transfer)),
        "cancelTransferOut", auth.require(idempotency.write("cancelTransferOut", SessionAuth::callerKey, this::cancel)),
        "listTransfersOut", auth.requireOwner(Caller.MEMBER, (ctx, personId) -> transfers.list(pool, personId)
            .onSuccess(items -> ctx.json(new JsonObject().put("personId", personId).put("items", items)))
            .onFailure(ctx::fail)));
  }

  private Future<Idempotency.Answer> transfer(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Future.failedFuture(new ProblemException(Profiles.forbidden()));
    }
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    JsonObject body = request.getBody().getJsonObject();
    if (!PayeeAccounts.isAccountNumber(body.getString("accountNumber"))) {
      return Future.failedFuture(new ProblemException(ContributionProblems.PAYEE_ACCOUNT_INVALID));
    }
    var target = new TransfersOut.Target(body.getString("targetCenter"), body.getString("targetName"),
        body.getString("bankCode"), body.getString("accountName"), body.getString("accountNumber"));
    return transfers.transfer(conn, personId, target, SessionAuth.caller(ctx).subjectId(), BusinessTime.today(clock))
        .compose(transfer -> record(conn, ctx, "transferOut", transfer).map(v -> new Idempotency.Answer(202, transfer)));
  }

  private Future<Idempotency.Answer> cancel(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Future.failedFuture(new ProblemException(Profiles.forbidden()));
    }
    var request = Requests.validated(ctx);
    return transfers.cancel(conn, request.getPathParameters().get("personId").getString(),
            request.getPathParameters().get("transferId").getString(), BusinessTime.today(clock))
        .compose(transfer -> record(conn, ctx, "cancelTransferOut", transfer).map(v -> new Idempotency.Answer(200, transfer)));
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, JsonObject transfer) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "transfer:" + transfer.getString("transferId"),
        Map.of("personId", transfer.getString("personId"), "amount", transfer.getString("amount"),
            "targetCenter", transfer.getString("targetCenter"), "status", transfer.getString("status")))).mapEmpty();
  }
}
