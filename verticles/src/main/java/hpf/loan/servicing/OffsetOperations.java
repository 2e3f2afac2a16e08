package hpf.loan.servicing;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * The borrower (or counter staff with the borrower) signs, changes and ends the offset repayment agreement of an
 * active loan through the channels; idempotent writes, audited in their own transaction.
 */
final class OffsetOperations extends KitOperations {

  private final OffsetAgreements agreements = new OffsetAgreements();

  OffsetOperations(Kit kit) {
    super(kit);
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "signLoanOffsetAgreement", auth.require(idempotency.write("signLoanOffsetAgreement", SessionAuth::callerKey,
            this::sign)),
        "endLoanOffsetAgreement", auth.require(idempotency.write("endLoanOffsetAgreement", SessionAuth::callerKey,
            this::end)));
  }

  private Future<Idempotency.Answer> sign(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String contractId = request.getPathParameters().get("contractId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    boolean counter = caller.is(Caller.STAFF);
    return agreements.sign(conn, personId, contractId, body.getString("payerPersonId"),
            "FUND_FIRST".equals(body.getString("order")), caller.kind() + ":" + caller.subjectId(),
            Requests.caller(ctx).kind(), counter, OffsetDateTime.now(clock))
        .map(OffsetAgreements.Agreement::toJson)
        .compose(agreement -> audited(conn, ctx, "signLoanOffsetAgreement", agreement)
            .map(v -> new Idempotency.Answer(201, agreement)));
  }

  private Future<Idempotency.Answer> end(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String contractId = request.getPathParameters().get("contractId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    return agreements.end(conn, personId, contractId, caller.kind() + ":" + caller.subjectId(),
            OffsetDateTime.now(clock))
        .compose(agreement -> audited(conn, ctx, "endLoanOffsetAgreement", agreement)
            .map(v -> new Idempotency.Answer(200, agreement)));
  }

  private Future<Void> audited(SqlConnection conn, RoutingContext ctx, String operation, JsonObject agreement) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "loan-contract:" + agreement.getString("contractId"),
        Map.of("payerPersonId", agreement.getString("payerPersonId"), "order", agreement.getString("order")))).mapEmpty();
  }
}
