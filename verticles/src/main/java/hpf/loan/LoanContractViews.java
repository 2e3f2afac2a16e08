package hpf.loan;

import hpf.kit.Money;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** What a member or staff see of a loan contract: its terms and state, the signed document, history and schedule. */
final class LoanContractViews {

  private LoanContractViews() {}

  /** The contract of {@code personId} (null: any, for staff); not found for another person's. */
  static Future<JsonObject> one(SqlClient sql, String contractId, String personId) {
    return sql.preparedQuery("""
            SELECT c.*,
                   (SELECT json_agg(json_build_object('state', h.state, 'reason', h.reason, 'actor', h.actor,
                                    'enteredAt', h.entered_at) ORDER BY h.seq)
                      FROM loan_contract_history h WHERE h.contract_id = c.contract_id) AS history,
                   (SELECT json_agg(json_build_array(i.period, i.due_on, i.principal::text, i.interest::text,
                                    i.payment::text, i.outstanding_after::text) ORDER BY i.period)
                      FROM loan_installment i WHERE i.contract_id = c.contract_id
                       AND i.version = c.schedule_version) AS schedule
              FROM loan_contract c WHERE c.contract_id = $1 AND ($2::text IS NULL OR c.person_id = $2)""")
        .execute(Tuple.of(contractId, personId))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new ProblemException(LoanContractProblems.CONTRACT_NOT_FOUND))
            : Future.succeededFuture(json(rows.iterator().next())));
  }

  /** The person's contracts, newest first (the last 50), without documents and schedules. */
  static Future<JsonArray> list(SqlClient sql, String personId) {
    return sql.preparedQuery("""
            SELECT contract_id, application_id, principal, term_months, repayment_method, state, annual_rate,
                   disbursed_on, signed_at
              FROM loan_contract WHERE person_id = $1 ORDER BY signed_at DESC, contract_id DESC LIMIT 50""")
        .execute(Tuple.of(personId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(new JsonObject().put("contractId", row.getString("contract_id"))
              .put("applicationId", row.getString("application_id"))
              .put("principal", Money.of(row.getBigDecimal("principal")).toString())
              .put("termMonths", row.getInteger("term_months")).put("repaymentMethod", row.getString("repayment_method"))
              .put("state", row.getString("state"))
              .put("annualRate", row.getBigDecimal("annual_rate") == null ? null
                  : row.getBigDecimal("annual_rate").stripTrailingZeros().toPlainString())
              .put("disbursedOn", row.getLocalDate("disbursed_on") == null ? null
                  : row.getLocalDate("disbursed_on").toString())
              .put("signedAt", row.getOffsetDateTime("signed_at").toString())));
          return items;
        });
  }

  static JsonObject json(Row row) {
    JsonObject out = new JsonObject().put("contractId", row.getString("contract_id"))
        .put("applicationId", row.getString("application_id")).put("personId", row.getString("person_id"))
        .put("accountNo", row.getString("account_no"))
        .put("principal", Money.of(row.getBigDecimal("principal")).toString())
        .put("termMonths", row.getInteger("term_months")).put("repaymentMethod", row.getString("repayment_method"))
        .put("homeOrdinal", (int) row.getShort("home_ordinal")).put("houseContractNo", row.getString("house_contract_no"))
        .put("payee", new JsonObject().put("bankCode", row.getString("payee_bank_code"))
            .put("accountName", row.getString("payee_name")).put("accountNo", row.getString("payee_masked")))
        .put("state", row.getString("state")).put("stateReason", row.getString("state_reason"))
        .put("preRegistrationNo", row.getString("pre_registration_no"))
        .put("annualRate", row.getBigDecimal("annual_rate") == null ? null : row.getBigDecimal("annual_rate")
            .stripTrailingZeros().toPlainString())
        .put("disbursedOn", row.getLocalDate("disbursed_on") == null ? null : row.getLocalDate("disbursed_on").toString())
        .put("signedAt", row.getOffsetDateTime("signed_at").toString())
        .put("document", row.getJsonObject("document"));
    if (row.getString("mortgagor_id_masked") != null) {
      out.put("mortgagor", new JsonObject().put("name", row.getString("mortgagor_name"))
          .put("idNumber", row.getString("mortgagor_id_masked")));
    }
    if (row.getValue("collateral") != null) {
      out.put("collateral", row.getJsonObject("collateral"));
    }
    Object history = row.getValue("history");
    out.put("history", history == null ? new JsonArray() : history);
    Object schedule = row.getValue("schedule");
    if (schedule != null) {
      out.put("schedule", new JsonObject().put("columns", new JsonArray(LoanContractDocument.SCHEDULE_COLUMNS))
          .put("rows", schedule));
    }
    return out;
  }
}
