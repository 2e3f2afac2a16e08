package hpf.dataset;

import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.SignedDocument;
import hpf.crypto.Sm2Keys;
import hpf.loan.servicing.LoanServicing;
import hpf.loan.terms.Installment;
import hpf.loan.terms.RepaymentMethod;
import hpf.loan.terms.Schedule;
import hpf.loan.terms.Schedules;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

import static hpf.dataset.DatasetGeneratorTest.count;
import static hpf.dataset.DatasetGeneratorTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a generated data set's loans must be: every application and contract state present, each application with
 * its history and review case in the matching state, the repayment card and payee encrypted, contracts signed by the
 * platform's key, active loans with a schedule exact to the fen that repays the principal, and the bookings the
 * loans imply (the receivable of each loan asked for, a held payment for each one the bank has not paid).
 */
final class GeneratedLoansCheck {

  private GeneratedLoansCheck() {}

  static void assertLoans(Connection conn, FieldCipher fields, KeyRing<Sm2Keys.Private> keys) throws SQLException {
    for (String state : List.of("IN_REVIEW", "RETURNED", "APPROVED", "REFUSED", "CANCELLED", "CONTRACTED")) {
      assertThat(count(conn, "SELECT count(*) FROM loan_application WHERE state = '" + state + "'")).as(state)
          .isPositive();
    }
    for (String state : List.of("SIGNED", "PRE_REGISTERED", "DISBURSING", "ACTIVE")) {
      assertThat(count(conn, "SELECT count(*) FROM loan_contract WHERE state = '" + state + "'")).as(state).isPositive();
    }
    long applications = count(conn, "SELECT count(*) FROM loan_application");
    // One application per borrower, each with its history ending in its state and a case in the matching state.
    assertThat(count(conn, "SELECT count(DISTINCT person_id) FROM loan_application")).isEqualTo(applications);
    assertThat(count(conn, """
        SELECT count(*) FROM loan_application a
         WHERE a.state = (SELECT h.state FROM loan_state_history h WHERE h.application_id = a.application_id
                           ORDER BY h.seq DESC LIMIT 1)
           AND (SELECT h.state FROM loan_state_history h WHERE h.application_id = a.application_id AND h.seq = 1)
               = 'SUBMITTED'""")).isEqualTo(applications);
    assertThat(count(conn, """
        SELECT count(*) FROM loan_application a JOIN review_case c
               ON c.business_type = 'LOAN_APPLICATION' AND c.business_id = a.application_id
         WHERE c.state = CASE WHEN a.state = 'CONTRACTED' THEN 'APPROVED' ELSE a.state END
           AND (SELECT count(*) FROM review_action x WHERE x.case_id = c.case_id AND x.outcome = 'OPEN') = 1""")
    ).isEqualTo(applications);
    // Four eyes: no one decided two steps of a case.
    assertThat(count(conn, """
        SELECT count(*) FROM (SELECT case_id, actor_id FROM review_action WHERE actor_kind = 'STAFF'
                               GROUP BY case_id, actor_id HAVING count(*) > 1) twice""")).isZero();
    for (String[] row : rows(conn, """
        SELECT a.application_id, a.repayment_card_enc, c.card_enc, c.card_id::text FROM loan_application a
          JOIN bank_card c ON c.person_id = a.person_id""")) {
      assertThat(fields.decrypt("loan.repayment_card", row[0], row[1]))
          .isEqualTo(fields.decrypt("bank_card.number", row[3], row[2]));
    }
    for (String[] row : rows(conn, "SELECT document::text FROM loan_contract")) {
      assertThat(SignedDocument.verify(new JsonObject(row[0]).getMap(),
          id -> id.equals(keys.id() + ":" + keys.currentVersion()) ? keys.current().publicKey() : null)).isTrue();
    }
    for (String[] row : rows(conn, "SELECT payee_id::text, number_enc, number_masked FROM payee_account")) {
      String number = fields.decrypt("payee_account.number", row[0], row[1]);
      assertThat(number.substring(number.length() - 4)).isEqualTo(row[2].substring(row[2].length() - 4));
    }
    assertActiveSchedules(conn);
    // Every loan asked for is a receivable of its principal; one not yet paid has its payment held for release.
    assertThat(count(conn, """
        SELECT count(*) FROM loan_contract c JOIN ledger_balance b ON b.account_id = 'LOAN:' || c.contract_id
         WHERE b.balance = c.principal - (SELECT coalesce(sum(p.amount), 0) FROM loan_repayment_part p
                                           WHERE p.contract_id = c.contract_id AND p.part = 'PRINCIPAL')
           AND c.ledger_txn IS NOT NULL""")).isEqualTo(
        count(conn, "SELECT count(*) FROM loan_contract WHERE state IN ('DISBURSING', 'ACTIVE')"));
    assertThat(count(conn, """
        SELECT count(*) FROM loan_contract c JOIN settlement_instruction s ON s.instruction_id = c.instruction_id
         WHERE c.state = 'DISBURSING' AND s.status = 'HELD' AND s.amount = c.principal AND s.bus_type = '04'
           AND s.business_ref = 'loan:' || c.contract_id""")).isEqualTo(
        count(conn, "SELECT count(*) FROM loan_contract WHERE state = 'DISBURSING'"));
    assertThat(count(conn, "SELECT coalesce(sum(balance), 0)::bigint FROM ledger_balance WHERE account_id = 'PAYABLE:loan-disbursements'"))
        .isEqualTo(count(conn, "SELECT coalesce(sum(principal), 0)::bigint FROM loan_contract WHERE state = 'DISBURSING'"));
  }

