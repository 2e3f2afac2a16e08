package hpf.loan;

import hpf.crypto.FieldCipher;
import hpf.kit.EncryptedColumn;
import hpf.kit.Masking;
import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The SQL of loan applications, their co-borrowers and checks, and how an application looks to callers. */
final class LoanRecords {

  static final String CARD_FIELD = "loan.repayment_card";

  private static final String SELECT = """
      SELECT a.*,
             (SELECT json_agg(json_build_object('personId', c.person_id, 'relation', c.relation) ORDER BY c.person_id)
                FROM loan_co_borrower c WHERE c.application_id = a.application_id) AS co_borrowers,
             (SELECT json_agg(json_build_object('round', k.round, 'party', k.party, 'source', k.source,
                              'outcome', k.outcome, 'detail', k.detail, 'evidenceId', k.evidence_id,
                              'checkedAt', k.checked_at) ORDER BY k.round, k.party, k.source)
                FROM loan_check k WHERE k.application_id = a.application_id) AS checks,
             (SELECT json_agg(json_build_object('state', h.state, 'reason', h.reason, 'actor', h.actor,
                              'enteredAt', h.entered_at) ORDER BY h.seq)
                FROM loan_state_history h WHERE h.application_id = a.application_id) AS history
        FROM loan_application a""";

  private final FieldCipher fields;

  LoanRecords(FieldCipher fields) {
    this.fields = fields;
  }

  static List<EncryptedColumn> encryptedColumns() {
    return List.of(new EncryptedColumn("loan_application", "application_id", "repayment_card_enc", CARD_FIELD));
  }

  /** A new application number; taken before verification so the evidence is filed under the application. */
  static Future<String> nextId(SqlClient sql) {
    return sql.query("SELECT 'L' || nextval('loan_application_number') AS id").execute()
        .map(rows -> rows.iterator().next().getString("id"));
  }

  Future<Void> insert(SqlConnection conn, String id, LoanRequest request, String accountNo, LoanCeiling.Found ceiling,
                      String state) {
    LoanRequest.Terms t = request.terms();
    return conn.preparedQuery("""
            INSERT INTO loan_application (application_id, person_id, account_no, contract_no, house_price, house_area,
                   house_kind, home_ordinal, amount, term_months, repayment_method, repayment_bank_code,
                   repayment_card_enc, repayment_card_idx, ceiling, binding_limit, channel, app_id, state,
                   shared_ownership)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)""")
        .execute(Tuple.from(new Object[] {id, request.personId(), accountNo, t.home().contractNo(),
            t.home().price().toYuan(), t.home().area(), t.home().kind(), (short) t.home().ordinal(),
            t.amount().toYuan(), t.termMonths(), t.method(), t.bankCode(),
            fields.encrypt(CARD_FIELD, id, t.cardNumber()),
            fields.blindIndex(CARD_FIELD, t.cardNumber()), ceiling.amount().toYuan(), ceiling.bindingLimit(),
            request.channel(), request.appId(), state, t.home().sharedOwnership()}))
        .compose(v -> request.coBorrowers().isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery("INSERT INTO loan_co_borrower (application_id, person_id, relation) "
                    + "VALUES ($1, $2, 'SPOUSE')")
                .executeBatch(request.coBorrowers().stream().map(c -> Tuple.of(id, c)).toList()).mapEmpty());
  }

  /** A resubmission's corrected terms and the ceiling found for them, in a new verification round. */
  Future<Void> correct(SqlConnection conn, String id, LoanRequest.Terms t, LoanCeiling.Found ceiling, int round) {
    return conn.preparedQuery("""
            UPDATE loan_application SET contract_no = $2, house_price = $3, house_area = $4, house_kind = $5,
                   home_ordinal = $6, amount = $7, term_months = $8, repayment_method = $9, repayment_bank_code = $10,
                   repayment_card_enc = $11, repayment_card_idx = $12, ceiling = $13, binding_limit = $14, round = $15,
                   shared_ownership = $16, updated_at = now()
             WHERE application_id = $1""")
        .execute(Tuple.from(new Object[] {id, t.home().contractNo(), t.home().price().toYuan(), t.home().area(),
            t.home().kind(), (short) t.home().ordinal(), t.amount().toYuan(), t.termMonths(), t.method(), t.bankCode(),
            fields.encrypt(CARD_FIELD, id, t.cardNumber()), fields.blindIndex(CARD_FIELD, t.cardNumber()),
            ceiling.amount().toYuan(), ceiling.bindingLimit(), (short) round, t.home().sharedOwnership()}))
        .mapEmpty();
  }

