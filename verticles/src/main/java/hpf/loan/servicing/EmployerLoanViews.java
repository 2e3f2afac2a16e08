package hpf.loan.servicing;

import hpf.account.EmployerMembers;
import hpf.identity.Caller;
import hpf.identity.Kit;
import hpf.identity.People;
import hpf.identity.SessionAuth;
import hpf.kit.BusinessTime;
import hpf.kit.Masking;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The housing loans of an employer's current members as the employer (or service staff) sees them, where the center
 * allows it (policy {@code loan.employer_view.enabled}): each borrower's name and ID number masked, the contract, its
 * state, the installment and day next due, the overdue periods now and ever, and whether an offset agreement (冲还贷)
 * is in force; no card, no balance. Active loans first, paged; every read is audited.
 */
final class EmployerLoanViews {

  static final String POLICY = "loan.employer_view.enabled";
  static final Problem DISABLED = new Problem(403, "LOAN_EMPLOYER_VIEW_DISABLED", "本中心未开放单位查询职工贷款",
      "住房公积金管理中心目前不向单位提供职工的贷款信息，请职工本人查询。");

  /** One page of loans and how many there are in all. */
  private record Found(List<Row> rows, long total) {}

  private final Kit kit;
  private final People people;

  EmployerLoanViews(Kit kit, People people) {
    this.kit = kit;
    this.people = people;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of("listEmployerLoans", kit.auth().requireOwner(Caller.EMPLOYER, this::list));
  }

  private void list(RoutingContext ctx, String employerId) {
    int page = parameter(ctx, "page", 1);
    int size = parameter(ctx, "size", 20);
    LocalDate today = BusinessTime.today(kit.clock());
    new Policies(kit.pool()).asOf(today)
        .compose(policy -> !Boolean.parseBoolean(policy.text(POLICY))
            ? Future.<JsonObject>failedFuture(new ProblemException(DISABLED))
            : EmployerMembers.current(kit.pool(), employerId)
                .compose(persons -> page(persons, page, size))
                .compose(found -> items(found.rows(), today, OverduePolicy.of(policy))
                    .map(items -> new JsonObject().put("employerId", employerId).put("asOf", today.toString())
                        .put("items", items).put("page", page).put("size", size).put("total", found.total()))))
        // Employer staff (and service staff) read members' loans: each read is on the audit log before it is shown.
        .compose(answer -> kit.audit().append(SessionAuth.audited(ctx, "listEmployerLoans", "employer:" + employerId,
                Map.of("page", String.valueOf(page), "size", String.valueOf(size),
                    "contracts", String.join(",", answer.getJsonArray("items").stream()
                        .map(i -> ((JsonObject) i).getString("contractId")).toList()))))
            .map(seq -> answer))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static int parameter(RoutingContext ctx, String name, int otherwise) {
    var query = Requests.validated(ctx).getQuery();
    var value = query == null ? null : query.get(name);
    return value == null || value.isNull() ? otherwise : value.getInteger();
  }

  /** The serviced loans (ACTIVE, SETTLED) of these persons: one page, active first, then by contract. */
  private Future<Found> page(List<String> persons, int page, int size) {
    String[] ids = persons.toArray(String[]::new);
    Future<List<Row>> rows = kit.pool().preparedQuery("""
            SELECT c.contract_id, c.person_id, c.state, c.annual_rate, c.next_due_on,
                   (SELECT i.payment FROM loan_installment i WHERE i.contract_id = c.contract_id
                       AND i.version = c.schedule_version AND i.due_on = c.next_due_on) AS installment,
                   EXISTS (SELECT 1 FROM loan_offset_agreement a
                            WHERE a.contract_id = c.contract_id AND a.ended_at IS NULL) AS offset_agreement
              FROM loan_contract c
             WHERE c.person_id = ANY($1) AND c.state IN ('ACTIVE', 'SETTLED')
             ORDER BY c.state = 'ACTIVE' DESC, c.contract_id LIMIT $2 OFFSET $3""")
        .execute(Tuple.of(ids, size, (long) (page - 1) * size))
        .map(found -> {
          List<Row> out = new ArrayList<>();
          found.forEach(out::add);
          return out;
        });
    Future<Long> total = kit.pool().preparedQuery("""
            SELECT count(*) FROM loan_contract WHERE person_id = ANY($1) AND state IN ('ACTIVE', 'SETTLED')""")
        .execute(Tuple.of(ids)).map(found -> found.iterator().next().getLong(0));
    return Future.all(rows, total).map(done -> new Found(rows.result(), total.result()));
  }

  private Future<JsonArray> items(List<Row> rows, LocalDate today, OverduePolicy policy) {
    if (rows.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    List<String> contracts = rows.stream().map(r -> r.getString("contract_id")).toList();
    List<String> persons = rows.stream().map(r -> r.getString("person_id")).distinct().toList();
    Future<Map<String, List<Period>>> periods = ServicedLoan.periodsDueBy(kit.pool(), contracts, today);
    Future<Map<String, String>> names = People.names(kit.pool(), persons);
    Future<Map<String, String>> idNumbers = people.maskedIdNumbers(kit.pool(), persons);
    return Future.all(periods, names, idNumbers).map(done -> {
      JsonArray items = new JsonArray();
      for (Row r : rows) {
        List<Period> due = periods.result().getOrDefault(r.getString("contract_id"), List.of());
        String personId = r.getString("person_id");
        LocalDate next = r.getLocalDate("next_due_on");
        items.add(new JsonObject().put("name", Masking.name(names.result().get(personId)))
            .put("idNumber", idNumbers.result().get(personId))
            .put("contractId", r.getString("contract_id")).put("state", r.getString("state"))
            .put("monthlyInstallment", r.getBigDecimal("installment") == null ? null
                : Money.of(r.getBigDecimal("installment")).toString())
            .put("nextDueOn", next == null ? null : next.toString())
            .put("overduePeriods", Arrears.overdueNow(Arrears.on(due, r.getBigDecimal("annual_rate"), today, policy)))
            .put("overduePeriodsEver", Arrears.everOverdue(due, today, policy))
            .put("offsetAgreement", r.getBoolean("offset_agreement")));
      }
      return items;
    });
  }
}
