package hpf.loan.servicing;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.loan.servicing.Allocation.Kind;
import hpf.loan.servicing.Allocation.Part;
import hpf.loan.terms.Installment;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Books money received for a loan (还款入账), inside the caller's transaction with the loan locked: what is owed on
 * the value date, the allocation (penalty, overdue interest, overdue principal, current interest, current
 * principal), one balanced ledger transaction (the paying account against the loan receivable, the interest income
 * and the penalty income), the repayment record and its parts. A loan whose every installment is then received in
 * full is SETTLED. A receipt is booked once per business reference: asked again, it answers the first.
 */
final class Receipts {

  static final String INTEREST_INCOME = "INCOME:loan-interest";
  static final String PENALTY_INCOME = "INCOME:loan-penalty";
  /** More than was owed (only if something else was received in between): kept apart, never lost or applied ahead. */
  static final String OVERPAYMENTS = "SUSPENSE:loan-overpayments";

  enum Source { CARD, FUND, COUNTER }

  /** JGJ/T 320 A.15 06: payoff (结清). */
  static final String PAYOFF = "06";
  /** JGJ/T 320 A.15 03: prepayment (提前还款). */
  static final String PREPAYMENT = "03";

  /** A booked receipt and its split; {@code unapplied} is what exceeded the amount owed. */
  record Receipt(UUID repaymentId, String contractId, Money amount, Money principal, Money interest, Money penalty,
                 Money unapplied, boolean settled) {}

  private final Ledger ledger = new Ledger();

  static String receivable(String contractId) {
    return "LOAN:" + contractId;
  }

  Future<Receipt> receive(SqlConnection conn, ServicedLoan loan, Source source, String businessRef,
                          LocalDate valueDate, Money amount, String fromAccount, String memo) {
    return conn.preparedQuery("SELECT repayment_id, amount, principal, interest, penalty FROM loan_repayment "
            + "WHERE business_ref = $1").execute(Tuple.of(businessRef))
        .compose(found -> {
          if (found.size() > 0) {
            var r = found.iterator().next();
            return Future.succeededFuture(new Receipt(r.getUUID("repayment_id"), loan.contractId(),
                Money.of(r.getBigDecimal("amount")), Money.of(r.getBigDecimal("principal")),
                Money.of(r.getBigDecimal("interest")), Money.of(r.getBigDecimal("penalty")), Money.ZERO, false));
          }
          return new Policies(conn).asOf(valueDate).map(OverduePolicy::of)
              .compose(policy -> book(conn, loan, policy, source, businessRef, valueDate, amount, fromAccount, memo));
        });
  }

  /**
   * Books a payoff: the quote's owed installments as any receipt would, then the principal not yet due and its
   * accrued interest as parts of no installment (period 0); the schedule's next version keeps only the installments
   * due by the value date, so nothing is left to owe and the loan is SETTLED.
   */
  Future<Receipt> payoff(SqlConnection conn, ServicedLoan loan, PayoffQuote quote, Source source, String businessRef,
                         String fromAccount, String memo) {
    List<Part> parts = new ArrayList<>(Allocation.of(quote.owed(), quote.owedTotal()));
    if (quote.remainingPrincipal().signum() > 0) {
      parts.add(new Part(0, Kind.PRINCIPAL, false, quote.remainingPrincipal()));
    }
    if (quote.accruedInterest().signum() > 0) {
      parts.add(new Part(0, Kind.INTEREST, false, quote.accruedInterest()));
    }
    short next = (short) (loan.scheduleVersion() + 1);
    List<Period> kept = loan.periods().stream().filter(p -> !p.dueOn().isAfter(quote.day())).toList();
    ServicedLoan truncated = loan.withSchedule(next, kept);
    return conn.preparedQuery("""
            INSERT INTO loan_installment (contract_id, version, period, due_on, principal, interest, payment,
                                          outstanding_after)
            SELECT contract_id, $3, period, due_on, principal, interest, payment, outstanding_after
              FROM loan_installment WHERE contract_id = $1 AND version = $2 AND due_on <= $4""")
        .execute(Tuple.of(loan.contractId(), loan.scheduleVersion(), next, quote.day()))
        .compose(v -> conn.preparedQuery("UPDATE loan_contract SET schedule_version = $2 WHERE contract_id = $1")
            .execute(Tuple.of(loan.contractId(), next)))
        .compose(v -> new Policies(conn).asOf(quote.day()).map(OverduePolicy::of))
        .compose(policy -> book(conn, truncated, policy, source, businessRef, quote.day(),
            Money.of(quote.total()), fromAccount, memo, parts, PAYOFF));
  }

