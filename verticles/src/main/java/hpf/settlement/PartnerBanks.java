package hpf.settlement;

import hpf.crypto.Sm2Keys;
import hpf.kit.BusinessTime;
import hpf.kit.Problem;
import hpf.kit.SigningParties;
import hpf.kit.SigningParty;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;

/** The registered partner banks and their SM2 keys: the callers of the bank listener. */
public final class PartnerBanks implements SigningParties {

  public static final String BANK_CODE = "X-HPF-Bank-Code";

  private final Pool pool;
  private final Clock clock;

  /** Dated by the system clock (tests). */
  public PartnerBanks(Pool pool) {
    this(pool, Clock.systemUTC());
  }

  public PartnerBanks(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Registers a bank unless it is registered already (an operator's later changes are kept), with the center's
   * special account at that bank in the ledger (住房公积金专户, {@code BANK:<code>}) in the same transaction.
   */
  public Future<Void> registerIfAbsent(String bankCode, String name, Sm2Keys.Public key) {
    return registerIfAbsent(bankCode, name, key, hpf.kit.Money.ZERO);
  }

  /**
   * As above; a bank registered now also gets the opening balance of the center's special account there (专户期初余额:
   * what the bank already holds for the center), booked once against {@code OPENING:banks} in the same transaction.
   */
  public Future<Void> registerIfAbsent(String bankCode, String name, Sm2Keys.Public key, hpf.kit.Money opening) {
    hpf.ledger.Ledger ledger = new hpf.ledger.Ledger();
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO partner_bank (bank_code, name, status, public_key_pem) VALUES ($1, $2, 'ACTIVE', $3)
            ON CONFLICT (bank_code) DO NOTHING""")
        .execute(Tuple.of(bankCode, name, Sm2Keys.toPem(key)))
        .compose(inserted -> ledger.openAccount(conn, specialAccount(bankCode), "CENTER_BANK",
                hpf.ledger.Ledger.Side.DEBIT, false, "住房公积金专户（" + name + "）")
            .compose(v -> inserted.rowCount() == 0 || !opening.isPositive() ? Future.<Void>succeededFuture()
                : ledger.post(conn, new hpf.ledger.Ledger.Posting("99", "opening:" + bankCode, "opening:" + bankCode,
                    BusinessTime.today(clock), "专户期初余额", java.util.List.of(
                        new hpf.ledger.Ledger.Entry(specialAccount(bankCode), hpf.ledger.Ledger.Side.DEBIT, opening),
                        new hpf.ledger.Ledger.Entry(OPENING_BALANCES, hpf.ledger.Ledger.Side.CREDIT, opening))))
                    .<Void>mapEmpty())));
  }

  /** Where the special accounts' opening balances are booked from (migration V41). */
  public static final String OPENING_BALANCES = "OPENING:banks";

  /** The center's special account at the bank (its number and name there): the payer of the bank's payments. */
  public Future<Void> setCenterAccount(String bankCode, String accountNo, String accountName) {
    return pool.preparedQuery("""
            UPDATE partner_bank SET center_account_no = $2, center_account_name = $3, updated_at = now()
             WHERE bank_code = $1""")
        .execute(Tuple.of(bankCode, accountNo, accountName)).mapEmpty();
  }

  /** The number of the center's special account at the bank (null when the bank or the number is not known). */
  /** The SM2 keys of every partner bank: current, and previous while still valid. */
  public static Future<java.util.List<hpf.keys.RegisteredKey>> keys(io.vertx.sqlclient.SqlClient sql) {
    return sql.query("""
            SELECT 'partner bank ' || bank_code AS holder, public_key_pem AS current_key,
                   CASE WHEN previous_valid_until > now() THEN previous_public_key_pem END AS previous_key
              FROM partner_bank""")
        .execute().map(hpf.keys.RegisteredKey::listOf);
  }

  public static Future<String> centerAccountNo(io.vertx.sqlclient.SqlClient sql, String bankCode) {
    return sql.preparedQuery("SELECT center_account_no FROM partner_bank WHERE bank_code = $1")
        .execute(Tuple.of(bankCode))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("center_account_no"));
  }

  /** The ledger account of the center's special account at a partner bank. */
  public static String specialAccount(String bankCode) {
    return "BANK:" + bankCode;
  }

  @Override
  public String idHeader() {
    return BANK_CODE;
  }

  @Override
  public Future<SigningParty> find(String bankCode) {
    // Read on every request, never cached: a registered, rotated or disabled key counts from the next request on.
    return pool.preparedQuery("""
            SELECT bank_code, status, public_key_pem, previous_public_key_pem, previous_valid_until
              FROM partner_bank WHERE bank_code = $1""")
        .execute(Tuple.of(bankCode))
        .map(rows -> rows.size() == 0 ? null : toParty(rows.iterator().next()));
  }

  @Override
  public Problem unknown() {
    return new Problem(401, "BANK_UNKNOWN", "合作银行未登记", "该银行代码未在中心登记，请联系中心。");
  }

  @Override
  public Problem disabled() {
    return new Problem(401, "BANK_DISABLED", "合作银行已停用", "该银行的接入已被停用，请联系中心。");
  }

  private static SigningParty toParty(Row row) {
    java.time.OffsetDateTime until = row.getOffsetDateTime("previous_valid_until");
    SigningParty.Previous previous = until == null ? null : new SigningParty.Previous(
        Sm2Keys.publicFromPem(row.getString("previous_public_key_pem")), null, until.toInstant());
    return new SigningParty(row.getString("bank_code"), "BANK", "ACTIVE".equals(row.getString("status")), "SM2",
        Sm2Keys.publicFromPem(row.getString("public_key_pem")), null, previous);
  }

  /** A bank's endpoint as an operator registered it: {@code bdc} with host:port, {@code json} with a URL. */
  public record Endpoint(String bankCode, String protocol, String endpoint) {}

  /** The endpoints of the active banks registered with one (read at start-up, when the bank gateways are built). */
  public Future<java.util.List<Endpoint>> registeredEndpoints() {
    return pool.query("""
            SELECT bank_code, protocol, endpoint FROM partner_bank
             WHERE status = 'ACTIVE' AND endpoint IS NOT NULL ORDER BY bank_code""").execute()
        .map(rows -> {
          java.util.List<Endpoint> all = new java.util.ArrayList<>();
          rows.forEach(row -> all.add(new Endpoint(row.getString("bank_code"), row.getString("protocol"),
              row.getString("endpoint"))));
          return all;
        });
  }
}
