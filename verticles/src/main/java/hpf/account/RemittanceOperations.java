package hpf.account;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.KitOperations;
import hpf.identity.Profiles;
import hpf.identity.SessionAuth;
import hpf.kit.Idempotency;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Public operations of monthly remittance (汇缴): the employer or counter staff create the month's list;
 * counter staff record its payment (the stand-in until bank notifications arrive with settlement); the
 * employer and service staff read a list. Writes are idempotent and audited in their own transaction.
 */
public final class RemittanceOperations extends KitOperations {


  private final Employers employers;
  private final Remittances remittances;

  public RemittanceOperations(Kit kit) {
    super(kit);
    this.employers = new Employers(kit.clock());
    this.remittances = new Remittances(new Ledger(), kit.clock());
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "createRemittance", auth.require(idempotency.write("createRemittance", SessionAuth::callerKey, this::create)),
        "recordRemittancePayment", auth.require(idempotency.write("recordRemittancePayment",
            SessionAuth::callerKey, this::pay)),
        "getRemittance", auth.requireOwner(Caller.EMPLOYER, this::read));
  }

  private Future<Idempotency.Answer> create(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    Caller caller = SessionAuth.caller(ctx);
    Problem refused = Profiles.writeRefusal(caller, Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Future.failedFuture(new ProblemException(refused));
    }
    YearMonth month = month(request.getBody().getJsonObject().getString("month"));
    // The employer row is locked: two lists for one employer are created one after the other.
    return conn.preparedQuery("SELECT 1 FROM employer WHERE employer_id = $1 FOR UPDATE")
        .execute(io.vertx.sqlclient.Tuple.of(employerId))
        .compose(v -> EmployerStatuses.refuseNewRemittance(conn, employerId, month, clock))
        .compose(v -> employers.find(conn, employerId, false))
        .compose(employer -> !"01".equals(employer.status())
            ? Future.failedFuture(new ProblemException(AccountProblems.EMPLOYER_NOT_NORMAL))
            : remittances.create(conn, employer, month))
        .compose(list -> record(conn, ctx, "createRemittance", "remittance:" + employerId + ":" + month,
            Map.of("total", list.getString("total"))).map(v -> new Idempotency.Answer(201, list)));
  }

  private Future<Idempotency.Answer> pay(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Future.failedFuture(new ProblemException(Profiles.forbidden()));
    }
    String employerId = request.getPathParameters().get("employerId").getString();
    YearMonth month = month(request.getPathParameters().get("month").getString());
    Money amount = Money.parse(request.getBody().getJsonObject().getString("amount"));
    return Funds.receivingAccount(conn, request.getBody().getJsonObject().getString("receivingBank"))
        .compose(account -> remittances.pay(conn, employerId, month, Funds.received(amount, account)))
        .compose(list -> record(conn, ctx, "recordRemittancePayment", "remittance:" + employerId + ":" + month,
            Map.of("amount", amount.toString())).map(v -> new Idempotency.Answer(200, list)));
  }

  private void read(RoutingContext ctx, String employerId) {
    var request = Requests.validated(ctx);
    YearMonth month = month(request.getPathParameters().get("month").getString());
    pool.withConnection(conn -> remittances.read(conn, employerId, month)).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static YearMonth month(String text) {
    try {
      return YearMonth.parse(text);
    } catch (DateTimeParseException e) {
      throw new ProblemException(Problem.validation("month：应为 yyyy-MM 格式的月份。", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("field", "month").put("in", "body").put("reason", "格式不正确"))));
    }
  }

  private Future<Void> record(SqlConnection conn, RoutingContext ctx, String operation, String target,
                              Map<String, String> details) {
    return audit.append(conn, SessionAuth.audited(ctx, operation, target, details)).mapEmpty();
  }
}
