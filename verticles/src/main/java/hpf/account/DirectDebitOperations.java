package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Idempotency;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.YearMonth;
import java.util.Map;

/**
 * Public operations of direct debit (委托收款): the employer itself or counter staff sign, replace and revoke the
 * authorisation, and ask the center to collect a due list or call the collection off; the employer and service
 * staff read the authorisation (account masked). Writes are idempotent and audited.
 */
public final class DirectDebitOperations extends KitOperations {

  private final DirectDebits debits;

  public DirectDebitOperations(Kit kit, FieldCipher fields) {
    super(kit);
    this.debits = new DirectDebits(new PayeeAccounts(fields), kit.clock());
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getDirectDebitAuthorization", auth.requireOwner(Caller.EMPLOYER,
            (ctx, employerId) -> debits.current(pool, employerId).onSuccess(ctx::json).onFailure(ctx::fail)),
        "setDirectDebitAuthorization", write("setDirectDebitAuthorization", this::authorize),
        "revokeDirectDebitAuthorization", write("revokeDirectDebitAuthorization",
            (ctx, conn, employerId) -> debits.revoke(conn, employerId, actor(ctx)).map(a -> new Idempotency.Answer(200, a))),
        "requestRemittanceCollection", write("requestRemittanceCollection",
            (ctx, conn, employerId) -> debits.collect(conn, employerId, month(ctx)).map(l -> new Idempotency.Answer(202, l))),
        "cancelRemittanceCollection", write("cancelRemittanceCollection",
            (ctx, conn, employerId) -> debits.cancel(conn, employerId, month(ctx)).map(l -> new Idempotency.Answer(200, l))));
  }

  /** A write on an employer's behalf: the employer itself or counter staff; idempotent; audited with its target. */
  private interface EmployerWrite {
    Future<Idempotency.Answer> apply(RoutingContext ctx, SqlConnection conn, String employerId);
  }

  private Handler<RoutingContext> write(String operation, EmployerWrite work) {
    return auth.require(idempotency.write(operation, SessionAuth::callerKey, (ctx, conn) -> {
      String employerId = Requests.validated(ctx).getPathParameters().get("employerId").getString();
      Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.EMPLOYER, employerId);
      if (refused != null) {
        return Future.failedFuture(new ProblemException(refused));
      }
      return work.apply(ctx, conn, employerId)
          .compose(answer -> audit.append(conn, SessionAuth.audited(ctx, operation, "employer:" + employerId,
                  Map.of("result", String.valueOf(answer.body().getValue("status", answer.body().getValue("active"))))))
              .map(v -> answer));
    }));
  }

  private Future<Idempotency.Answer> authorize(RoutingContext ctx, SqlConnection conn, String employerId) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String number = body.getString("accountNumber");
    if (!PayeeAccounts.isAccountNumber(number)) {
      return Future.failedFuture(new ProblemException(ContributionProblems.PAYEE_ACCOUNT_INVALID));
    }
    return debits.authorize(conn, employerId, body.getString("bankCode"), body.getString("accountName"), number, actor(ctx))
        .map(authorization -> new Idempotency.Answer(200, authorization));
  }

  private static String actor(RoutingContext ctx) {
    Caller caller = SessionAuth.caller(ctx);
    return caller.kind().toLowerCase(java.util.Locale.ROOT) + ":" + caller.subjectId();
  }

  private static YearMonth month(RoutingContext ctx) {
    return YearMonth.parse(Requests.validated(ctx).getPathParameters().get("month").getString());
  }
}
