package hpf.loan;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Loan contract operations: the borrower (or counter staff with the borrower) signs the contract of an approved
 * application; counter staff check the mortgage pre-registration and ask for the disbursement, which a reviewer
 * releases (releaseInstruction) before the bank is paid. The member reads its own contracts. Writes are
 * idempotent and audited in their own transaction.
 */
final class LoanContractOperations extends KitOperations {

  private final LoanContracts contracts;
  private final LoanPreRegistration preRegistration;
  private final LoanDisbursements disbursements;
  private final LoanContractMetrics metrics;
  private final Summary servicing;

  /** What an active loan owes and how its installments stand (hpf.loan.servicing); null before it is active. */
  @FunctionalInterface
  interface Summary {
    Future<JsonObject> of(SqlClient sql, String contractId, LocalDate asOf);
  }

  LoanContractOperations(Kit kit, LoanContracts contracts, LoanPreRegistration preRegistration,
                         LoanDisbursements disbursements, LoanContractMetrics metrics, Summary servicing) {
    super(kit);
    this.contracts = contracts;
    this.preRegistration = preRegistration;
    this.disbursements = disbursements;
    this.metrics = metrics;
    this.servicing = servicing;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "signLoanContract", auth.require(idempotency.write("signLoanContract", SessionAuth::callerKey, this::sign)),
        "getLoanContract", auth.requireOwner(Caller.MEMBER, this::get),
        "listMyLoanContracts", auth.requireOwner(Caller.MEMBER, this::list),
        "checkLoanPreRegistration", auth.require(idempotency.write("checkLoanPreRegistration",
            SessionAuth::callerKey, this::prepareCheck, this::check)),
        "requestLoanDisbursement", auth.require(idempotency.write("requestLoanDisbursement", SessionAuth::callerKey,
            this::disburse)));
  }

  private Future<Idempotency.Answer> sign(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String applicationId = request.getPathParameters().get("applicationId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    LoanContracts.Signing signing = new LoanContracts.Signing(applicationId, personId,
        LoanContracts.Payee.from(request.getBody().getJsonObject()), actor(caller), Requests.caller(ctx).kind());
    return contracts.sign(conn, signing, BusinessTime.today(clock), OffsetDateTime.now(clock))
        .compose(contractId -> LoanContractViews.one(conn, contractId, personId))
        .compose(contract -> audited(conn, ctx, "signLoanContract", contract).map(v -> new Idempotency.Answer(201, contract)));
  }

  private void get(RoutingContext ctx, String personId) {
    String contractId = Requests.validated(ctx).getPathParameters().get("contractId").getString();
    LoanContractViews.one(pool, contractId, personId)
        .compose(contract -> servicing.of(pool, contractId, BusinessTime.today(clock))
            .map(summary -> summary == null ? contract : contract.put("servicing", summary)))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx, String personId) {
    LoanContractViews.list(pool, personId)
        .onSuccess(items -> ctx.json(new JsonObject().put("personId", personId).put("items", items)))
        .onFailure(ctx::fail);
  }

  /** The registry is asked before the transaction; only counter staff check it. */
  private Future<LoanPreRegistration.Found> prepareCheck(RoutingContext ctx) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Future.failedFuture(new ProblemException(Profiles.forbidden()));
    }
    return preRegistration.ask(contractId(ctx));
  }

  private Future<Idempotency.Answer> check(RoutingContext ctx, SqlConnection conn, LoanPreRegistration.Found found) {
    String contractId = contractId(ctx);
    return preRegistration.record(conn, contractId, found, actor(SessionAuth.caller(ctx)), OffsetDateTime.now(clock))
        .compose(number -> LoanContractViews.one(conn, contractId, null))
        .compose(contract -> audited(conn, ctx, "checkLoanPreRegistration", contract)
            .map(v -> new Idempotency.Answer(200, contract)));
  }

  private Future<Idempotency.Answer> disburse(RoutingContext ctx, SqlConnection conn) {
    Caller caller = SessionAuth.caller(ctx);
    if (!Profiles.isCounterStaff(caller)) {
      return Future.failedFuture(new ProblemException(Profiles.forbidden()));
    }
    String contractId = contractId(ctx);
    return disbursements.request(conn, contractId, caller.subjectId(), BusinessTime.today(clock),
            OffsetDateTime.now(clock))
        .compose(instruction -> LoanContractViews.one(conn, contractId, null)
            .map(contract -> contract.put("instructionId", instruction.toString())))
        .compose(contract -> audited(conn, ctx, "requestLoanDisbursement", contract).map(v -> {
          metrics.disbursement(conn, "REQUESTED");
          return new Idempotency.Answer(202, contract);
        }));
  }

  private static String contractId(RoutingContext ctx) {
    return Requests.validated(ctx).getPathParameters().get("contractId").getString();
  }

  private static String actor(Caller caller) {
    return caller.kind() + ":" + caller.subjectId();
  }

  /** The answer carries the signed document; the audit record keeps the facts, not the document. */
  private Future<Void> audited(SqlConnection conn, RoutingContext ctx, String operation, JsonObject contract) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, "loan-contract:" + contract.getString("contractId"),
        Map.of("personId", contract.getString("personId"), "principal", contract.getString("principal"),
            "state", contract.getString("state")))).mapEmpty();
  }
}
