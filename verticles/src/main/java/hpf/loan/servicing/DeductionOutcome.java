package hpf.loan.servicing;

import hpf.kit.Money;
import hpf.policy.Policies;
import hpf.settlement.PartnerBanks;
import hpf.settlement.SettlementOutcome;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The bank's answer to a deduction (business reference {@code loanrepay:<deduction id>}), in the dispatcher's
 * transaction. Collected: the money is booked as a receipt of the day the deduction was made for (so the split is
 * exactly what was asked: nothing else is received for the loan while a deduction is in flight) against the center's
 * special account at the collecting bank. Refused: the deduction is FAILED with the bank's reason; under a
 * card-first offset agreement the fund pays what it can at once; if anything is left owed the borrower is told by SMS
 * (sent after the commit) and the next deduction day asks again.
 * An answer seen twice books nothing twice (the deduction is no longer PENDING).
 */
final class DeductionOutcome implements SettlementOutcome {

  private final Receipts receipts = new Receipts();
  private final OffsetAgreements offsets = new OffsetAgreements();
  private final ServicingMetrics metrics;

  DeductionOutcome(ServicingMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<Void> succeeded(SqlConnection conn, Settled collected) {
    UUID deductionId = UUID.fromString(collected.recordId());
    return pending(conn, deductionId).compose(d -> d == null ? Future.succeededFuture()
        : receipts.receive(conn, d.loan(), Receipts.Source.CARD, collected.businessRef(), d.attemptOn(),
                collected.amount(), PartnerBanks.specialAccount(collected.bankCode()),
                "贷款扣款（银行流水 " + collected.hostSeqNo() + "）")
            .compose(receipt -> finish(conn, deductionId, "SUCCEEDED", null))
            .onSuccess(v -> metrics.deduction(conn, "SUCCEEDED")));
  }

  @Override
  public Future<Void> failed(SqlConnection conn, Settled refused, String reason) {
    UUID deductionId = UUID.fromString(refused.recordId());
    return pending(conn, deductionId).compose(d -> d == null ? Future.succeededFuture()
        : finish(conn, deductionId, "FAILED", reason)
            .compose(v -> fundAfterCard(conn, d))
            .compose(covered -> covered ? Future.succeededFuture()
                : LoanNotices.deductionFailed(conn, d.loan(), deductionId.toString(), d.attemptOn()))
            .onSuccess(v -> metrics.deduction(conn, "FAILED")));
  }

  /** Under a card-first offset agreement the fund pays what the card did not; true when nothing is left owed. */
  private Future<Boolean> fundAfterCard(SqlConnection conn, Pending d) {
    return OffsetAgreements.current(conn, d.loan().contractId()).compose(agreement -> {
      if (agreement == null || agreement.fundFirst()) {
        return Future.succeededFuture(false);
      }
      return new Policies(conn).asOf(d.attemptOn()).map(OverduePolicy::of).compose(policy -> {
        Money owed = OffsetAgreements.owed(d.loan(), d.attemptOn(), policy);
        return offsets.take(conn, d.loan(), agreement, d.attemptOn(), owed,
            Deductions.offsetRef(d.loan().contractId(), d.attemptOn())).map(taken -> !owed.minus(taken).isPositive());
      });
    });
  }

  /** A deduction still in flight, with its loan locked; null when it was answered already. */
  private record Pending(ServicedLoan loan, LocalDate attemptOn) {}

  /**
   * The loan is locked before the deduction, in the order the day's run takes them, so the two never deadlock. A
   * deduction that does not exist is a defect, not an answer seen twice: failing rolls the settling transaction back,
   * so the instruction goes to manual review (or the bank's notice is refused) instead of settling with no receipt.
   */
  private static Future<Pending> pending(SqlConnection conn, UUID deductionId) {
    return conn.preparedQuery("SELECT contract_id FROM loan_deduction WHERE deduction_id = $1")
        .execute(Tuple.of(deductionId))
        .compose(found -> found.size() == 0
            ? Future.failedFuture(new IllegalStateException("no loan deduction " + deductionId))
            : ServicedLoan.lock(conn, found.iterator().next().getString("contract_id")).compose(loan -> conn
                .preparedQuery("SELECT attempt_on FROM loan_deduction WHERE deduction_id = $1 AND state = 'PENDING' "
                    + "FOR UPDATE").execute(Tuple.of(deductionId))
                .map(rows -> rows.size() == 0 ? null
                    : new Pending(loan, rows.iterator().next().getLocalDate("attempt_on")))));
  }

  private static Future<Void> finish(SqlConnection conn, UUID deductionId, String state, String reason) {
    return conn.preparedQuery("UPDATE loan_deduction SET state = $2, reason = $3, finished_at = now() "
            + "WHERE deduction_id = $1").execute(Tuple.of(deductionId, state, reason)).mapEmpty();
  }
}
