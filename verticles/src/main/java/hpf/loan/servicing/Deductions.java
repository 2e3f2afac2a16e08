package hpf.loan.servicing;

import hpf.crypto.FieldCipher;
import hpf.identity.People;
import hpf.kit.Money;
import hpf.policy.Policies;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The day's deductions from the repayment cards (按月扣款): for every active loan with an installment not received
 * in full whose due date is today or whose grace period has begun, one collection (BusType 05) of everything owed
 * today, through the settlement outbox. At most one attempt per loan and day and one in flight per loan (unique
 * indexes), each written with its instruction in one transaction with the loan locked: a run on every node at once,
 * or a run again, asks no period twice. The bank's answer comes back through {@link DeductionOutcome}. Under a
 * fund-first offset agreement the fund pays first in the same transaction, and the card only for the rest.
 */
final class Deductions {

  static final String PREFIX = "loanrepay";
  static final String BUS_TYPE = "05";
  private static final String CARD_FIELD = "loan.repayment_card";
  private static final int CHUNK = 200;

  /** What a run did for a day: loans looked at, deductions sent to the outbox. */
  record Run(LocalDate day, int looked, int enqueued) {}

  private final Pool pool;
  private final FieldCipher fields;
  private final PayeeAccounts payees;
  private final SettlementOutbox outbox = new SettlementOutbox();
  private final ServicingMetrics metrics;
  private final OffsetAgreements offsets = new OffsetAgreements();

  Deductions(Pool pool, FieldCipher fields, ServicingMetrics metrics) {
    this.pool = pool;
    this.fields = fields;
    this.payees = new PayeeAccounts(fields);
    this.metrics = metrics;
  }

  Future<Run> run(LocalDate day) {
    return new Policies(pool).asOf(day).map(OverduePolicy::of)
        .compose(policy -> chunk(day, policy, "", new Run(day, 0, 0)));
  }

