package hpf.dataset;

import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.SignedDocument;
import hpf.crypto.Sm2Keys;
import hpf.loan.terms.Installment;
import hpf.loan.terms.RepaymentMethod;
import hpf.loan.terms.Schedule;
import hpf.loan.terms.Schedules;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
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
         WHERE b.balance = c.principal AND c.ledger_txn IS NOT NULL""")).isEqualTo(
        count(conn, "SELECT count(*) FROM loan_contract WHERE state IN ('DISBURSING', 'ACTIVE')"));
    assertThat(count(conn, """
        SELECT count(*) FROM loan_contract c JOIN settlement_instruction s ON s.instruction_id = c.instruction_id
         WHERE c.state = 'DISBURSING' AND s.status = 'HELD' AND s.amount = c.principal AND s.bus_type = '04'
           AND s.business_ref = 'loan:' || c.contract_id""")).isEqualTo(
        count(conn, "SELECT count(*) FROM loan_contract WHERE state = 'DISBURSING'"));
    assertThat(count(conn, "SELECT coalesce(sum(balance), 0)::bigint FROM ledger_balance WHERE account_id = 'PAYABLE:loan-disbursements'"))
        .isEqualTo(count(conn, "SELECT coalesce(sum(principal), 0)::bigint FROM loan_contract WHERE state = 'DISBURSING'"));
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
}
