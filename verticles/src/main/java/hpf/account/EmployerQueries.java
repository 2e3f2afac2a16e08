package hpf.account;

import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.People;
import hpf.identity.SessionAuth;
import hpf.kit.Money;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What an employer sees of itself (单位账户查询): its account with the current monthly deposit of its normal
 * members, its members (paged), and its remittance history (汇缴记录). The employer itself and service staff.
 */
public final class EmployerQueries {

  private final Pool pool;
  private final SessionAuth auth;
  private final Employers employers;

  public EmployerQueries(Kit kit) {
    this.pool = kit.pool();
    this.auth = kit.auth();
    this.employers = new Employers(kit.clock());
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "getEmployerAccount", auth.requireOwner(Caller.EMPLOYER,
            (ctx, employerId) -> answer(ctx, employerId, (employer, paging) -> account(employer))),
        "listEmployerMembers", auth.requireOwner(Caller.EMPLOYER,
            (ctx, employerId) -> answer(ctx, employerId, (employer, paging) -> members(employerId, paging))),
        "listRemittances", auth.requireOwner(Caller.EMPLOYER,
            (ctx, employerId) -> answer(ctx, employerId, (employer, paging) -> remittances(employerId))));
  }

  /** Answers the query for an employer that exists, with the page asked for (page 1 of 20 by default). */
  private void answer(RoutingContext ctx, String employerId,
                      BiFunction<Employers.Employer, Map<String, Integer>, Future<JsonObject>> query) {
    var request = Requests.validated(ctx);
    var page = request.getQuery() == null ? null : request.getQuery().get("page");
    var size = request.getQuery() == null ? null : request.getQuery().get("size");
    Map<String, Integer> paging = Map.of("page", page == null || page.isNull() ? 1 : page.getInteger(),
        "size", size == null || size.isNull() ? 20 : size.getInteger());
    employers.find(pool, employerId, false)
        .compose(employer -> query.apply(employer, paging))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> account(Employers.Employer employer) {
    return pool.preparedQuery("""
            SELECT count(*) AS members, coalesce(sum(monthly_employer + monthly_member), 0) AS monthly
              FROM member_account WHERE employer_id = $1 AND status = '01'""")
        .execute(Tuple.of(employer.employerId()))
        .map(rows -> employer.toJson()
            .put("normalMembers", rows.iterator().next().getLong("members"))
            .put("monthlyTotal", Money.of(rows.iterator().next().getBigDecimal("monthly")).toString()));
  }

  private Future<JsonObject> members(String employerId, Map<String, Integer> paging) {
    int page = paging.get("page");
    int size = paging.get("size");
    Future<JsonArray> items = pool.preparedQuery("""
            SELECT account_no, person_id, status, base, monthly_employer, monthly_member, opened_on
              FROM member_account WHERE employer_id = $1 ORDER BY account_no LIMIT $2 OFFSET $3""")
        .execute(Tuple.of(employerId, size, (long) (page - 1) * size))
        .compose(rows -> {
          List<Row> accounts = new ArrayList<>();
          rows.forEach(accounts::add);
          return People.names(pool, accounts.stream().map(row -> row.getString("person_id")).toList()).map(names -> {
            JsonArray list = new JsonArray();
            accounts.forEach(row -> list.add(member(row, names.get(row.getString("person_id")))));
            return list;
          });
        });
    Future<Long> total = pool.preparedQuery("SELECT count(*) FROM member_account WHERE employer_id = $1")
        .execute(Tuple.of(employerId)).map(rows -> rows.iterator().next().getLong(0));
    return Future.all(items, total).map(done -> new JsonObject().put("employerId", employerId)
        .put("items", items.result()).put("page", page).put("size", size).put("total", total.result()));
  }

  private static JsonObject member(Row row, String name) {
    return new JsonObject().put("accountNo", row.getString("account_no")).put("personId", row.getString("person_id"))
        .put("name", name).put("status", row.getString("status"))
        .put("base", Money.of(row.getBigDecimal("base")).toString())
        .put("monthlyEmployer", Money.of(row.getBigDecimal("monthly_employer")).toString())
        .put("monthlyMember", Money.of(row.getBigDecimal("monthly_member")).toString())
        .put("openedOn", row.getLocalDate("opened_on").toString());
  }

  /** The last ten years of lists, newest first. */
  private Future<JsonObject> remittances(String employerId) {
    return pool.preparedQuery("""
            SELECT month, status, total, member_count, created_at, paid_at FROM remittance
             WHERE employer_id = $1 ORDER BY month DESC LIMIT 120""")
        .execute(Tuple.of(employerId))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(row -> list.add(new JsonObject().put("month", row.getString("month"))
              .put("status", row.getString("status"))
              .put("total", Money.of(row.getBigDecimal("total")).toString())
              .put("memberCount", row.getInteger("member_count"))
              .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
              .put("paidAt", row.getOffsetDateTime("paid_at") == null ? null
                  : row.getOffsetDateTime("paid_at").toInstant().toString())));
          return new JsonObject().put("employerId", employerId).put("items", list);
        });
  }
}
