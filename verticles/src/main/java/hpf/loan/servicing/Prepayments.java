package hpf.loan.servicing;

import hpf.account.MemberLocks;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import hpf.policy.Policies;
import hpf.review.Reviews;
import hpf.settlement.PartnerBanks;
import hpf.settlement.SettlementOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Partial prepayment (部分提前还款): asked for an ACTIVE loan, decided by the review flow LOAN_PREPAYMENT (its
 * outcomes run in the decision's transaction), carried out on the day of the final approval: from the fund at once,
 * or from the card as a single collection answered through {@link Outcome}. Nothing else is collected for the loan
 * while the card's collection is in flight. What it cannot do (the loan no longer active, too little fund) ends it
 * FAILED with the reason, never the decision.
 */
final class Prepayments extends ReviewedLoanRequests<Prepayments.Request> {

  static final String BUSINESS_TYPE = "LOAN_PREPAYMENT";
  static final String PREFIX = "loanprepay";
  static final Problem AMOUNT_INVALID = new Problem(422, "LOAN_PREPAYMENT_AMOUNT_INVALID", "提前还款本金有误",
      "部分提前还款的本金须大于 0 且少于尚未到期的剩余本金；全部还清请办理提前结清。");
  /** Open while in review or while the card's collection is in flight: one per loan. */
  static final Kind KIND = new Kind(BUSINESS_TYPE, "loan_prepayment", "prepayment_id", "PP",
      List.of("IN_REVIEW", "RETURNED", "COLLECTING"),
      new Problem(409, "LOAN_PREPAYMENT_OPEN", "已有提前还款申请", "该贷款已有一笔提前还款申请在办理中。"),
      new Problem(404, "LOAN_PREPAYMENT_NOT_FOUND", "提前还款申请不存在", "未找到该提前还款申请。"),
      new Problem(409, "LOAN_PREPAYMENT_NOT_CANCELLABLE", "不能撤回", "提前还款申请已审批，不能撤回。"));
  /** The operations of prepayments, the audit record keeping the principal asked. */
  static final ReviewedRequestOperations.Api<Request> API = new ReviewedRequestOperations.Api<>(
      "applyLoanPrepayment", "listLoanPrepayments", "cancelLoanPrepayment", "prepaymentId", "loan-prepayment",
      "principal", Prepayments::request);

  private final Deductions deductions;
  private final Receipts receipts = new Receipts();
  private final Ledger ledger = new Ledger();
  private final SettlementOutbox outbox = new SettlementOutbox();

  Prepayments(Reviews reviews, Deductions deductions) {
    super(reviews, KIND);
    this.deductions = deductions;
  }

  /** A request as asked: principal, option, source, by whom. */
  record Request(Applicant who, BigDecimal principal, Reschedules.Option option, Receipts.Source source) {}

  /** The request a body of {@code applyLoanPrepayment} asks; a principal that is no number is AMOUNT_INVALID. */
  static Request request(Applicant who, JsonObject body) {
    BigDecimal principal;
    try {
      principal = new BigDecimal(body.getString("principal"));
    } catch (NumberFormatException e) {
      throw new ProblemException(AMOUNT_INVALID);
    }
    return new Request(who, principal, Reschedules.Option.valueOf(body.getString("option")),
        Receipts.Source.valueOf(body.getString("source")));
  }

  @Override
  Future<JsonObject> apply(SqlConnection conn, Request r, LocalDate today) {
    Applicant who = r.who();
    return ServicedLoan.lock(conn, who.contractId()).compose(loan -> {
      if (loan == null || !loan.personId().equals(who.personId())) {
        return Future.failedFuture(new ProblemException(ServicingViews.CONTRACT_NOT_FOUND));
      }
      if (!"ACTIVE".equals(loan.state())) {
        return Future.failedFuture(new ProblemException(OffsetAgreements.NOT_ACTIVE));
      }
      BigDecimal notYetDue = loan.periods().stream().filter(p -> p.dueOn().isAfter(today))
          .map(p -> p.principal().subtract(p.paidPrincipal())).reduce(BigDecimal.ZERO, BigDecimal::add);
      if (r.principal().signum() <= 0 || r.principal().scale() > 2 || r.principal().compareTo(notYetDue) >= 0) {
        return Future.failedFuture(new ProblemException(AMOUNT_INVALID));
      }
      return file(conn, who, id -> conn.preparedQuery("""
                  INSERT INTO loan_prepayment (prepayment_id, contract_id, person_id, principal, option, source, state,
                                               requested_by, channel)
                  VALUES ($1, $2, $3, $4, $5, $6, 'IN_REVIEW', $7, $8)""")
              .execute(Tuple.from(new Object[] {id, who.contractId(), who.personId(), r.principal(),
                  r.option().name(), r.source().name(), who.actor(), who.channel()})),
          new JsonObject().put("contractId", who.contractId()).put("principal", r.principal().toPlainString())
              .put("option", r.option().name()).put("source", r.source().name()));
    });
  }

  @Override
  JsonObject view(Row r) {
    return new JsonObject().put("prepaymentId", r.getString("prepayment_id")).put("contractId", r.getString("contract_id"))
        .put("principal", Money.of(r.getBigDecimal("principal")).toString()).put("option", r.getString("option"))
        .put("source", r.getString("source")).put("state", r.getString("state")).put("reason", r.getString("reason"))
        .put("valueDate", r.getLocalDate("value_date") == null ? null : r.getLocalDate("value_date").toString())
        .put("amount", r.getBigDecimal("amount") == null ? null : Money.of(r.getBigDecimal("amount")).toString())
        .put("quote", r.getJsonObject("quote")).put("createdAt", r.getOffsetDateTime("created_at").toString());
  }

  @Override
  Future<Void> carryOut(SqlConnection tx, Locked locked, LocalDate day) {
    ServicedLoan loan = locked.loan();
    Row p = locked.request();
    String id = p.getString("prepayment_id");
    return ServicedLoan.paymentInFlight(tx, loan.contractId()).compose(busy -> {
      if (!"ACTIVE".equals(loan.state())) {
        return fail(tx, id, "贷款不在还款期");
      }
      if (busy) {
        return fail(tx, id, "有扣款正在银行处理，请待处理完成后重新申请");
      }
      return new Policies(tx).asOf(day).map(OverduePolicy::of).compose(policy -> {
        BigDecimal principal = p.getBigDecimal("principal");
        BigDecimal notYetDue = loan.periods().stream().filter(x -> x.dueOn().isAfter(day))
            .map(x -> x.principal().subtract(x.paidPrincipal())).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (principal.compareTo(notYetDue) >= 0) {
          return fail(tx, id, "尚未到期的本金已不足，请办理提前结清");
        }
        PrepaymentQuote quote = PrepaymentQuote.of(loan.periods(), loan.annualRate(), loan.disbursedOn(), day,
            principal, policy);
        return "FUND".equals(p.getString("source")) ? fromFund(tx, loan, p, quote) : fromCard(tx, loan, p, quote);
      });
    });
  }

  private Future<Void> fromFund(SqlConnection tx, ServicedLoan loan, Row p, PrepaymentQuote quote) {
    String id = p.getString("prepayment_id");
    return MemberLocks.personAndCurrentAccount(tx, loan.personId()).compose(account -> {
      if (account == null || !List.of("01", "02").contains(account.status())) {
        return fail(tx, id, "公积金账户不能支付");
      }
      return ledger.balance(tx, account.ledgerAccount()).compose(balance -> balance.compareTo(Money.of(quote.total())) < 0
          ? fail(tx, id, "公积金余额不足")
          : receipts.prepay(tx, loan, quote, Reschedules.Option.valueOf(p.getString("option")), Receipts.Source.FUND,
                  PREFIX + ":" + id, account.ledgerAccount(),
                  "部分提前还款（公积金账户 " + account.accountNo() + "）")
              .compose(receipt -> finish(tx, id, "DONE", null, quote, null)));
    });
  }

  private Future<Void> fromCard(SqlConnection tx, ServicedLoan loan, Row p, PrepaymentQuote quote) {
    String id = p.getString("prepayment_id");
    return deductions.payee(tx, loan)
        .compose(payee -> outbox.enqueueCollection(tx, new SettlementOutbox.ToAccount(Deductions.BUS_TYPE, payee,
            Money.of(quote.total()), PREFIX + ":" + id)))
        .compose(instruction -> finish(tx, id, "COLLECTING", null, quote, instruction));
  }

  private static Future<Void> fail(SqlConnection tx, String id, String reason) {
    return tx.preparedQuery("UPDATE loan_prepayment SET state = 'FAILED', reason = $2, updated_at = now() "
        + "WHERE prepayment_id = $1").execute(Tuple.of(id, reason)).mapEmpty();
  }

  private static Future<Void> finish(SqlConnection tx, String id, String state, String reason, PrepaymentQuote quote,
                                     java.util.UUID instruction) {
    return tx.preparedQuery("""
            UPDATE loan_prepayment SET state = $2, reason = $3, value_date = $4, amount = $5, quote = $6,
                   instruction_id = coalesce($7, instruction_id), updated_at = now()
             WHERE prepayment_id = $1""")
        .execute(Tuple.from(new Object[] {id, state, reason, quote.day(), quote.total(), quote.toJson(), instruction}))
        .mapEmpty();
  }

  /** The bank's answer to a prepayment from the card, in the dispatcher's transaction. */
  static final class Outcome implements hpf.settlement.SettlementOutcome {

    private final Receipts receipts = new Receipts();

    @Override
    public Future<Void> succeeded(SqlConnection conn, Settled collected) {
      return locked(conn, KIND, collected.recordId()).compose(l -> l == null
          || !"COLLECTING".equals(l.request().getString("state")) ? Future.succeededFuture()
          : booked(conn, l.loan(), l.request(), collected));
    }

    private Future<Void> booked(SqlConnection conn, ServicedLoan loan, Row p, Settled collected) {
      LocalDate valueDate = p.getLocalDate("value_date");
      return new Policies(conn).asOf(valueDate).map(OverduePolicy::of)
          // Nothing else was received for the loan meanwhile: the quote of the value date is the one paid.
          .map(policy -> PrepaymentQuote.of(loan.periods(), loan.annualRate(), loan.disbursedOn(), valueDate,
              p.getBigDecimal("principal"), policy))
          .compose(quote -> receipts.prepay(conn, loan, quote, Reschedules.Option.valueOf(p.getString("option")),
              Receipts.Source.CARD, collected.businessRef(), PartnerBanks.specialAccount(collected.bankCode()),
              "部分提前还款（银行流水 " + collected.hostSeqNo() + "）"))
          .compose(receipt -> conn.preparedQuery("UPDATE loan_prepayment SET state = 'DONE', updated_at = now() "
              + "WHERE prepayment_id = $1").execute(Tuple.of(p.getString("prepayment_id"))))
          .mapEmpty();
    }

    @Override
    public Future<Void> failed(SqlConnection conn, Settled refused, String reason) {
      String id = refused.recordId();
      return locked(conn, KIND, id).compose(l -> l == null || !"COLLECTING".equals(l.request().getString("state"))
          ? Future.succeededFuture() : fail(conn, id, reason));
    }
  }
}
