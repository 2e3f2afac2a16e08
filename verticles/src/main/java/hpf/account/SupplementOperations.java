package hpf.account;

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
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Public operations of supplementary payment (补缴): the employer or counter staff create a list for past months
 * and may cancel it while due; counter staff record its payment (the stand-in for the bank's notification); the
 * employer and service staff read it. Writes are idempotent and audited in their own transaction.
 */
public final class SupplementOperations extends KitOperations {

  private final Employers employers;
  private final Supplements supplements = new Supplements(new Ledger());

  public SupplementOperations(Kit kit) {
    super(kit);
    this.employers = new Employers(kit.clock());
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "createSupplementaryPayment", auth.require(idempotency.write("createSupplementaryPayment",
            SessionAuth::callerKey, this::create)),
        "recordSupplementaryPayment", auth.require(idempotency.write("recordSupplementaryPayment",
            SessionAuth::callerKey, this::pay)),
        "cancelSupplementaryPayment", auth.require(idempotency.write("cancelSupplementaryPayment",
            SessionAuth::callerKey, this::cancel)),
        "getSupplementaryPayment", auth.requireOwner(Caller.EMPLOYER, this::read));
  }

  private Future<Idempotency.Answer> create(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Supplements.refuse(refused);
    }
    JsonObject body = request.getBody().getJsonObject();
    List<Supplements.Wanted> wanted = wanted(body.getJsonArray("lines"));
    String reason = body.getString("reason").strip();
    return employers.find(conn, employerId, true)
        // A deferred employer (缓缴) catches up on its months by 补缴; sealed and closed employers cannot.
        .compose(employer -> !"01".equals(employer.status()) && !"03".equals(employer.status())
            ? Supplements.<JsonObject>refuse(AccountProblems.EMPLOYER_NOT_NORMAL)
            : supplements.create(conn, employer, reason, wanted))
        .compose(list -> record(conn, ctx, "createSupplementaryPayment", list,
            Map.of("total", list.getString("total"))).map(v -> new Idempotency.Answer(201, list)));
  }

  private Future<Idempotency.Answer> pay(RoutingContext ctx, SqlConnection conn) {
    if (!Profiles.isCounterStaff(SessionAuth.caller(ctx))) {
      return Supplements.refuse(Profiles.forbidden());
    }
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    String supplementId = request.getPathParameters().get("supplementId").getString();
    Money amount = Money.parse(request.getBody().getJsonObject().getString("amount"));
    return Funds.receivingAccount(conn, request.getBody().getJsonObject().getString("receivingBank"))
        .compose(account -> supplements.pay(conn, employerId, supplementId, Funds.received(amount, account),
            BusinessTime.today(clock)))
        .compose(list -> record(conn, ctx, "recordSupplementaryPayment", list, Map.of("amount", amount.toString()))
            .map(v -> new Idempotency.Answer(200, list)));
  }

  private Future<Idempotency.Answer> cancel(RoutingContext ctx, SqlConnection conn) {
    var request = Requests.validated(ctx);
    String employerId = request.getPathParameters().get("employerId").getString();
    Problem refused = Profiles.writeRefusal(SessionAuth.caller(ctx), Caller.EMPLOYER, employerId);
    if (refused != null) {
      return Supplements.refuse(refused);
    }
    String supplementId = request.getPathParameters().get("supplementId").getString();
    return supplements.cancel(conn, employerId, supplementId)
        .compose(list -> record(conn, ctx, "cancelSupplementaryPayment", list, Map.of()))
        .map(list -> new Idempotency.Answer(200, list));
  }

  private void read(RoutingContext ctx, String employerId) {
    String supplementId = Requests.validated(ctx).getPathParameters().get("supplementId").getString();
    supplements.read(pool, employerId, supplementId).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** The lines asked for; an account or a month of one account named twice is a validation error. */
  private static List<Supplements.Wanted> wanted(JsonArray lines) {
    List<Supplements.Wanted> out = new ArrayList<>();
    Set<String> accounts = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonObject line = lines.getJsonObject(i);
      Set<YearMonth> months = new java.util.TreeSet<>();
      for (Object month : line.getJsonArray("months")) {
        if (!months.add(YearMonth.parse((String) month))) {
          throw duplicate("lines[" + i + "].months", "同一职工的补缴月份不能重复。");
        }
      }
      if (!accounts.add(line.getString("accountNo"))) {
        throw duplicate("lines[" + i + "].accountNo", "同一职工只能列一行，月份列在该行的 months 中。");
      }
      out.add(new Supplements.Wanted(line.getString("accountNo"), List.copyOf(months)));
    }
    return out;
  }

  private static ProblemException duplicate(String field, String detail) {
    return new ProblemException(Problem.validation(field + "：" + detail, new JsonArray()
        .add(new JsonObject().put("field", field).put("in", "body").put("reason", "重复"))));
  }

  private Future<JsonObject> record(SqlConnection conn, RoutingContext ctx, String operation, JsonObject list,
                                    Map<String, String> details) {
    Map<String, String> all = new java.util.HashMap<>(details);
    all.put("employerId", list.getString("employerId"));
    return audit.append(conn, SessionAuth.audited(ctx, operation, "supplement:" + list.getString("supplementId"), all))
        .map(v -> list);
  }
}