  /**
   * The active loans' repayment histories up to the data set's last day, as servicing would have left them: every
   * loan has its next due date (the oldest installment not received in full); a loan whose card was refused at its
   * last deduction is overdue that day, every other one owes nothing; each collected deduction is one receipt booked
   * by one ledger transaction under its business reference; a late installment bears the penalty of its days late;
   * the books and the loan books reconcile.
   */
  static void assertRepayments(Connection conn, Pool pool, LocalDate lastDay, JsonObject loanBooks)
      throws SQLException {
    assertThat(loanBooks.getBoolean("balanced")).as(loanBooks.encodePrettily()).isTrue();
    assertThat(count(conn, "SELECT count(*) FROM loan_contract WHERE state = 'ACTIVE' AND next_due_on IS NULL")).isZero();
    assertThat(count(conn, """
        SELECT count(*) FROM loan_contract c WHERE c.state = 'ACTIVE' AND c.next_due_on IS DISTINCT FROM
          (SELECT min(i.due_on) FROM loan_installment i WHERE i.contract_id = c.contract_id AND i.payment >
             (SELECT coalesce(sum(p.amount), 0) FROM loan_repayment_part p WHERE p.contract_id = i.contract_id
                 AND p.period = i.period AND p.part <> 'PENALTY'))""")).isZero();
    // Receipts: one per collected deduction, booked (L02 / L04) under loanrepay:<deduction id>, split into its parts.
    long receipts = count(conn, "SELECT count(*) FROM loan_repayment");
    assertThat(receipts).isPositive().isEqualTo(count(conn, "SELECT count(*) FROM loan_deduction WHERE state = 'SUCCEEDED'"));
    assertThat(count(conn, """
        SELECT count(*) FROM loan_repayment r
          JOIN loan_deduction d ON r.business_ref = 'loanrepay:' || d.deduction_id AND d.state = 'SUCCEEDED'
               AND d.amount = r.amount AND d.attempt_on = r.value_date AND d.contract_id = r.contract_id
          JOIN ledger_transaction t ON t.txn_id = r.ledger_txn AND t.idempotency_key = r.business_ref
               AND t.business_type = 'L' || r.detail_type AND t.business_date = r.value_date
          JOIN ledger_entry e ON e.txn_id = t.txn_id AND e.side = 'DEBIT' AND e.amount = r.amount
               AND e.account_id LIKE 'BANK:%'
         WHERE r.source = 'CARD' AND r.amount = (SELECT sum(p.amount) FROM loan_repayment_part p
                                                   WHERE p.repayment_id = r.repayment_id)""")).isEqualTo(receipts);
    assertThat(count(conn, "SELECT count(*) FROM loan_deduction WHERE state = 'FAILED' AND reason <> 'B2003 余额不足'"))
        .isZero();
    assertThat(count(conn, "SELECT count(*) FROM loan_deduction WHERE state = 'PENDING'")).isZero();
    long overdue = 0;
    for (String[] row : rows(conn, """
        SELECT c.contract_id, (SELECT d.state FROM loan_deduction d WHERE d.contract_id = c.contract_id
                                ORDER BY d.attempt_on DESC LIMIT 1)
          FROM loan_contract c WHERE c.state = 'ACTIVE'""")) {
      JsonObject summary = LoanServicing.summary(pool, row[0], lastDay).await();
      if ("FAILED".equals(row[1])) {
        overdue++;
        assertThat(summary.getInteger("overduePeriods")).as(summary.encodePrettily()).isPositive();
      } else {
        assertThat(summary.getJsonObject("owed").getString("total")).as(summary.encodePrettily()).isEqualTo("0.00");
        assertThat(summary.getInteger("overduePeriods")).isZero();
      }
    }
    assertThat(overdue).isPositive();
    assertLatePenalties(conn);
  }

