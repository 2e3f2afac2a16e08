package hpf.settlement.reconcile;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The reports (V39, append-only): one row per run with its totals, one row per difference. A (bank, date) run again
 * gets the next version, numbered under a transaction lock on that (bank, date) so concurrent runs never collide.
 */
final class ReportStore {

  /** Items shown with a report: a day with more differences than this is a matter for the bank, not a page. */
  static final int MAX_ITEMS = 1000;

  private static final String COLUMNS = """
      report_id, bank_code, business_date, version, trigger, requested_by, account_no, bank_lines, our_lines,
      matched_count, matched_amount, missing_at_bank, missing_in_books, amount_differences, created_at""";
  private static final String SUMMARY = "SELECT " + COLUMNS + " FROM settlement_reconciliation";

  /** What one run found, to record. */
  record Run(String bankCode, LocalDate businessDate, String trigger, String requestedBy, String accountNo,
             Matching.Outcome outcome) {}

  private final Pool pool;

  ReportStore(Pool pool) {
    this.pool = pool;
  }

  /** Records the run as the next version of its (bank, date), in the caller's transaction; answers the report id. */
  Future<UUID> record(SqlConnection conn, Run run) {
    UUID reportId = UUID.randomUUID();
    Matching.Outcome o = run.outcome();
    return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('settlement-reconciliation:' || $1 || ':' || $2))")
        .execute(Tuple.of(run.bankCode(), run.businessDate().toString()))
        .compose(locked -> conn.preparedQuery("""
                INSERT INTO settlement_reconciliation (report_id, bank_code, business_date, version, trigger,
                    requested_by, account_no, bank_lines, our_lines, matched_count, matched_amount, missing_at_bank,
                    missing_in_books, amount_differences)
                SELECT $1, $2, $3, coalesce(max(version), 0) + 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
                  FROM settlement_reconciliation WHERE bank_code = $2 AND business_date = $3""")
            .execute(Tuple.from(new Object[] {reportId, run.bankCode(), run.businessDate(), run.trigger(),
                run.requestedBy(), run.accountNo(), o.bankLines(), o.ourLines(), o.matchedCount(),
                o.matchedAmount().toYuan(), (int) o.count(Matching.Kind.MISSING_AT_BANK),
                (int) o.count(Matching.Kind.MISSING_IN_OUR_BOOKS), (int) o.count(Matching.Kind.AMOUNT_DIFFERS)})))
        .compose(inserted -> items(conn, reportId, o.items()))
        .map(reportId);
  }

  private static Future<Void> items(SqlConnection conn, UUID reportId, List<Matching.Item> items) {
    if (items.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Matching.Item item = items.get(i);
      rows.add(Tuple.from(new Object[] {reportId, i + 1, item.kind().name(), item.direction().name(), item.serialNo(),
          item.hostSeqNo(), yuan(item.ourAmount()), yuan(item.bankAmount()), item.businessRef(), item.note()}));
    }
    return conn.preparedQuery("""
            INSERT INTO settlement_reconciliation_item (report_id, item_no, kind, direction, serial_no, host_seq_no,
                                                        our_amount, bank_amount, business_ref, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
        .executeBatch(rows).mapEmpty();
  }

  /** A report with its differences (at most {@link #MAX_ITEMS}), or null when there is none. */
  Future<JsonObject> one(UUID reportId) {
    return one(pool, reportId);
  }

  /** As above, in the caller's transaction (the report it has just recorded). */
  Future<JsonObject> one(SqlClient sql, UUID reportId) {
    return sql.preparedQuery(SUMMARY + " WHERE report_id = $1").execute(Tuple.of(reportId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null)
            : sql.preparedQuery("""
                    SELECT kind, direction, serial_no, host_seq_no, our_amount, bank_amount, business_ref, note
                      FROM settlement_reconciliation_item WHERE report_id = $1 ORDER BY item_no LIMIT $2""")
                .execute(Tuple.of(reportId, MAX_ITEMS))
                .map(items -> {
                  JsonArray out = new JsonArray();
                  items.forEach(i -> out.add(new JsonObject().put("kind", i.getString("kind"))
                      .put("direction", i.getString("direction")).put("serialNo", i.getString("serial_no"))
                      .put("hostSeqNo", i.getString("host_seq_no")).put("ourAmount", text(i, "our_amount"))
                      .put("bankAmount", text(i, "bank_amount")).put("businessRef", i.getString("business_ref"))
                      .put("note", i.getString("note"))));
                  return summary(rows.iterator().next()).put("items", out);
                }));
  }

  /** A page of reports, newest first, optionally of one bank and one date. */
  Future<JsonObject> page(String bankCode, LocalDate date, int page, int size) {
    return pool.preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM settlement_reconciliation " + """
             WHERE ($1::text IS NULL OR bank_code = $1) AND ($2::date IS NULL OR business_date = $2)
             ORDER BY created_at DESC, report_id LIMIT $3 OFFSET $4""")
        .execute(Tuple.of(bankCode, date, size, (page - 1) * size))
        .map(rows -> {
          JsonArray items = new JsonArray();
          long total = 0;
          for (Row row : rows) {
            items.add(summary(row));
            total = row.getLong("total");
          }
          return new JsonObject().put("page", page).put("size", size).put("total", total).put("items", items);
        });
  }

  /** The mismatches of each bank's latest report (the metric's values). */
  Future<Map<String, Long>> latestMismatches() {
    return pool.query("""
            SELECT DISTINCT ON (bank_code) bank_code, missing_at_bank + missing_in_books + amount_differences AS n
              FROM settlement_reconciliation ORDER BY bank_code, created_at DESC, version DESC""")
        .execute().map(rows -> {
          Map<String, Long> out = new java.util.HashMap<>();
          rows.forEach(r -> out.put(r.getString("bank_code"), r.getLong("n")));
          return out;
        });
  }

  private static JsonObject summary(Row r) {
    int mismatches = r.getInteger("missing_at_bank") + r.getInteger("missing_in_books")
        + r.getInteger("amount_differences");
    return new JsonObject().put("reportId", r.getUUID("report_id").toString()).put("bankCode", r.getString("bank_code"))
        .put("businessDate", r.getLocalDate("business_date").toString()).put("version", r.getInteger("version"))
        .put("trigger", r.getString("trigger")).put("requestedBy", r.getString("requested_by"))
        .put("accountNo", r.getString("account_no")).put("bankLines", r.getInteger("bank_lines"))
        .put("ourLines", r.getInteger("our_lines")).put("matchedCount", r.getInteger("matched_count"))
        .put("matchedAmount", text(r, "matched_amount")).put("missingAtBank", r.getInteger("missing_at_bank"))
        .put("missingInOurBooks", r.getInteger("missing_in_books"))
        .put("amountDifferences", r.getInteger("amount_differences")).put("mismatches", mismatches)
        .put("reconciled", mismatches == 0)
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString());
  }

  private static String text(Row row, String column) {
    return row.getBigDecimal(column) == null ? null : Money.of(row.getBigDecimal(column)).toString();
  }

  private static java.math.BigDecimal yuan(Money amount) {
    return amount == null ? null : amount.toYuan();
  }
}
