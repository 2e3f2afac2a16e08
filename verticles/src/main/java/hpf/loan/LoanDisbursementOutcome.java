package hpf.loan;

import hpf.ledger.Ledger;
import hpf.loan.terms.Installment;
import hpf.loan.terms.LoanPolicies;
import hpf.loan.terms.RepaymentMethod;
import hpf.loan.terms.Schedule;
import hpf.loan.terms.Schedules;
import hpf.settlement.PartnerBanks;
import hpf.settlement.SettlementOutcome;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's answer to a disbursement (business reference {@code loan:<contract>}), in the dispatcher's transaction.
 * Paid: the payable goes down against the center's special account at the paying bank, the rate in force on the
 * bank's settlement day is fixed, the schedule is written from that day and the loan is ACTIVE. Refused: the booking
 * is reversed and the contract is DISBURSEMENT_FAILED with the bank's reason (staff may ask for a new payment). An
 * unknown result never reaches here: the dispatcher asks the bank until it knows, and never sends twice.
 */
final class LoanDisbursementOutcome implements SettlementOutcome {

  private static final String ACTOR = "settlement";

  private final Ledger ledger = new Ledger();
  private final LoanContractMetrics metrics;
  private final Clock clock;

  LoanDisbursementOutcome(LoanContractMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<Void> succeeded(SqlConnection conn, Settled paid) {
    String contractId = paid.recordId();
    OffsetDateTime now = OffsetDateTime.now(clock);
    return LoanContractRows.lock(conn, contractId, null).compose(contract -> ledger.post(conn, new Ledger.Posting(
                LoanDisbursements.BUSINESS_TYPE, paid.businessRef(), "settled:" + paid.instructionId(), paid.settledOn(),
                "贷款发放支付（银行流水 " + paid.hostSeqNo() + "）", List.of(
                    new Ledger.Entry(LoanDisbursements.PAYABLE, Ledger.Side.DEBIT, paid.amount()),
                    new Ledger.Entry(PartnerBanks.specialAccount(paid.bankCode()), Ledger.Side.CREDIT, paid.amount()))))
            .compose(posted -> LoanPolicies.inForce(conn, paid.settledOn()))
            .compose(policy -> {
              int months = contract.getInteger("term_months");
              Schedule schedule = Schedules.of(contract.getBigDecimal("principal"),
                  policy.rate(months, contract.getShort("home_ordinal")), months,
                  RepaymentMethod.ofCode(contract.getString("repayment_method")), paid.settledOn());
              return writeSchedule(conn, contractId, schedule)
                  .compose(v -> conn.preparedQuery("UPDATE loan_contract SET annual_rate = $2, disbursed_on = $3, "
                          + "next_due_on = $4 WHERE contract_id = $1")
                      .execute(Tuple.of(contractId, schedule.annualRate(), paid.settledOn(),
                          schedule.installments().get(0).due())))
                  .compose(v -> LoanContractRows.move(conn, contractId, LoanContractRows.DISBURSING,
                      LoanContractRows.ACTIVE, "银行流水 " + paid.hostSeqNo(), ACTOR, now));
            })
            .onSuccess(v -> metrics.disbursement(conn, "PAID")));
  }

  @Override
  public Future<Void> failed(SqlConnection conn, Settled refused, String reason) {
    String contractId = refused.recordId();
    OffsetDateTime now = OffsetDateTime.now(clock);
    return LoanContractRows.lock(conn, contractId, null).compose((Row contract) -> ledger.reverse(conn,
                contract.getUUID("ledger_txn"), "failed:" + refused.instructionId(), refused.settledOn(),
                "贷款发放失败冲正：" + reason)
            .compose(reversed -> LoanContractRows.move(conn, contractId, LoanContractRows.DISBURSING,
                LoanContractRows.DISBURSEMENT_FAILED, reason, ACTOR, now))
            .onSuccess(v -> metrics.disbursement(conn, "FAILED")));
  }

  /** The schedule, once: the rows are append-only, and a contract becomes ACTIVE only once. */
  private static Future<Void> writeSchedule(SqlConnection conn, String contractId, Schedule schedule) {
    List<Tuple> rows = new ArrayList<>(schedule.installments().size());
    for (Installment i : schedule.installments()) {
      rows.add(Tuple.of(contractId, i.period(), i.due(), i.principal(), i.interest(), i.payment())
          .addValue(i.outstandingAfter()));
    }
    return conn.preparedQuery("""
            INSERT INTO loan_installment (contract_id, period, due_on, principal, interest, payment, outstanding_after)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""").executeBatch(rows).mapEmpty();
  }
}