  /**
   * Books a partial prepayment: the quote's owed installments as any receipt would, the prepaid principal and its
   * accrued interest as parts of no installment (period 0), and the schedule's next version recomputed after the day
   * ({@link Reschedules}).
   */
  Future<Receipt> prepay(SqlConnection conn, ServicedLoan loan, PrepaymentQuote quote, Reschedules.Option option,
                         Source source, String businessRef, String fromAccount, String memo) {
    List<Part> parts = new ArrayList<>(Allocation.of(quote.owed(), quote.owedTotal()));
    parts.add(new Part(0, Kind.PRINCIPAL, false, quote.principal()));
    if (quote.accruedInterest().signum() > 0) {
      parts.add(new Part(0, Kind.INTEREST, false, quote.accruedInterest()));
    }
    short next = (short) (loan.scheduleVersion() + 1);
    return RepricingJob.schedule(conn, loan.contractId(), loan.scheduleVersion()).compose(current -> {
      List<Installment> rescheduled = Reschedules.after(current, loan.disbursedOn(), quote.day(), quote.principal(),
          loan.annualRate(), loan.method(), option);
      List<Period> periods = new ArrayList<>();
      for (Installment i : rescheduled) {
        List<Period.Received> received = i.period() <= loan.periods().size() && !i.due().isAfter(quote.day())
            ? loan.periods().get(i.period() - 1).received() : List.of();
        periods.add(new Period(i.period(), i.due(), i.principal(), i.interest(), received));
      }
      ServicedLoan replaced = loan.withSchedule(next, periods);
      return RepricingJob.write(conn, loan.contractId(), next, rescheduled)
          // A shorter schedule is the loan's term from now on.
          .compose(v -> conn.preparedQuery("UPDATE loan_contract SET schedule_version = $2, term_months = $3 "
                  + "WHERE contract_id = $1").execute(Tuple.of(loan.contractId(), next, rescheduled.size())))
          .compose(v -> new Policies(conn).asOf(quote.day()).map(OverduePolicy::of))
          .compose(policy -> book(conn, replaced, policy, source, businessRef, quote.day(), Money.of(quote.total()),
              fromAccount, memo, parts, PREPAYMENT));
    });
  }

  private Future<Receipt> book(SqlConnection conn, ServicedLoan loan, OverduePolicy policy, Source source,
                               String businessRef, LocalDate valueDate, Money amount, String fromAccount, String memo) {
    List<Owed> owed = Arrears.on(loan.periods(), loan.annualRate(), valueDate, policy);
    return book(conn, loan, policy, source, businessRef, valueDate, amount, fromAccount, memo,
        Allocation.of(owed, amount.toYuan()), null);
  }

