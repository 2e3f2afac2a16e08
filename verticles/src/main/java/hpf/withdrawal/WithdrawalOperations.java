package hpf.withdrawal;

import hpf.account.BankCards;
import hpf.crypto.FieldCipher;
import hpf.identity.Caller;
import hpf.identity.Identifiers;
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
import java.util.List;
import java.util.Map;

/**
 * Public withdrawal operations: the member itself (through any channel) or counter staff apply and cancel; the
 * member and service staff follow the progress. Writes are idempotent and audited in their own transaction.
 */
public final class WithdrawalOperations extends KitOperations {

  private final Withdrawals withdrawals;

  public WithdrawalOperations(Kit kit, Verification verification, FieldCipher fields) {
    super(kit);
    this.withdrawals = new Withdrawals(verification, fields);
  }

  /** The encrypted columns of this room, for key rotation. */
  public static java.util.List<hpf.kit.EncryptedColumn> encryptedColumns() {
    return WithdrawalRecords.encryptedColumns();
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "applyWithdrawal", auth.require(idempotency.write("applyWithdrawal", SessionAuth::callerKey,
            this::verified, this::apply)),
        "cancelWithdrawal", auth.require(idempotency.write("cancelWithdrawal", SessionAuth::callerKey,
            this::cancel)),
        "listWithdrawals", auth.requireOwner(Caller.MEMBER, this::list),
        "getWithdrawal", auth.requireOwner(Caller.MEMBER, this::get));
  }

  /** An application as asked and what the data sources said about it, before its transaction. */
  private record Verified(Withdrawals.Request request, List<Verification.Check> checks) {}

  /** The request's own refusals, then the platform's rules and the sources (no connection held meanwhile). */
  private Future<Verified> verified(RoutingContext ctx) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    JsonObject body = request.getBody().getJsonObject();
    WithdrawalReasons.Reason reason = WithdrawalReasons.of(body.getString("reason"));
    if (reason == null) {
      return Withdrawals.refuse(WithdrawalProblems.REASON_UNSUPPORTED);
    }
    var app = Requests.caller(ctx);
    // Counter limits assume staff who check the materials in person; a member's own session there gets none.
    if ("COUNTER".equals(app.kind()) && !Profiles.isCounterStaff(caller)) {
      return Withdrawals.refuse(WithdrawalProblems.CHANNEL_NOT_ALLOWED);
    }
    if (reason.counterOnly() && !Profiles.isCounterStaff(caller)) {
      return Withdrawals.refuse(WithdrawalProblems.COUNTER_ONLY);
    }
    Problem invalid = invalidRequest(reason, body);
    if (invalid != null) {
      return Withdrawals.refuse(invalid);
    }
    Money amount = reason.closing() ? null : Money.parse(body.getString("amount"));
    var application = new Withdrawals.Request(personId, reason.code(), amount, app.id(), app.kind(),
        details(reason, body), heir(body));
    return withdrawals.verify(pool, application, BusinessTime.today(clock))
        .map(checks -> new Verified(application, checks));
  }

  private Future<Idempotency.Answer> apply(RoutingContext ctx, SqlConnection conn, Verified verified) {
    return withdrawals.apply(conn, verified.request(), verified.checks(), BusinessTime.today(clock))
        .compose(application -> record(conn, ctx, "applyWithdrawal", application)
            .map(v -> new Idempotency.Answer(202, application)));
  }

  /**
   * What the reason needs from the request beyond the schema: amount or not, the home, the loan, the building or
   * repair, the illness (given for its own reason only), the heir.
   */
  private static Problem invalidRequest(WithdrawalReasons.Reason reason, JsonObject body) {
    if (reason.closing() == body.containsKey("amount")) {
      return reason.closing() ? WithdrawalProblems.CLOSING_AMOUNT_GIVEN : WithdrawalProblems.AMOUNT_INVALID;
    }
    if (!reason.closing() && !Money.parse(body.getString("amount")).isPositive()) {
      return WithdrawalProblems.AMOUNT_INVALID;
    }
    JsonObject home = body.getJsonObject("home");
    if (WithdrawalReasons.PURCHASE.equals(reason.code())
        && (home == null || !home.containsKey("contractNo") || !home.containsKey("totalPrice")
            || !Money.parse(home.getString("totalPrice")).isPositive())) {
      return WithdrawalProblems.DETAILS_REQUIRED;
    }
    if (WithdrawalReasons.LOAN_REPAYMENT.equals(reason.code()) && body.getString("loanContractNo") == null) {
      return WithdrawalProblems.DETAILS_REQUIRED;
    }
    if (WithdrawalReasons.BUILD_REPAIR.equals(reason.code()) != body.containsKey("construction")
        || WithdrawalReasons.ILLNESS.equals(reason.code()) != body.containsKey("illness")) {
      return WithdrawalProblems.DETAILS_REQUIRED;
    }
    JsonObject construction = body.getJsonObject("construction");
    if (construction != null && (construction.getString("certificateNo").isBlank()
        || !Money.parse(construction.getString("cost")).isPositive())) {
      return WithdrawalProblems.DETAILS_REQUIRED;
    }
    JsonObject illness = body.getJsonObject("illness");
    if (illness != null && !Money.parse(illness.getString("expenses")).isPositive()) {
      return WithdrawalProblems.DETAILS_REQUIRED;
    }
    JsonObject heir = body.getJsonObject("heir");
    if (WithdrawalReasons.DEATH.equals(reason.code()) != (heir != null)) {
      return WithdrawalProblems.HEIR_INVALID;
    }
    if (heir != null && (!Identifiers.isIdNumber(heir.getString("idNumber"))
        || !BankCards.isCardNumber(heir.getString("cardNumber")))) {
      return WithdrawalProblems.HEIR_INVALID;
    }
    return null;
  }

  /** The declared facts kept with the application: never identifiers or account numbers. */
  private static JsonObject details(WithdrawalReasons.Reason reason, JsonObject body) {
    JsonObject details = new JsonObject();
    if (WithdrawalReasons.PURCHASE.equals(reason.code())) {
      JsonObject home = body.getJsonObject("home");
      // Upper-cased, so "wq-1" and "WQ-1" are one home for the price limit.
      details.put("contractNo", home.getString("contractNo").toUpperCase(java.util.Locale.ROOT))
          .put("totalPrice", Money.parse(home.getString("totalPrice")).toString());
    }
    if (WithdrawalReasons.LOAN_REPAYMENT.equals(reason.code())) {
      details.put("loanContractNo", body.getString("loanContractNo"));
    }
    if (WithdrawalReasons.BUILD_REPAIR.equals(reason.code())) {
      JsonObject construction = body.getJsonObject("construction");
      // One spelling per certificate, so one home is one home for the cost limit and the registry's check.
      details.put("kind", construction.getString("kind"))
          .put("certificateNo", SourceVerdicts.certificateKey(construction.getString("certificateNo")))
          .put("cost", Money.parse(construction.getString("cost")).toString());
    }
    if (WithdrawalReasons.ILLNESS.equals(reason.code())) {
      JsonObject illness = body.getJsonObject("illness");
      details.put("patient", illness.getString("patient"))
          .put("expenses", Money.parse(illness.getString("expenses")).toString());
    }
    return details;
  }

  private static Withdrawals.Heir heir(JsonObject body) {
    JsonObject heir = body.getJsonObject("heir");
    return heir == null ? null : new Withdrawals.Heir(heir.getString("name"),
        Identifiers.normalizeIdNumber(heir.getString("idNumber")), heir.getString("bankCode"), heir.getString("cardNumber"));
  }

  private Future<Idempotency.Answer> cancel(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String applicationId = request.getPathParameters().get("applicationId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    return withdrawals.cancel(conn, personId, applicationId, BusinessTime.today(clock))
        .compose(application -> record(conn, ctx, "cancelWithdrawal", application)
            .map(v -> new Idempotency.Answer(200, application)));
  }

  private void list(RoutingContext ctx, String personId) {
    WithdrawalRecords.list(pool, personId)
        .onSuccess(items -> {
          items.forEach(item -> forCaller(ctx, (JsonObject) item));
          ctx.json(new JsonObject().put("personId", personId).put("items", items));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx, String personId) {
    String applicationId = Requests.validated(ctx).getPathParameters().get("applicationId").getString();
    WithdrawalRecords.one(pool, personId, applicationId).onSuccess(a -> ctx.json(forCaller(ctx, a))).onFailure(ctx::fail);
  }

  /** Members see each review's step, decision and time, not who reviewed nor the internal comment. */
  private static JsonObject forCaller(RoutingContext ctx, JsonObject application) {
    if (!SessionAuth.caller(ctx).is(Caller.STAFF)) {
      application.getJsonArray("reviews").forEach(r -> {
        ((JsonObject) r).remove("staffId");
        ((JsonObject) r).remove("comment");
      });
    }
    return application;
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, JsonObject application) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "withdrawal:" + application.getString("applicationId"),
        Map.of("personId", application.getString("personId"), "reason", application.getString("reason"),
            "amount", application.getString("amount"), "status", application.getString("status")))).mapEmpty();
  }
}