  /**
   * A late installment (received in one overdue receipt) bears penalty interest for each day from its due date to
   * the day received: payment × rate × 1.5 / 360 × days, to the fen (the seeded overdue policy).
   */
  private static void assertLatePenalties(Connection conn) throws SQLException {
    List<String[]> late = rows(conn, """
        SELECT i.payment::text, c.annual_rate::text, (r.value_date - i.due_on)::text, r.penalty::text
          FROM loan_repayment r JOIN loan_contract c ON c.contract_id = r.contract_id
          JOIN loan_installment i ON i.contract_id = r.contract_id
               AND i.period = (SELECT min(p.period) FROM loan_repayment_part p WHERE p.repayment_id = r.repayment_id)
         WHERE r.detail_type = '04'""");
    assertThat(late).isNotEmpty();
    for (String[] row : late) {
      BigDecimal expected = new BigDecimal(row[0]).multiply(new BigDecimal(row[1])).multiply(new BigDecimal("1.5"))
          .multiply(new BigDecimal(row[2])).divide(new BigDecimal("360"), 2, RoundingMode.HALF_UP);
      assertThat(new BigDecimal(row[3])).as(String.join(" ", row)).isEqualByComparingTo(expected).isPositive();
    }
  }

  /** Each active loan's rows are the schedule computed again from its terms; the principal sums to the loan. */
  private static void assertActiveSchedules(Connection conn) throws SQLException {
    List<String[]> active = rows(conn, """
        SELECT contract_id, principal::text, annual_rate::text, term_months::text, repayment_method, disbursed_on::text,
               (SELECT sum(principal)::text FROM loan_installment i WHERE i.contract_id = c.contract_id),
               (SELECT count(*)::text FROM loan_installment i WHERE i.contract_id = c.contract_id)
          FROM loan_contract c WHERE state = 'ACTIVE'""");
    for (String[] row : active) {
      BigDecimal principal = new BigDecimal(row[1]);
      assertThat(new BigDecimal(row[6])).as(row[0]).isEqualByComparingTo(principal);
      assertThat(Integer.parseInt(row[7])).isEqualTo(Integer.parseInt(row[3]));
      Schedule expected = Schedules.of(principal, new BigDecimal(row[2]), Integer.parseInt(row[3]),
          RepaymentMethod.ofCode(row[4]), LocalDate.parse(row[5]));
      List<String[]> stored = rows(conn, "SELECT period::text, due_on::text, principal::text, interest::text, "
          + "outstanding_after::text FROM loan_installment WHERE contract_id = '" + row[0] + "' ORDER BY loan_installment.period");
      for (int k = 0; k < stored.size(); k++) {
        Installment i = expected.installments().get(k);
        assertThat(stored.get(k)).containsExactly(String.valueOf(i.period()), i.due().toString(),
            i.principal().toPlainString(), i.interest().toPlainString(), i.outstandingAfter().toPlainString());
      }
    }
  }

  /**
   * The day after the last day servicing carries on with the generated loans: an overdue loan is asked for
   * everything it owes that day (its repayment card, encrypted as the loan room does, registered as a payee).
   */
  static void servicingTakesOver(ScratchDatabase db, java.time.LocalDate day) throws Exception {
    String overdue;
    try (Connection conn = db.connect()) {
      overdue = rows(conn, """
          SELECT c.contract_id FROM loan_contract c WHERE c.state = 'ACTIVE'
             AND (SELECT d.state FROM loan_deduction d WHERE d.contract_id = c.contract_id
                   ORDER BY d.attempt_on DESC LIMIT 1) = 'FAILED' ORDER BY c.contract_id LIMIT 1""").get(0)[0];
    }
    String owed = hpf.loan.servicing.LoanServicing.summary(db.pool, overdue, day).await()
        .getJsonObject("owed").getString("total");
    assertThat(servicing(db).deductOne(overdue, day).await()).isTrue();
    try (Connection conn = db.connect()) {
      assertThat(rows(conn, "SELECT d.amount::text, d.state, c.repayment_payee_id IS NOT NULL FROM loan_deduction d "
          + "JOIN loan_contract c ON c.contract_id = d.contract_id WHERE d.contract_id = '" + overdue
          + "' AND d.attempt_on = '" + day + "'").get(0)).containsExactly(owed, "PENDING", "t");
    }
  }

  /** The loan books' reconciliation (hpf.loan.servicing) on a scratch database. */
  static io.vertx.core.json.JsonObject loanBooks(ScratchDatabase db) {
    return servicing(db).reconcile().await();
  }

  /** Loan servicing on a scratch database (only its pool is used). */
  private static hpf.loan.servicing.LoanServicing servicing(ScratchDatabase db) {
    // No Vert.x, platform key or SMS gateway: the checks neither sign certificates nor send notices.
    return new hpf.loan.servicing.LoanServicing(null, new hpf.identity.Kit(db.pool, null, null, null,
        java.time.Clock.systemUTC()), DatasetGeneratorTest.FIELDS, null, null, null,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }
}
