package hpf.dataset;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fingerprint of everything a data set writes: every generated column except the SM4-GCM ciphertexts (their nonces
 * are random; the blind indexes stand for the values) and the moments the database stamps itself.
 */
final class Digest {

  private static final Map<String, String> COLUMNS = new TreeMap<>(Map.ofEntries(
      Map.entry("employer", "employer_id, credit_code, name, status, employer_ratio, member_ratio, opened_on, paid_through, created_at"),
      Map.entry("person", "person_id, name, id_number_idx, phone_idx, password_hash, created_at"),
      Map.entry("member_account", "*"),
      Map.entry("bank_card", "card_id, person_id, bank_code, card_idx, bound_at, unbound_at"),
      // The center's own accounts were opened by migrations, at their own moment.
      Map.entry("ledger_account", "account_id, kind, normal_side, allow_negative, name, "
          + "CASE WHEN kind = 'MEMBER' THEN created_at END AS created_at"),
      Map.entry("ledger_balance", "account_id, balance"),
      Map.entry("ledger_transaction", "*"),
      Map.entry("ledger_entry", "txn_id, account_id, side, amount"),
      Map.entry("remittance", "*"),
      Map.entry("remittance_line", "*"),
      Map.entry("settlement_instruction", "*"),
      Map.entry("withdrawal_application", "*"),
      Map.entry("loan_application", "application_id, person_id, account_no, contract_no, house_price, house_area, "
          + "house_kind, home_ordinal, amount, term_months, repayment_method, repayment_bank_code, repayment_card_idx, "
          + "ceiling, binding_limit, channel, app_id, state, state_reason, created_at, updated_at"),
      Map.entry("loan_state_history", "*"),
      // An SM2 signature is randomised like a ciphertext: the signed content stands for the document.
      Map.entry("loan_contract", "contract_id, application_id, person_id, principal, term_months, payee_id, "
          + "document->'content' AS content, state, annual_rate, disbursed_on, instruction_id, ledger_txn, next_due_on, "
          + "settled_on, updated_at"),
      Map.entry("loan_deduction", "*"),
      Map.entry("loan_repayment", "*"),
      Map.entry("loan_repayment_part", "*"),
      Map.entry("loan_contract_history", "*"),
      Map.entry("loan_installment", "*"),
      Map.entry("review_case", "*"),
      Map.entry("review_action", "case_id, round, step, role, actor_kind, actor_id, outcome, reason, at"),
      Map.entry("payee_account", "payee_id, bank_code, account_name, number_idx, number_masked"),
      Map.entry("dataset_run", "seed, members, employers, months, through, purpose, requested_by, row_counts")));

  private Digest() {}

  static String of(ScratchDatabase db) throws SQLException {
    StringBuilder all = new StringBuilder();
    try (Connection conn = db.connect(); Statement st = conn.createStatement()) {
      for (Map.Entry<String, String> table : COLUMNS.entrySet()) {
        try (ResultSet rs = st.executeQuery("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM (SELECT "
            + table.getValue() + " FROM " + table.getKey() + ") t")) {
          rs.next();
          all.append(table.getKey()).append('=').append(rs.getString(1)).append(';');
        }
      }
    }
    return all.toString();
  }
}
