package hpf.loan.servicing;

import hpf.identity.Caller;
import hpf.identity.Kit;
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
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a member (or staff serving the member) sees of an active or settled loan: what it owes today (principal,
 * interest, penalty), how each installment stands (PAID, DUE within grace, OVERDUE, UPCOMING), the overdue counts
 * (now and ever), the deduction in flight or the last one, and every repayment with its split.
 */
final class ServicingViews {

  static final Problem CONTRACT_NOT_FOUND = new Problem(404, "LOAN_CONTRACT_NOT_FOUND", "借款合同不存在",
      "未找到该借款合同。");
  private static final int MAX_REPAYMENTS = 500;

  private final Kit kit;

  ServicingViews(Kit kit) {
    this.kit = kit;
  }

  Map<String, Handler<RoutingContext>> operations() {
    return Map.of("listLoanRepayments", kit.auth().requireOwner(Caller.MEMBER, this::repayments));
  }

  private void repayments(RoutingContext ctx, String personId) {
    String contractId = Requests.validated(ctx).getPathParameters().get("contractId").getString();
    kit.pool().preparedQuery("SELECT 1 FROM loan_contract WHERE contract_id = $1 AND person_id = $2")
        .execute(Tuple.of(contractId, personId))
        .compose(found -> found.size() == 0 ? Future.failedFuture(new ProblemException(CONTRACT_NOT_FOUND))
            : kit.pool().preparedQuery("""
                SELECT r.*, (SELECT json_agg(json_build_object('period', p.period, 'part', p.part, 'overdue', p.overdue,
                                             'amount', p.amount::text) ORDER BY p.period, p.part)
                               FROM loan_repayment_part p WHERE p.repayment_id = r.repayment_id) AS parts
                  FROM loan_repayment r WHERE r.contract_id = $1
                 ORDER BY r.value_date DESC, r.created_at DESC LIMIT $2""")
            .execute(Tuple.of(contractId, MAX_REPAYMENTS)))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(repayment(r)));
          return new JsonObject().put("contractId", contractId).put("items", items);
        })
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private static JsonObject repayment(Row r) {
    Object parts = r.getValue("parts");
    return new JsonObject().put("repaymentId", r.getUUID("repayment_id").toString())
        .put("detailType", r.getString("detail_type")).put("source", r.getString("source"))
        .put("valueDate", r.getLocalDate("value_date").toString())
        .put("amount", Money.of(r.getBigDecimal("amount")).toString())
        .put("principal", Money.of(r.getBigDecimal("principal")).toString())
        .put("interest", Money.of(r.getBigDecimal("interest")).toString())
        .put("penalty", Money.of(r.getBigDecimal("penalty")).toString())
        .put("parts", parts == null ? new JsonArray() : parts)
        .put("recordedAt", r.getOffsetDateTime("created_at").toString());
  }

  static Future<JsonObject> summary(SqlClient sql, String contractId, LocalDate asOf) {
    return ServicedLoan.read(sql, contractId).compose(loan -> {
      if (loan == null || loan.periods().isEmpty() || loan.annualRate() == null) {
        return Future.succeededFuture(null);
      }
      return new Policies(sql).asOf(asOf).map(OverduePolicy::of)
          .compose(policy -> Future.all(lastDeduction(sql, contractId), OffsetAgreements.current(sql, contractId))
              .map(found -> {
            JsonObject deduction = found.resultAt(0);
            OffsetAgreements.Agreement offset = found.resultAt(1);
            List<Owed> owed = Arrears.on(loan.periods(), loan.annualRate(), asOf, policy);
            JsonArray status = new JsonArray();
            java.util.Map<Integer, LocalDate> graceEnds = Arrears.graceEnds(loan.periods(), policy);
            for (Period p : loan.periods()) {
              status.add(p.unpaid().signum() == 0 ? "PAID" : p.dueOn().isAfter(asOf) ? "UPCOMING"
                  : asOf.isAfter(graceEnds.get(p.period())) ? "OVERDUE" : "DUE");
            }
            BigDecimal principal = owed.stream().map(Owed::principal).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal interest = owed.stream().map(Owed::interest).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal penalty = owed.stream().map(Owed::penalty).reduce(BigDecimal.ZERO, BigDecimal::add);
            return new JsonObject().put("asOf", asOf.toString())
                .put("outstandingPrincipal", Money.of(loan.outstandingPrincipal()).toString())
                .put("owed", new JsonObject().put("principal", Money.of(principal).toString())
                    .put("interest", Money.of(interest).toString()).put("penalty", Money.of(penalty).toString())
                    .put("total", Money.of(principal.add(interest).add(penalty)).toString()))
                .put("overduePeriods", Arrears.overdueNow(owed))
                .put("overduePeriodsEver", Arrears.everOverdue(loan.periods(), asOf, policy))
                .put("periodStatus", status)
                .put("lastDeduction", deduction)
                .put("offsetAgreement", offset == null ? null : offset.toJson());
          }));
    });
  }

  private static Future<JsonObject> lastDeduction(SqlClient sql, String contractId) {
    return sql.preparedQuery("""
            SELECT attempt_on, amount, state, reason FROM loan_deduction WHERE contract_id = $1
             ORDER BY attempt_on DESC LIMIT 1""")
        .execute(Tuple.of(contractId))
        .map(rows -> rows.size() == 0 ? null : new JsonObject()
            .put("attemptOn", rows.iterator().next().getLocalDate("attempt_on").toString())
            .put("amount", Money.of(rows.iterator().next().getBigDecimal("amount")).toString())
            .put("state", rows.iterator().next().getString("state"))
            .put("reason", rows.iterator().next().getString("reason")));
  }
}
