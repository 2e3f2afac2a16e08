package hpf.loan.servicing;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;

/**
 * Payoff through the channels: the day's quote, the payoff from the fund or the card (idempotent, audited), and the
 * payoff certificate of a settled loan. The borrower, or staff serving the borrower.
 */
final class PayoffOperations extends KitOperations {

  private final Payoffs payoffs;
  private final SettlementCertificates certificates;

  PayoffOperations(Kit kit, Payoffs payoffs, SettlementCertificates certificates) {
    super(kit);
    this.payoffs = payoffs;
    this.certificates = certificates;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getLoanPayoffQuote", auth.requireOwner(Caller.MEMBER, this::quote),
        "payOffLoan", auth.require(idempotency.write("payOffLoan", SessionAuth::callerKey, this::payOff)),
        "getLoanSettlementCertificate", auth.requireOwner(Caller.MEMBER, this::certificate));
  }

  private void quote(RoutingContext ctx, String personId) {
    String contractId = Requests.validated(ctx).getPathParameters().get("contractId").getString();
    Payoffs.quote(pool, personId, contractId, BusinessTime.today(clock))
        .onSuccess(quote -> ctx.json(quote.toJson().put("contractId", contractId))).onFailure(ctx::fail);
  }

  private void certificate(RoutingContext ctx, String personId) {
    String contractId = Requests.validated(ctx).getPathParameters().get("contractId").getString();
    certificates.of(personId, contractId).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private Future<Idempotency.Answer> payOff(RoutingContext ctx, SqlConnection conn) {
    Receipts.Source source = Receipts.Source.valueOf(Requests.validated(ctx).getBody().getJsonObject()
        .getString("source"));
    String contractId = Requests.validated(ctx).getPathParameters().get("contractId").getString();
    return BorrowerWrite.of(ctx)
        .compose(w -> payoffs.request(conn, w.personId(), w.contractId(), source, w.actor(), BusinessTime.today(clock)))
        .compose(payoff -> audit.append(conn, SessionAuth.audited(ctx, "payOffLoan", "loan-contract:" + contractId,
                Map.of("source", source.name(), "state", payoff.getString("state"),
                    "amount", payoff.getJsonObject("quote").getString("total"))))
            .map(seq -> new Idempotency.Answer("SETTLED".equals(payoff.getString("state")) ? 201 : 202, payoff)));
  }
}