  static Future<Void> recordChecks(SqlConnection conn, String id, int round, List<LoanCheck> checks) {
    if (checks.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    checks.forEach(c -> rows.add(Tuple.of(id, (short) round, c.party(), c.source(), c.outcome().name(), c.detail(),
        c.evidenceId())));
    return conn.preparedQuery("""
            INSERT INTO loan_check (application_id, round, party, source, outcome, detail, evidence_id, checked_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, now())""")
        .executeBatch(rows).mapEmpty();
  }

  /** The application, locked; not found for another person (when {@code personId} is given). */
  static Future<Row> lock(SqlConnection conn, String id, String personId) {
    return conn.preparedQuery("SELECT * FROM loan_application WHERE application_id = $1 AND ($2::text IS NULL "
            + "OR person_id = $2) FOR UPDATE")
        .execute(Tuple.of(id, personId))
        .compose(rows -> rows.size() == 0 ? LoanProblems.<Row>refuse(LoanProblems.NOT_FOUND)
            : Future.succeededFuture(rows.iterator().next()));
  }

  /** The application as stored (no lock); not found for another person. */
  static Future<Row> row(SqlClient sql, String id, String personId) {
    return sql.preparedQuery("SELECT * FROM loan_application WHERE application_id = $1 AND person_id = $2")
        .execute(Tuple.of(id, personId))
        .compose(rows -> rows.size() == 0 ? LoanProblems.<Row>refuse(LoanProblems.NOT_FOUND)
            : Future.succeededFuture(rows.iterator().next()));
  }

  static Future<List<String>> coBorrowers(SqlClient sql, String id) {
    return sql.preparedQuery("SELECT person_id FROM loan_co_borrower WHERE application_id = $1 ORDER BY person_id")
        .execute(Tuple.of(id)).map(rows -> {
          List<String> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getString("person_id")));
          return ids;
        });
  }

  /** The terms a resubmission may correct, as stored (the card by its bank only), for the history of changes. */
  static JsonObject terms(Row row) {
    return new JsonObject().put("contractNo", row.getString("contract_no"))
        .put("price", Money.of(row.getBigDecimal("house_price")).toString())
        .put("area", row.getBigDecimal("house_area").toPlainString()).put("kind", row.getString("house_kind"))
        .put("homeOrdinal", (int) row.getShort("home_ordinal"))
        .put("sharedOwnership", row.getBoolean("shared_ownership"))
        .put("amount", Money.of(row.getBigDecimal("amount")).toString())
        .put("termMonths", row.getInteger("term_months")).put("repaymentMethod", row.getString("repayment_method"))
        .put("bankCode", row.getString("repayment_bank_code"));
  }

  Future<JsonObject> one(SqlClient sql, String personId, String id) {
    return sql.preparedQuery(SELECT + " WHERE a.application_id = $1 AND a.person_id = $2")
        .execute(Tuple.of(id, personId))
        .compose(rows -> rows.size() == 0 ? LoanProblems.<JsonObject>refuse(LoanProblems.NOT_FOUND)
            : Future.succeededFuture(toJson(rows.iterator().next())));
  }

  /** The person's applications, newest first (at most 100). */
  Future<JsonArray> list(SqlClient sql, String personId) {
    return sql.preparedQuery(SELECT
            + " WHERE a.person_id = $1 ORDER BY a.created_at DESC, a.application_id DESC LIMIT 100")
        .execute(Tuple.of(personId)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(toJson(row)));
          return items;
        });
  }

  private JsonObject toJson(Row row) {
    String id = row.getString("application_id");
    String card = fields.decrypt(CARD_FIELD, id, row.getString("repayment_card_enc"));
    return new JsonObject().put("applicationId", id).put("personId", row.getString("person_id"))
        .put("state", row.getString("state")).put("stateReason", row.getString("state_reason"))
        .put("home", new JsonObject().put("contractNo", row.getString("contract_no"))
            .put("price", Money.of(row.getBigDecimal("house_price")).toString())
            .put("area", row.getBigDecimal("house_area").toPlainString()).put("kind", row.getString("house_kind"))
            .put("homeOrdinal", (int) row.getShort("home_ordinal"))
            .put("sharedOwnership", row.getBoolean("shared_ownership")))
        .put("amount", Money.of(row.getBigDecimal("amount")).toString())
        .put("termMonths", row.getInteger("term_months"))
        .put("repaymentMethod", row.getString("repayment_method"))
        .put("repaymentCard", new JsonObject().put("bankCode", row.getString("repayment_bank_code"))
            .put("cardNumber", Masking.bankCard(card)))
        .put("ceiling", Money.of(row.getBigDecimal("ceiling")).toString())
        .put("bindingLimit", row.getString("binding_limit"))
        .put("channel", row.getString("channel")).put("round", (int) row.getShort("round"))
        .put("coBorrowers", array(row, "co_borrowers")).put("checks", array(row, "checks"))
        .put("history", array(row, "history"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
  }

  private static JsonArray array(Row row, String column) {
    Object value = row.getValue(column);
    return value instanceof JsonArray a ? a : new JsonArray();
  }
}
