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
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;

/**
 * Public operations of suspense (暂收款), all for center staff: counter staff record an incoming payment that
 * matches no list, claim an item to a due list of the same amount or refund it to the payer; service staff list
 * the items. Writes are idempotent and audited in their own transaction.
 */
public final class SuspenseOperations extends KitOperations {

  private final Suspense suspense;

  public SuspenseOperations(Kit kit, FieldCipher fields) {
    super(kit);
    this.suspense = new Suspense(new PayeeAccounts(fields), kit.clock());
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "recordSuspensePayment", auth.require(idempotency.write("recordSuspensePayment", SessionAuth::callerKey,
            this::record)),
        "claimSuspenseItem", auth.require(idempotency.write("claimSuspenseItem", SessionAuth::callerKey, this::claim)),
        "refundSuspenseItem", auth.require(idempotency.write("refundSuspenseItem", SessionAuth::callerKey,
            this::refund)),
        "listSuspenseItems", auth.require(this::list));
  }

  private Future<Idempotency.Answer> record(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Supplements.refuse(Profiles.forbidden());
    }
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    Money amount = Money.parse(body.getString("amount"));
    LocalDate valueDate = LocalDate.parse(body.getString("valueDate"));
    if (!amount.isPositive()) {
      return Supplements.refuse(ContributionProblems.AMOUNT_INVALID);
    }
    if (!PayeeAccounts.isAccountNumber(body.getString("payerAccountNo"))) {
      return Supplements.refuse(ContributionProblems.PAYEE_ACCOUNT_INVALID);
    }
    if (valueDate.isAfter(BusinessTime.today(clock))) {
      return Supplements.refuse(ContributionProblems.SUSPENSE_VALUE_DATE_FUTURE);
    }
    return Funds.receivingAccount(conn, body.getString("receivingBank"))
        .compose(account -> suspense.record(conn, new Suspense.Receipt(body.getString("payerName").strip(),
            body.getString("payerBankCode"), body.getString("payerAccountNo"), amount, body.getString("reference"),
            valueDate, account)))
        .compose(item -> audited(conn, ctx, "recordSuspensePayment", item, Map.of("amount", item.getString("amount"),
            "payer", item.getString("payerAccountNo"))).map(v -> new Idempotency.Answer(201, item)));
  }

  private Future<Idempotency.Answer> claim(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Supplements.refuse(Profiles.forbidden());
    }
    var request = Requests.validated(ctx);
    String itemId = request.getPathParameters().get("itemId").getString();
    JsonObject body = request.getBody().getJsonObject();
    String month = body.getString("month");
    String supplementId = body.getString("supplementId");
    if ((month == null) == (supplementId == null)) {
      return Supplements.refuse(Problem.validation("month / supplementId：须且只能指定其一（汇缴月份或补缴清册）。",
          new JsonArray().add(new JsonObject().put("field", "month").put("in", "body").put("reason", "须与 supplementId 二选一"))));
    }
    Suspense.Target target = new Suspense.Target(body.getString("employerId"),
        month == null ? null : YearMonth.parse(month), supplementId);
    return suspense.claim(conn, itemId, target, BusinessTime.today(clock))
        .compose(item -> audited(conn, ctx, "claimSuspenseItem", item, Map.of("claimedTo", target.ref(),
            "amount", item.getString("amount"))).map(v -> new Idempotency.Answer(200, item)));
  }

  private Future<Idempotency.Answer> refund(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Supplements.refuse(Profiles.forbidden());
    }
    String itemId = Requests.validated(ctx).getPathParameters().get("itemId").getString();
    return suspense.refund(conn, itemId, BusinessTime.today(clock),
            SessionAuth.caller(ctx).subjectId())
        .compose(item -> audited(conn, ctx, "refundSuspenseItem", item, Map.of("amount", item.getString("amount"),
            "payer", item.getString("payerAccountNo"))).map(v -> new Idempotency.Answer(200, item)));
  }

  /** Service staff only (counter, reviewer, auditor): suspense belongs to no member or employer yet. */
  private void list(RoutingContext ctx) {
    Caller caller = SessionAuth.caller(ctx);
    // For a staff caller the shared rule answers whether it holds a service role.
    if (!caller.is(Caller.STAFF) || Profiles.refusal(caller, Caller.STAFF, caller.subjectId()) != null) {
      ctx.fail(new ProblemException(Profiles.forbidden()));
      return;
    }
    var query = Requests.validated(ctx).getQuery();
    String status = query.get("status") == null || query.get("status").isNull() ? "OPEN" : query.get("status").getString();
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 20 : query.get("size").getInteger();
    suspense.list(pool, status, page, size).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private Future<Void> audited(SqlConnection conn, RoutingContext ctx, String operation, JsonObject item,
                               Map<String, String> details) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "suspense:" + item.getString("itemId"), details))
        .mapEmpty();
  }
}
