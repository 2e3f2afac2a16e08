package hpf.withdrawal;

import hpf.crypto.FieldCipher;
import hpf.kit.Money;
import hpf.ledger.LedgerQueries;
import hpf.settlement.SettlementOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The SQL of withdrawal applications, their checks and reviews, and how they look to callers. */
final class WithdrawalRecords {

  static final String HEIR_ID_FIELD = "withdrawal.heir_id_number";

  private WithdrawalRecords() {}

  /** The encrypted heir identity numbers, for key rotation (the heir's account is a settlement payee). */
  static List<hpf.kit.EncryptedColumn> encryptedColumns() {
    return List.of(new hpf.kit.EncryptedColumn("withdrawal_application", "application_id", "heir_id_enc", HEIR_ID_FIELD));
  }

  private static final String SELECT = """
      SELECT w.application_id, w.person_id, w.account_no, w.reason, w.amount, w.status, w.closing, w.details,
             w.heir_name, w.created_at, w.updated_at, w.instruction_id, w.interest_txn,
             (SELECT json_agg(json_build_object('source', c.source, 'outcome', c.outcome, 'detail', c.detail)
                              ORDER BY c.source) FROM withdrawal_check c WHERE c.application_id = w.application_id) AS checks,
             (SELECT json_agg(json_build_object('stage', r.stage, 'decision', r.decision, 'staffId', r.staff_id,
                              'comment', r.comment, 'decidedAt', r.decided_at) ORDER BY r.decided_at)
                FROM withdrawal_review r WHERE r.application_id = w.application_id) AS reviews
        FROM withdrawal_application w""";

  static Future<JsonObject> one(SqlClient sql, String personId, String applicationId) {
    return sql.preparedQuery(SELECT + " WHERE w.application_id = $1 AND w.person_id = $2")
        .execute(Tuple.of(applicationId, personId))
        .compose(rows -> rows.size() == 0 ? Withdrawals.<JsonObject>refuse(WithdrawalProblems.NOT_FOUND)
            : array(sql, rows).map(list -> list.getJsonObject(0)));
  }

  /** The person's applications, newest first, with the state of their payment (办理进度). */
  static Future<JsonArray> list(SqlClient sql, String personId) {
    return sql.preparedQuery(SELECT + " WHERE w.person_id = $1 ORDER BY w.created_at DESC, w.application_id DESC LIMIT 100")
        .execute(Tuple.of(personId)).compose(rows -> array(sql, rows));
  }

  /** Applications waiting for a review step, oldest first (the queue is worked in order of arrival). */
  static Future<JsonArray> queue(SqlClient sql, String status, int limit) {
    return sql.preparedQuery(SELECT + " WHERE w.status = $1 ORDER BY w.created_at, w.application_id LIMIT $2")
        .execute(Tuple.of(status, limit)).compose(rows -> array(sql, rows));
  }

  /** The applications with the state of their payment (hpf.settlement) and the interest a closing credited (hpf.ledger). */
  private static Future<JsonArray> array(SqlClient sql, Iterable<Row> rows) {
    List<Row> applications = new ArrayList<>();
    rows.forEach(applications::add);
    List<java.util.UUID> instructions = applications.stream().map(r -> r.getUUID("instruction_id"))
        .filter(java.util.Objects::nonNull).toList();
    List<java.util.UUID> interestTxns = applications.stream().map(r -> r.getUUID("interest_txn"))
        .filter(java.util.Objects::nonNull).toList();
    Future<java.util.Map<java.util.UUID, String>> statuses = new SettlementOutbox().statuses(sql, instructions);
    Future<java.util.Map<java.util.UUID, Money>> interest = interestTxns.isEmpty()
        ? Future.succeededFuture(java.util.Map.of()) : LedgerQueries.credits(sql, interestTxns);
    return Future.all(statuses, interest).map(done -> {
      JsonArray list = new JsonArray();
      applications.forEach(row -> list.add(toJson(row, statuses.result().get(row.getUUID("instruction_id")),
          row.getUUID("interest_txn") == null ? Money.ZERO
              : interest.result().getOrDefault(row.getUUID("interest_txn"), Money.ZERO))));
      return list;
    });
  }

  /** The application, locked; refused as not found for another person. */
  static Future<Row> lock(SqlConnection conn, String applicationId, String personId) {
    return conn.preparedQuery("SELECT * FROM withdrawal_application WHERE application_id = $1 AND ($2::text IS NULL "
            + "OR person_id = $2) FOR UPDATE")
        .execute(Tuple.of(applicationId, personId))
        .compose(rows -> rows.size() == 0 ? Withdrawals.<Row>refuse(WithdrawalProblems.NOT_FOUND)
            : Future.succeededFuture(rows.iterator().next()));
  }

