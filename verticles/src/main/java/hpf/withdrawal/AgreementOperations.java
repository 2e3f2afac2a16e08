package hpf.withdrawal;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.Map;

/**
 * Public operations on agreed withdrawals: the member itself or counter staff sign, renew and terminate; the
 * member and service staff list them. Writes are idempotent and audited.
 */
public final class AgreementOperations extends KitOperations {

  private final Agreements agreements = new Agreements();

  public AgreementOperations(Kit kit) {
    super(kit);
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "signWithdrawalAgreement", auth.require(idempotency.write("signWithdrawalAgreement", SessionAuth::callerKey,
            this::sign)),
        "renewWithdrawalAgreement", auth.require(idempotency.write("renewWithdrawalAgreement", SessionAuth::callerKey,
            (ctx, conn) -> change(ctx, conn, "renewWithdrawalAgreement"))),
        "terminateWithdrawalAgreement", auth.require(idempotency.write("terminateWithdrawalAgreement",
            SessionAuth::callerKey, (ctx, conn) -> change(ctx, conn, "terminateWithdrawalAgreement"))),
        "listWithdrawalAgreements", auth.requireOwner(Caller.MEMBER, this::list));
  }

  private Future<Idempotency.Answer> sign(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    Money monthly = Money.parse(body.getString("monthlyAmount"));
    if (!monthly.isPositive()) {
      return Future.failedFuture(new ProblemException(WithdrawalProblems.AMOUNT_INVALID));
    }
    return agreements.sign(conn, personId, body.getString("reason"), monthly, Requests.caller(ctx).id(),
            BusinessTime.today(clock))
        .compose(agreement -> record(conn, ctx, "signWithdrawalAgreement", agreement)
            .map(v -> new Idempotency.Answer(201, agreement)));
  }

  private Future<Idempotency.Answer> change(RoutingContext ctx, SqlConnection conn, String operation) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String agreementId = request.getPathParameters().get("agreementId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    Future<JsonObject> changed = operation.equals("renewWithdrawalAgreement")
        ? agreements.renew(conn, personId, agreementId, BusinessTime.today(clock))
        : agreements.terminate(conn, personId, agreementId);
    return changed.compose(agreement -> record(conn, ctx, operation, agreement)
        .map(v -> new Idempotency.Answer(200, agreement)));
  }

  private void list(RoutingContext ctx, String personId) {
    agreements.list(pool, personId)
        .onSuccess(items -> ctx.json(new JsonObject().put("personId", personId).put("items", items)))
        .onFailure(ctx::fail);
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, JsonObject agreement) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "withdrawal_agreement:" + agreement.getString("agreementId"),
        Map.of("personId", agreement.getString("personId"), "monthlyAmount", agreement.getString("monthlyAmount"),
            "endsOn", agreement.getString("endsOn"), "status", agreement.getString("status")))).mapEmpty();
  }
}
