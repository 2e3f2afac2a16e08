package hpf.settlement.reconcile;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.kit.Idempotency;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.RequestParameter;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * Operators run a bank's reconciliation for a business date (idempotent by key: a replay answers the same report;
 * a new key runs again and records the next version; audited) and read the reports: a page of summaries newest
 * first, or one report with its differences.
 */
public final class ReconciliationAdmin {

  private final Reconciler reconciler;
  private final AuditLog audit;
  private final Idempotency idempotency;

  public ReconciliationAdmin(Reconciler reconciler, AuditLog audit, Idempotency idempotency) {
    this.reconciler = reconciler;
    this.audit = audit;
    this.idempotency = idempotency;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "runSettlementReconciliation", idempotency.write("runSettlementReconciliation",
            ctx -> "operator:" + Requests.operator(ctx), this::prepare, this::record),
        "listSettlementReconciliations", this::list,
        "getSettlementReconciliation", this::get);
  }

  /** The bank and our books, asked before the transaction: a slow bank holds no connection. */
  private Future<ReportStore.Run> prepare(RoutingContext ctx) {
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    return reconciler.prepare(body.getString("bankCode"), LocalDate.parse(body.getString("businessDate")), "OPERATOR",
        "operator:" + Requests.operator(ctx));
  }

  private Future<Idempotency.Answer> record(RoutingContext ctx, io.vertx.sqlclient.SqlConnection conn,
                                            ReportStore.Run run) {
    return reconciler.record(conn, run)
        .compose(id -> audit.append(conn, new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin",
                "runSettlementReconciliation", "settlement_reconciliation:" + id, "OK", Requests.requestId(ctx),
                Map.of("bankCode", run.bankCode(), "businessDate", run.businessDate().toString(),
                    "mismatches", String.valueOf(run.outcome().items().size()))))
            .compose(seq -> reconciler.reports().one(conn, id)))
        // Ahead of the commit by a moment; the periodic refresh reads the recorded reports anyway.
        .onSuccess(report -> reconciler.recorded(run))
        .map(report -> new Idempotency.Answer(201, report));
  }

  private void list(RoutingContext ctx) {
    var query = Requests.validated(ctx).getQuery();
    String bank = text(query.get("bank"));
    String date = text(query.get("businessDate"));
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 50 : query.get("size").getInteger();
    reconciler.reports().page(bank, date == null ? null : LocalDate.parse(date), page, size)
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID id = UUID.fromString(Requests.validated(ctx).getPathParameters().get("reportId").getString());
    reconciler.reports().one(id).onSuccess(report -> {
      if (report == null) {
        ctx.fail(new ProblemException(ReconciliationProblems.NOT_FOUND));
      } else {
        ctx.json(report);
      }
    }).onFailure(ctx::fail);
  }

  private static String text(RequestParameter parameter) {
    return parameter == null || parameter.isNull() ? null : parameter.getString();
  }
}