  static Future<Void> setStatus(SqlConnection conn, String applicationId, String status) {
    return conn.preparedQuery("UPDATE withdrawal_application SET status = $2, updated_at = now() WHERE application_id = $1")
        .execute(Tuple.of(applicationId, status)).mapEmpty();
  }

  static Future<Void> attachPayment(SqlConnection conn, String applicationId, WithdrawalPayout.Paid paid) {
    return conn.preparedQuery("""
            UPDATE withdrawal_application SET ledger_txn = $2, interest_txn = $3, instruction_id = $4, amount = $5,
                   closed_from = $6, updated_at = now() WHERE application_id = $1""")
        .execute(Tuple.from(new Object[] {applicationId, paid.ledgerTxn(), paid.interestTxn(), paid.instructionId(),
            paid.amount().toYuan(), paid.closedFrom()}))
        .mapEmpty();
  }

  static Future<Void> approveReviewed(SqlConnection conn, String applicationId, WithdrawalPayout.Paid paid) {
    return attachPayment(conn, applicationId, paid).compose(v -> setStatus(conn, applicationId, "APPROVED"));
  }

  static Future<Void> recordChecks(SqlConnection conn, String applicationId, List<Verification.Check> checks) {
    if (checks.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    checks.forEach(c -> rows.add(Tuple.of(applicationId, c.source(), c.outcome().name(), c.detail())));
    return conn.preparedQuery("INSERT INTO withdrawal_check (application_id, source, outcome, detail) VALUES ($1, $2, $3, $4)")
        .executeBatch(rows).mapEmpty();
  }

  static Future<Void> recordReview(SqlConnection conn, String applicationId, String stage, String decision,
                                   String staffId, String comment) {
    return conn.preparedQuery("""
            INSERT INTO withdrawal_review (application_id, stage, decision, staff_id, comment)
            VALUES ($1, $2, $3, $4, $5)""")
        .execute(Tuple.of(applicationId, stage, decision, staffId, comment)).mapEmpty();
  }

  /** Who made the first review decision, for the four-eyes rule of the second. */
  static Future<String> firstReviewer(SqlConnection conn, String applicationId) {
    return conn.preparedQuery("SELECT staff_id FROM withdrawal_review WHERE application_id = $1 AND stage = 'FIRST'")
        .execute(Tuple.of(applicationId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("staff_id"));
  }

  /** The request an application in review was made with, to pay it on approval. */
  static Withdrawals.Request requestOf(Row application, FieldCipher fields) {
    String heirName = application.getString("heir_name");
    Withdrawals.Heir heir = null;
    JsonObject details = (JsonObject) application.getValue("details");
    if (heirName != null) {
      String id = application.getString("application_id");
      // The account travels as the registered payee (heir_payee_id); only who the heir is comes back here.
      heir = new Withdrawals.Heir(heirName, fields.decrypt(HEIR_ID_FIELD, id, application.getString("heir_id_enc")),
          null, null);
    }
    return new Withdrawals.Request(application.getString("person_id"), application.getString("reason"),
        Money.of(application.getBigDecimal("amount")), application.getString("app_id"), null, details, heir);
  }

  private static JsonObject toJson(Row row, String paymentStatus, Money interest) {
    JsonObject json = new JsonObject()
        .put("applicationId", row.getString("application_id"))
        .put("personId", row.getString("person_id"))
        .put("accountNo", row.getString("account_no"))
        .put("reason", row.getString("reason"))
        .put("closing", row.getBoolean("closing"))
        .put("amount", Money.of(row.getBigDecimal("amount")).toString())
        .put("status", row.getString("status"));
    if (paymentStatus != null) {
      json.put("paymentStatus", paymentStatus);
    }
    if (interest.isPositive()) {
      json.put("accruedInterest", interest.toString());
    }
    WithdrawalReasons.Reason reason = WithdrawalReasons.of(row.getString("reason"));
    if (reason != null && !reason.materials().isEmpty()) {
      json.put("requiredMaterials", new JsonArray(reason.materials()));
    }
    JsonObject details = (JsonObject) row.getValue("details");
    if (!details.isEmpty()) {
      json.put("details", details);
    }
    if (row.getString("heir_name") != null) {
      json.put("heirName", row.getString("heir_name"));
    }
    json.put("checks", row.getValue("checks") == null ? new JsonArray() : (JsonArray) row.getValue("checks"));
    json.put("reviews", row.getValue("reviews") == null ? new JsonArray() : reviews((JsonArray) row.getValue("reviews")));
    return json
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
  }

  /** PostgreSQL's json timestamps, in the same UTC form as every other time of the answer. */
  private static JsonArray reviews(JsonArray raw) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < raw.size(); i++) {
      JsonObject r = raw.getJsonObject(i).copy();
      r.put("decidedAt", java.time.OffsetDateTime.parse(r.getString("decidedAt")).toInstant().toString());
      out.add(r);
    }
    return out;
  }
}
