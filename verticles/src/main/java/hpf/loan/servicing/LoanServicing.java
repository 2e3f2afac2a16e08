package hpf.loan.servicing;

import hpf.audit.AuditEntry;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.identity.Kit;
import hpf.identity.People;
import hpf.identity.SmsGatewayClient;
import hpf.kit.BusinessTime;
import hpf.kit.EncryptedColumn;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.policy.Policies;
import hpf.review.Reviews;
import hpf.settlement.SettlementOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of loan servicing (贷后): the day's deductions (hourly on every node, safe at once; an operator's
 * "run now"), the bank's answers to them, what a loan owes today and what it has received.
 */
public final class LoanServicing {

  private static final Logger LOG = LoggerFactory.getLogger(LoanServicing.class);

  /** The business reference prefix of card deductions ({@code loanrepay:<deduction id>}). */
  public static final String DEDUCTION_PREFIX = Deductions.PREFIX;
  /** The ledger accounts repayments credit besides each loan's receivable. */
  public static final String INTEREST_INCOME = Receipts.INTEREST_INCOME;
  public static final String PENALTY_INCOME = Receipts.PENALTY_INCOME;
  private static final long EVERY_MILLIS = 60 * 60 * 1000;
  private static final long NOTICE_MILLIS = 60 * 1000;

  /** What a day's run did: the day, loans looked at, deductions sent to the outbox, reminders written. */
  public record RunReport(LocalDate day, int looked, int enqueued, int reminded, int creditReported) {
    JsonObject toJson() {
      return new JsonObject().put("day", day.toString()).put("looked", looked).put("enqueued", enqueued)
          .put("reminded", reminded).put("creditReported", creditReported);
    }
  }

  private final Kit kit;
  private final Deductions deductions;
  private final CreditReports creditReports;
  private final RepricingJob repricing;
  private final LoanNotices notices;
  private final PayoffOperations payoffs;
  private final ReviewedRequestOperations<Prepayments.Request> prepayments;
  private final ReviewedRequestOperations<LoanChanges.Request> changes;

  /** What a repricing run did: the year, loans looked at, repriced, left at their rate. */
  public record RepricingReport(int year, int looked, int repriced, int unchanged) {
    JsonObject toJson() {
      return new JsonObject().put("year", year).put("looked", looked).put("repriced", repriced)
          .put("unchanged", unchanged);
    }
  }

  static final Problem YEAR_NOT_REACHED = new Problem(422, "LOAN_REPRICING_YEAR_NOT_REACHED", "尚未到调整日",
      "只能为今年或以前的 1 月 1 日调整贷款利率。");
  private final ServicingMetrics metrics;
  private final EmployerLoanViews employerViews;

  public LoanServicing(Vertx vertx, Kit kit, FieldCipher fields, KeyRing<Sm2Keys.Private> platformKeys,
                       SmsGatewayClient sms, Reviews reviews, MeterRegistry registry) {
    this.kit = kit;
    this.metrics = new ServicingMetrics(registry, kit.pool(), kit.clock());
    this.employerViews = new EmployerLoanViews(kit, new People(fields));
    this.deductions = new Deductions(kit.pool(), fields, metrics);
    this.creditReports = new CreditReports(kit.pool());
    this.repricing = new RepricingJob(kit.pool(), metrics);
    this.notices = new LoanNotices(kit.pool(), fields, sms);
    this.payoffs = new PayoffOperations(kit, new Payoffs(deductions),
        new SettlementCertificates(vertx, kit.pool(), platformKeys));
    Prepayments prepaid = new Prepayments(reviews, deductions);
    if (reviews != null) {
      reviews.register(Prepayments.BUSINESS_TYPE, prepaid);
    }
    this.prepayments = new ReviewedRequestOperations<>(kit, prepaid, Prepayments.API);
    LoanChanges changed = new LoanChanges(reviews, fields);
    if (reviews != null) {
      reviews.register(LoanChanges.BUSINESS_TYPE, changed);
    }
    this.changes = new ReviewedRequestOperations<>(kit, changed, LoanChanges.API);
  }

  /** What the room does when a bank answers a deduction (business reference prefix {@code loanrepay}). */
  public static Map<String, SettlementOutcome> outcomes(MeterRegistry registry) {
    return Map.of(Deductions.PREFIX, new DeductionOutcome(new ServicingMetrics(registry, null, null)),
        Payoffs.PREFIX, new Payoffs.Outcome(), Prepayments.PREFIX, new Prepayments.Outcome());
  }

  /**
   * The deductions of {@code day}, the reminders of the installments due some days after it and the day's lines for
   * the credit reference system: idempotent, and safe on several nodes at once. The notices are sent after (see
   * {@link #sendNotices}).
   */
  public Future<RunReport> runDeductions(LocalDate day) {
    return deductions.run(day).compose(r -> new Policies(kit.pool()).asOf(day).map(OverduePolicy::of)
        .compose(policy -> notices.remind(day, policy.reminderDaysBefore()))
        .compose(reminded -> creditReports.run(day)
            .map(reported -> new RunReport(r.day(), r.looked(), r.enqueued(), reminded, reported))));
  }

  /** Sends the pending SMS notices (reminders, refused deductions); answers how many were sent. */
  public Future<Integer> sendNotices() {
    return notices.send();
  }

