package hpf.loan.servicing;

import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.SessionAuth;
import hpf.kit.Idempotency;
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
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    return BorrowerWrite.of(ctx)
        .compose(w -> agreements.sign(conn, w.personId(), w.contractId(), body.getString("payerPersonId"),
            "FUND_FIRST".equals(body.getString("order")), w.actor(), Requests.caller(ctx).kind(), w.staff(),
            OffsetDateTime.now(clock)))
        .map(OffsetAgreements.Agreement::toJson)
        .compose(agreement -> audited(conn, ctx, "signLoanOffsetAgreement", agreement)
            .map(v -> new Idempotency.Answer(201, agreement)));
  }

  private Future<Idempotency.Answer> end(RoutingContext ctx, SqlConnection conn) {
    return BorrowerWrite.of(ctx)
        .compose(w -> agreements.end(conn, w.personId(), w.contractId(), w.actor(), OffsetDateTime.now(clock)))
        .compose(agreement -> audited(conn, ctx, "endLoanOffsetAgreement", agreement)
            .map(v -> new Idempotency.Answer(200, agreement)));
  }

  private Future<Void> audited(SqlConnection conn, RoutingContext ctx, String operation, JsonObject agreement) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "loan-contract:" + agreement.getString("contractId"),
        Map.of("payerPersonId", agreement.getString("payerPersonId"), "order", agreement.getString("order")))).mapEmpty();
  }
}