  /** One chunk of candidates after {@code after} (contract id order), one loan after the other, then the next. */
  private Future<Run> chunk(LocalDate day, OverduePolicy policy, String after, Run sofar) {
    return pool.preparedQuery("""
            SELECT c.contract_id FROM loan_contract c
             WHERE c.state = 'ACTIVE' AND c.next_due_on <= $1 AND c.contract_id > $3
               AND (c.next_due_on = $1 OR c.next_due_on + $2::int <= $1)
               AND NOT EXISTS (SELECT 1 FROM loan_deduction d WHERE d.contract_id = c.contract_id
                                 AND (d.attempt_on = $1 OR d.state = 'PENDING'))
               AND NOT EXISTS (SELECT 1 FROM loan_payoff p WHERE p.contract_id = c.contract_id AND p.state = 'PENDING')
               AND NOT EXISTS (SELECT 1 FROM loan_prepayment p WHERE p.contract_id = c.contract_id
                                 AND p.state = 'COLLECTING')
             ORDER BY c.contract_id LIMIT $4""")
        .execute(Tuple.of(day, policy.graceStartDays(), after, CHUNK))
        .compose(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getString("contract_id")));
          Future<Run> chain = Future.succeededFuture(sofar);
          for (String id : ids) {
            chain = chain.compose(run -> pool.withTransaction(conn -> deduct(conn, id, day, policy))
                .map(sent -> new Run(day, run.looked() + 1, run.enqueued() + (sent ? 1 : 0))));
          }
          return ids.size() < CHUNK ? chain
              : chain.compose(run -> chunk(day, policy, ids.get(ids.size() - 1), run));
        });
  }

  /** The loan's deduction of the day, if one is due and none is in flight; answers whether one was enqueued. */
  Future<Boolean> deduct(SqlConnection conn, String contractId, LocalDate day, OverduePolicy policy) {
    return ServicedLoan.lock(conn, contractId).compose(loan -> {
      if (loan == null || !"ACTIVE".equals(loan.state())) {
        return Future.succeededFuture(false);
      }
      // Once a day, and nothing while another payment of the loan is with a bank.
      return conn.preparedQuery("SELECT 1 FROM loan_deduction WHERE contract_id = $1 AND attempt_on = $2")
          .execute(Tuple.of(contractId, day))
          .compose(today -> ServicedLoan.paymentInFlight(conn, contractId).map(inFlight -> today.size() > 0 || inFlight))
          .compose(busy -> {
            List<Owed> owed = Arrears.on(loan.periods(), loan.annualRate(), day, policy);
            boolean due = owed.stream().anyMatch(o -> o.principal().add(o.interest()).signum() > 0
                && policy.deductionDay(o.dueOn(), day));
            if (busy || !due) {
              return Future.succeededFuture(false);
            }
            Money amount = Money.of(owed.stream().map(Owed::total).reduce(BigDecimal.ZERO, BigDecimal::add));
            return OffsetAgreements.current(conn, contractId).compose(agreement -> {
              if (agreement == null || !agreement.fundFirst()) {
                return card(conn, loan, day, policy);
              }
              // 冲还贷, fund first: the fund pays what it can; the card is asked for the rest, if any.
              return offsets.take(conn, loan, agreement, day, amount, offsetRef(contractId, day))
                  .compose(taken -> !amount.minus(taken).isPositive() ? Future.succeededFuture(true)
                      : ServicedLoan.read(conn, contractId)
                          .compose(fresh -> card(conn, fresh, day, policy)));
            });
          });
    });
  }

  /** The business reference of the fund's part of a loan's deduction day (one receipt per loan and day at most). */
  static String offsetRef(String contractId, LocalDate day) {
    return "loanoffset:" + contractId + ":" + day;
  }

  /**
   * The card's deduction of everything still owed on {@code day} through the outbox, with its principal, interest and
   * penalty split (the bank files it with the row; the full-amount flag makes it collect all or nothing).
   */
  private Future<Boolean> card(SqlConnection conn, ServicedLoan loan, LocalDate day, OverduePolicy policy) {
    String contractId = loan.contractId();
    UUID id = UUID.randomUUID();
    List<Owed> owed = Arrears.on(loan.periods(), loan.annualRate(), day, policy);
    SettlementOutbox.Split split = new SettlementOutbox.Split(
        Money.of(owed.stream().map(Owed::principal).reduce(BigDecimal.ZERO, BigDecimal::add)),
        Money.of(owed.stream().map(Owed::interest).reduce(BigDecimal.ZERO, BigDecimal::add)),
        Money.of(owed.stream().map(Owed::penalty).reduce(BigDecimal.ZERO, BigDecimal::add)));
    Money amount = split.total();
    return payee(conn, loan)
                .compose(payee -> conn.preparedQuery("""
                        INSERT INTO loan_deduction (deduction_id, contract_id, attempt_on, amount, state)
                        VALUES ($1, $2, $3, $4, 'PENDING')""")
                    .execute(Tuple.of(id, contractId, day, amount.toYuan()))
                    .compose(v -> outbox.enqueueLoanDeduction(conn, new SettlementOutbox.ToAccount(BUS_TYPE, payee,
                        amount, PREFIX + ":" + id), split)))
                .compose(instruction -> conn.preparedQuery(
                        "UPDATE loan_deduction SET instruction_id = $2 WHERE deduction_id = $1")
                    .execute(Tuple.of(id, instruction)))
                .onSuccess(v -> metrics.deduction(conn, "ENQUEUED"))
                .map(true);
  }

  /**
   * The repayment card as a settlement payee: registered from the application's card (decrypted for this moment
   * only) the first time, then kept on the contract.
   */
  Future<PayeeAccounts.Payee> payee(SqlConnection conn, ServicedLoan loan) {
    if (loan.repaymentPayeeId() != null) {
      return PayeeAccounts.find(conn, loan.repaymentPayeeId());
    }
    return conn.preparedQuery("SELECT repayment_bank_code, repayment_card_enc FROM loan_application "
            + "WHERE application_id = $1").execute(Tuple.of(loan.applicationId()))
        .compose(rows -> {
          var card = rows.iterator().next();
          String number = fields.decrypt(CARD_FIELD, loan.applicationId(), card.getString("repayment_card_enc"));
          return People.name(conn, loan.personId())
              .compose(name -> payees.register(conn, card.getString("repayment_bank_code"), name, number));
        })
        .compose(payee -> conn.preparedQuery("UPDATE loan_contract SET repayment_payee_id = $2 WHERE contract_id = $1")
            .execute(Tuple.of(loan.contractId(), payee.payeeId())).map(payee));
  }
}
