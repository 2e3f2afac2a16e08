package hpf.settlement;

import hpf.crypto.Sm2Keys;
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Operators' writes to the {@code partner_bank} table, each in the caller's transaction (with its audit record):
 * registering a bank (with the center's special account at it in the ledger), changing its endpoint, name or
 * center account, rotating its key, and its status. The bank listener reads keys per request, so key changes count
 * at once; endpoints are read when the bank gateways are built, at start-up.
 */
public final class PartnerBankRegistry {

  private static final String COLUMNS = """
      bank_code, name, status, protocol, endpoint, public_key_pem, key_rotated_at, previous_valid_until,
      center_account_no, center_account_name, created_at, updated_at""";

  /** What an update changes; null fields stay as they are. */
  public record Change(String name, String protocol, String endpoint, Sm2Keys.Public key, Duration overlap,
                       String centerAccountNo, String centerAccountName) {}

  /** Registers a bank (ACTIVE); answers its view, or null when the code is registered already. */
  public Future<JsonObject> register(SqlConnection conn, String bankCode, String name, String protocol,
                                     String endpoint, Sm2Keys.Public key, String accountNo, String accountName) {
    return conn.preparedQuery("""
            INSERT INTO partner_bank (bank_code, name, status, protocol, endpoint, public_key_pem, center_account_no,
                                      center_account_name)
            VALUES ($1, $2, 'ACTIVE', $3, $4, $5, $6, $7) ON CONFLICT (bank_code) DO NOTHING RETURNING %s"""
            .formatted(COLUMNS))
        .execute(Tuple.of(bankCode, name, protocol, endpoint, Sm2Keys.toPem(key), accountNo, accountName))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture((JsonObject) null)
            : new Ledger().openAccount(conn, PartnerBanks.specialAccount(bankCode), "CENTER_BANK", Ledger.Side.DEBIT,
                false, "住房公积金专户（" + name + "）").map(v -> view(rows.iterator().next())));
  }

  /**
   * Applies a change; with a new key and a positive overlap the replaced key is still accepted until then, without
   * one it is refused from the commit on (at most two keys are ever valid). Null when no such bank.
   */
  public Future<JsonObject> update(SqlConnection conn, String bankCode, Change c) {
    long overlap = c.overlap() == null ? 0 : c.overlap().toSeconds();
    String pem = c.key() == null ? null : Sm2Keys.toPem(c.key());
    return conn.preparedQuery("""
            UPDATE partner_bank
               SET name = coalesce($2, name), protocol = coalesce($3, protocol), endpoint = coalesce($4, endpoint),
                   previous_public_key_pem = CASE WHEN $5::text IS NULL THEN previous_public_key_pem
                                                  WHEN $6 > 0 THEN public_key_pem END,
                   previous_valid_until = CASE WHEN $5::text IS NULL THEN previous_valid_until
                                               WHEN $6 > 0 THEN now() + make_interval(secs => $6) END,
                   key_rotated_at = CASE WHEN $5::text IS NULL THEN key_rotated_at ELSE now() END,
                   public_key_pem = coalesce($5, public_key_pem),
                   center_account_no = coalesce($7, center_account_no),
                   center_account_name = coalesce($8, center_account_name), updated_at = now()
             WHERE bank_code = $1 RETURNING %s""".formatted(COLUMNS))
        .execute(Tuple.of(bankCode, c.name(), c.protocol(), c.endpoint(), pem, (double) overlap)
            .addValue(c.centerAccountNo()).addValue(c.centerAccountName()))
        .map(PartnerBankRegistry::first);
  }

  public Future<JsonObject> setStatus(SqlConnection conn, String bankCode, String status) {
    return conn.preparedQuery("UPDATE partner_bank SET status = $2, updated_at = now() WHERE bank_code = $1 RETURNING %s"
            .formatted(COLUMNS))
        .execute(Tuple.of(bankCode, status)).map(PartnerBankRegistry::first);
  }

  public Future<JsonObject> find(SqlClient sql, String bankCode) {
    return sql.preparedQuery("SELECT %s FROM partner_bank WHERE bank_code = $1".formatted(COLUMNS))
        .execute(Tuple.of(bankCode)).map(PartnerBankRegistry::first);
  }

  /** Every bank (bank codes are three digits: at most a thousand rows). */
  public Future<JsonArray> list(SqlClient sql) {
    return sql.query("SELECT %s FROM partner_bank ORDER BY bank_code".formatted(COLUMNS)).execute().map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(view(row)));
      return items;
    });
  }

  private static JsonObject first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : view(rows.iterator().next());
  }

  private static JsonObject view(Row row) {
    OffsetDateTime rotated = row.getOffsetDateTime("key_rotated_at");
    OffsetDateTime until = row.getOffsetDateTime("previous_valid_until");
    boolean overlapping = until != null && until.toInstant().isAfter(Instant.now());
    return new JsonObject().put("bankCode", row.getString("bank_code")).put("name", row.getString("name"))
        .put("status", row.getString("status")).put("protocol", row.getString("protocol"))
        .put("endpoint", row.getString("endpoint")).put("publicKeyPem", row.getString("public_key_pem"))
        .put("keyRotatedAt", rotated == null ? null : rotated.toInstant().toString())
        .put("previousKeyValidUntil", overlapping ? until.toInstant().toString() : null)
        .put("centerAccountNo", row.getString("center_account_no"))
        .put("centerAccountName", row.getString("center_account_name"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
  }
}
