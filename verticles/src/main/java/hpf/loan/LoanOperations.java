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
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.Set;

/**
 * Public loan application operations: the member itself through the online hall, the app or a mini-program, or
 * counter staff for a member, apply, cancel before approval and resubmit after a return; the member and service staff
 * follow the application. A member reaches only its own applications. Writes are idempotent and audited in their
 * own transaction; the sources are asked before it.
 */
final class LoanOperations extends KitOperations {

  /** The kinds of channel app that take loan applications (the counter only through its staff). */
  private static final Set<String> CHANNELS = Set.of("ONLINE_HALL", "MOBILE_APP", "MINI_PROGRAM", "COUNTER");

  private final LoanApplications applications;
  private final LoanCorrections corrections;
  private final LoanRecords records;

  LoanOperations(Kit kit, LoanApplications applications, LoanCorrections corrections, LoanRecords records) {
    super(kit);
    this.applications = applications;
    this.corrections = corrections;
    this.records = records;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "applyLoan", auth.require(idempotency.write("applyLoan", SessionAuth::callerKey, this::prepareApplication,
            this::apply)),
        "resubmitLoanApplication", auth.require(idempotency.write("resubmitLoanApplication", SessionAuth::callerKey,
            this::prepareResubmission, this::resubmit)),
        "cancelLoanApplication", auth.require(idempotency.write("cancelLoanApplication", SessionAuth::callerKey,
            this::cancel)),
        "listMyLoanApplications", auth.requireOwner(Caller.MEMBER, this::list),
        "getLoanApplication", auth.requireOwner(Caller.MEMBER, this::get));
  }

  /** Who may write for the member in the path, through which channel; the refusal or null. */
  private static Problem refusal(RoutingContext ctx, String personId) {
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.MEMBER, personId);
    if (refused != null) {
      return refused;
    }
    String kind = Requests.caller(ctx).kind();
    // At the counter the staff check the applicant and the materials in person; a member's own session there gets none.
    return !CHANNELS.contains(kind) || "COUNTER".equals(kind) && !Profiles.isCounterStaff(caller)
        ? LoanProblems.CHANNEL_NOT_ALLOWED : null;
  }

  private Future<LoanApplications.Prepared> prepareApplication(RoutingContext ctx) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    Problem refused = refusal(ctx, personId);
    if (refused != null) {
      return LoanProblems.refuse(refused);
    }
    var app = Requests.caller(ctx);
    LoanRequest application = LoanRequest.from(personId, request.getBody().getJsonObject(), app.id(), app.kind(),
        actor(ctx));
    Problem invalid = application.invalid();
    return invalid != null ? LoanProblems.refuse(invalid)
        : applications.prepare(application, BusinessTime.today(clock));
  }

  private Future<Idempotency.Answer> apply(RoutingContext ctx, SqlConnection conn, LoanApplications.Prepared p) {
    Caller caller = SessionAuth.caller(ctx);
    return applications.apply(conn, p, caller.is(Caller.STAFF) ? caller.subjectId() : null)
        .compose(a -> record(conn, ctx, "applyLoan", a).map(v -> new Idempotency.Answer(202, a)));
  }

  private Future<LoanApplications.Prepared> prepareResubmission(RoutingContext ctx) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String id = request.getPathParameters().get("applicationId").getString();
    Problem refused = refusal(ctx, personId);
    if (refused != null) {
      return LoanProblems.refuse(refused);
    }
    LoanRequest.Terms corrected = LoanRequest.Terms.from(request.getBody().getJsonObject());
    Problem invalid = corrected.invalid();
    return invalid != null ? LoanProblems.refuse(invalid)
        : corrections.prepareResubmission(personId, id, corrected, actor(ctx), BusinessTime.today(clock));
  }

  private Future<Idempotency.Answer> resubmit(RoutingContext ctx, SqlConnection conn, LoanApplications.Prepared p) {
    return corrections.resubmit(conn, p)
        .compose(a -> record(conn, ctx, "resubmitLoanApplication", a).map(v -> new Idempotency.Answer(202, a)));
  }

  private Future<Idempotency.Answer> cancel(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String personId = request.getPathParameters().get("personId").getString();
    String id = request.getPathParameters().get("applicationId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.MEMBER, personId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    return corrections.cancel(conn, personId, id)
        .compose(a -> record(conn, ctx, "cancelLoanApplication", a).map(v -> new Idempotency.Answer(200, a)));
  }

  private void list(RoutingContext ctx, String personId) {
    records.list(pool, personId)
        .onSuccess(items -> ctx.json(new JsonObject().put("personId", personId).put("items", items)))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx, String personId) {
    String id = Requests.validated(ctx).getPathParameters().get("applicationId").getString();
    records.one(pool, personId, id).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static String actor(RoutingContext ctx) {
    Caller caller = SessionAuth.caller(ctx);
    return caller.kind() + ":" + caller.subjectId();
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, JsonObject application) {
    String target = "loan-application:" + application.getString("applicationId");
    return audit.append(conn, SessionAuth.audited(ctx, operation, target,
        Map.of("personId", application.getString("personId"), "amount", application.getString("amount"),
            "termMonths", String.valueOf(application.getInteger("termMonths")),
            "state", application.getString("state")))).mapEmpty();
  }
}
