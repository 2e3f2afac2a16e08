package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Money;
import hpf.kit.Requests;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;

/**
 * Public operations of overpayment refunds (多缴退款): counter staff refund part of what was paid for a member
 * and month to the employer's bank account; the employer and service staff see the refund history with the state
 * of each payment. The write is idempotent and audited in its own transaction.
 */
public final class RefundOperations extends KitOperations {

  private final ContributionRefunds refunds;

  public RefundOperations(Kit kit, FieldCipher fields) {
    super(kit);
    this.refunds = new ContributionRefunds(new PayeeAccounts(fields));
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "refundContribution", auth.require(idempotency.write("refundContribution", SessionAuth::callerKey,
            this::refund)),
        "listContributionRefunds", auth.requireOwner(Caller.EMPLOYER, this::list));
  }

  private Future<Idempotency.Answer> refund(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Supplements.refuse(Profiles.forbidden());
    }
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    JsonObject body = request.getBody().getJsonObject();
    Money amount = Money.parse(body.getString("amount"));
    if (!amount.isPositive()) {
      return Supplements.refuse(ContributionProblems.AMOUNT_INVALID);
    }
    JsonObject payee = body.getJsonObject("payee");
    if (!PayeeAccounts.isAccountNumber(payee.getString("accountNo"))) {
      return Supplements.refuse(ContributionProblems.PAYEE_ACCOUNT_INVALID);
    }
    var wanted = new ContributionRefunds.Request(employerId, body.getString("accountNo"),
        YearMonth.parse(body.getString("month")), amount, body.getString("reason").strip(), payee.getString("bankCode"),
        payee.getString("accountName").strip(), payee.getString("accountNo"), SessionAuth.caller(ctx).subjectId());
    return refunds.refund(conn, wanted, BusinessTime.today(clock))
        .compose(refund -> audit.append(conn, SessionAuth.audited(ctx, "refundContribution",
                "refund:" + refund.getString("refundId"), Map.of("employerId", employerId,
                    "accountNo", refund.getString("accountNo"), "month", refund.getString("month"),
                    "amount", refund.getString("amount"), "payee", refund.getString("payeeAccountNo"))))
            .map(v -> new Idempotency.Answer(201, refund)));
  }

  private void list(RoutingContext ctx, String employerId) {
    new Employers(clock).find(pool, employerId, false)
        .compose(employer -> refunds.list(pool, employerId, null))
        .onSuccess(items -> ctx.json(new JsonObject().put("employerId", employerId).put("items", items)))
        .onFailure(ctx::fail);
  }
}