  private Future<Receipt> book(SqlConnection conn, ServicedLoan loan, OverduePolicy policy, Source source,
                               String businessRef, LocalDate valueDate, Money amount, String fromAccount, String memo,
                               List<Part> parts, String detailTypeOrNull) {
    Money principal = Money.of(Allocation.sum(parts, Kind.PRINCIPAL));
    Money interest = Money.of(Allocation.sum(parts, Kind.INTEREST));
    Money penalty = Money.of(Allocation.sum(parts, Kind.PENALTY));
    Money unapplied = amount.minus(principal).minus(interest).minus(penalty);
    // JGJ/T 320 A.15: 05 repayment by withdrawal (the fund), 04 overdue repayment, 02 normal repayment.
    String detailType = detailTypeOrNull != null ? detailTypeOrNull : source == Source.FUND ? "05"
        : parts.stream().anyMatch(Part::overdue) ? "04" : "02";
    List<Ledger.Entry> entries = new ArrayList<>();
    entries.add(new Ledger.Entry(fromAccount, Ledger.Side.DEBIT, amount));
    credit(entries, receivable(loan.contractId()), principal);
    credit(entries, INTEREST_INCOME, interest);
    credit(entries, PENALTY_INCOME, penalty);
    credit(entries, OVERPAYMENTS, unapplied);
    UUID repaymentId = UUID.randomUUID();
    Future<Void> suspense = unapplied.isPositive()
        ? ledger.openAccount(conn, OVERPAYMENTS, "SUSPENSE", Ledger.Side.CREDIT, false, "贷款多收款项")
        : Future.succeededFuture();
    return suspense
        .compose(v -> ledger.post(conn, new Ledger.Posting("L" + detailType, businessRef, businessRef, valueDate, memo,
            entries)))
        // Nothing applied at all (nothing owed): the money waits in the overpayments account, with no repayment record.
        .compose(posted -> parts.isEmpty() ? Future.succeededFuture() : conn.preparedQuery("""
                INSERT INTO loan_repayment (repayment_id, contract_id, detail_type, source, business_ref, value_date,
                                            amount, principal, interest, penalty, ledger_txn)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""")
            .execute(Tuple.from(new Object[] {repaymentId, loan.contractId(), detailType, source.name(), businessRef,
                valueDate, amount.minus(unapplied).toYuan(), principal.toYuan(), interest.toYuan(), penalty.toYuan(),
                posted.txnId()})))
        .compose(v -> parts.isEmpty() ? Future.succeededFuture() : conn.preparedQuery("""
                INSERT INTO loan_repayment_part (repayment_id, contract_id, period, part, overdue, amount, value_date)
                VALUES ($1, $2, $3, $4, $5, $6, $7)""")
            .executeBatch(parts.stream().map(p -> Tuple.from(new Object[] {repaymentId, loan.contractId(), p.period(),
                p.kind().name(), p.overdue(), p.amount(), valueDate})).toList()).mapEmpty())
        .compose(v -> {
          List<Period> after = after(loan, parts, valueDate);
          LocalDate nextDue = after.stream().filter(p -> p.unpaid().signum() > 0).map(Period::dueOn).findFirst()
              .orElse(null);
          return conn.preparedQuery("UPDATE loan_contract SET next_due_on = $2 WHERE contract_id = $1")
              .execute(Tuple.of(loan.contractId(), nextDue)).map(after);
        })
        .compose(after -> {
          boolean settled = after.stream().allMatch(p -> p.unpaid().signum() == 0)
              && Arrears.on(after, loan.annualRate(), valueDate, policy).isEmpty();
          Receipt receipt = new Receipt(repaymentId, loan.contractId(), amount, principal, interest, penalty, unapplied,
              settled);
          return settled ? settle(conn, loan.contractId(), valueDate).map(receipt) : Future.succeededFuture(receipt);
        });
  }

  private static void credit(List<Ledger.Entry> entries, String account, Money amount) {
    if (amount.isPositive()) {
      entries.add(new Ledger.Entry(account, Ledger.Side.CREDIT, amount));
    }
  }

  /** The installments with these parts received on the value date. */
  static List<Period> after(ServicedLoan loan, List<Part> parts, LocalDate valueDate) {
    List<Period> after = new ArrayList<>();
    for (Period p : loan.periods()) {
      List<Period.Received> received = new ArrayList<>(p.received());
      BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
      parts.stream().filter(part -> part.period() == p.period()).forEach(part -> {
        int slot = part.kind() == Kind.PRINCIPAL ? 0 : part.kind() == Kind.INTEREST ? 1 : 2;
        sums[slot] = sums[slot].add(part.amount());
      });
      received.add(new Period.Received(valueDate, sums[0], sums[1], sums[2]));
      after.add(new Period(p.period(), p.dueOn(), p.principal(), p.interest(), received));
    }
    return after;
  }

  private static Future<Void> settle(SqlConnection conn, String contractId, LocalDate on) {
    return conn.preparedQuery("""
            UPDATE loan_contract SET state = 'SETTLED', settled_on = $2, updated_at = now()
             WHERE contract_id = $1 AND state = 'ACTIVE'""")
        .execute(Tuple.of(contractId, on))
        .compose(v -> conn.preparedQuery("""
            INSERT INTO loan_contract_history (contract_id, seq, state, reason, actor, entered_at)
            SELECT $1, coalesce(max(seq), 0) + 1, 'SETTLED', $2, 'servicing', now()
              FROM loan_contract_history WHERE contract_id = $1""")
            .execute(Tuple.of(contractId, "全部本息已还清（" + on + "）")))
        .mapEmpty();
  }
}