  /**
   * One loan's deduction of {@code day}, if one is due and none is in flight (the day's run does this for every loan);
   * answers whether one was sent to the outbox.
   */
  public Future<Boolean> deductOne(String contractId, LocalDate day) {
    return new Policies(kit.pool()).asOf(day).map(OverduePolicy::of)
        .compose(policy -> kit.pool().withTransaction(conn -> deductions.deduct(conn, contractId, day, policy)));
  }

  /**
   * The 1 January repricing of {@code year}: once per loan and year, safe to run again. Never run by a timer: the
   * operator runs it once the year's rates are entered in the policy (a run before that would record the loans as
   * left at their rate for the year).
   */
  public Future<RepricingReport> runRepricing(int year) {
    return repricing.run(year).map(r -> new RepricingReport(r.year(), r.looked(), r.repriced(), r.unchanged()));
  }

  /** The loans against the ledger: receivables, principal outstanding, interest and penalty income. */
  public Future<JsonObject> reconcile() {
    return LoanBooks.reconcile(kit.pool());
  }

  /** The operators' "run now" for today and the loan books' reconciliation, on the admin listener. */
  public Map<String, Handler<RoutingContext>> adminOperations() {
    return Map.of("reconcileLoanBooks", ctx -> reconcile().onSuccess(ctx::json).onFailure(ctx::fail),
        "listLoanCreditReports", this::creditReportDay,
        "runLoanRepricing", this::repricingNow,
        "runLoanDeductions", ctx -> runDeductions(BusinessTime.today(kit.clock()))
        .compose(report -> kit.audit().append(new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin",
                "runLoanDeductions", "loan-deductions:" + report.day(), "OK", Requests.requestId(ctx),
                Map.of("looked", String.valueOf(report.looked()), "enqueued", String.valueOf(report.enqueued()),
                    "reminded", String.valueOf(report.reminded()))))
            .map(seq -> report))
        .onSuccess(report -> ctx.json(report.toJson()))
        .onFailure(ctx::fail));
  }

  /** A report day's lines for the credit reference front-end (today's when no day is given). */
  private void creditReportDay(RoutingContext ctx) {
    var query = Requests.validated(ctx).getQuery();
    LocalDate day;
    try {
      day = query.get("day") == null || query.get("day").isNull() ? BusinessTime.today(kit.clock())
          : LocalDate.parse(query.get("day").getString());
    } catch (java.time.format.DateTimeParseException e) {
      ctx.fail(new ProblemException(Problem.validation("day：不是有效的日期（yyyy-MM-dd）。", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("field", "day").put("in", "query").put("reason", "格式不正确")))));
      return;
    }
    int page = query.get("page") == null || query.get("page").isNull() ? 1 : query.get("page").getInteger();
    int size = query.get("size") == null || query.get("size").isNull() ? 100 : query.get("size").getInteger();
    CreditReports.day(kit.pool(), day, page, Math.min(size, CreditReports.MAX_PAGE))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void repricingNow(RoutingContext ctx) {
    int year = Requests.validated(ctx).getBody().getJsonObject().getInteger("year");
    if (year > BusinessTime.today(kit.clock()).getYear()) {
      ctx.fail(new ProblemException(YEAR_NOT_REACHED));
      return;
    }
    runRepricing(year)
        .compose(report -> kit.audit().append(new AuditEntry(Requests.operator(ctx), "OPERATOR", "admin",
                "runLoanRepricing", "loan-repricing:" + year, "OK", Requests.requestId(ctx),
                Map.of("looked", String.valueOf(report.looked()), "repriced", String.valueOf(report.repriced()),
                    "unchanged", String.valueOf(report.unchanged()))))
            .map(seq -> report))
        .onSuccess(report -> ctx.json(report.toJson()))
        .onFailure(ctx::fail);
  }

  /**
   * The member's (or staff's) view of what a loan received ({@link ServicingViews}), an employer's view of its
   * members' loans ({@link EmployerLoanViews}) and the borrower's servicing requests.
   */
  public Map<String, Handler<RoutingContext>> publicOperations() {
    Map<String, Handler<RoutingContext>> all = new java.util.HashMap<>(new ServicingViews(kit).operations());
    all.putAll(new OffsetOperations(kit).operations());
    all.putAll(employerViews.operations());
    all.putAll(payoffs.operations());
    all.putAll(prepayments.operations());
    all.putAll(changes.operations());
    return Map.copyOf(all);
  }

  /** The sensitive columns of servicing (the new repayment card of a change), for the field key rotation. */
  public static List<EncryptedColumn> encryptedColumns() {
    return LoanChanges.encryptedColumns();
  }

  /** What the loan owes on {@code asOf} and how each installment stands; null for a loan not serviced (yet). */
  public static Future<JsonObject> summary(SqlClient sql, String contractId, LocalDate asOf) {
    return ServicingViews.summary(sql, contractId, asOf);
  }

  /**
   * Hourly deductions and reminders for today on this node, the notices sent every minute, and the overdue gauges;
   * the timers end with the Vert.x instance.
   */
  public void schedule(Vertx vertx) {
    metrics.start(vertx);
    vertx.setPeriodic(EVERY_MILLIS, id -> runDeductions(BusinessTime.today(kit.clock()))
        .onFailure(e -> LOG.warn("loan deductions not run: {}", e.getMessage())));
    vertx.setPeriodic(NOTICE_MILLIS, id -> sendNotices()
        .onFailure(e -> LOG.warn("loan notices not sent: {}", e.getMessage())));
  }
}
