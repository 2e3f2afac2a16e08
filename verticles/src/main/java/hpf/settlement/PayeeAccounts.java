package hpf.settlement;

import hpf.crypto.FieldCipher;
import hpf.kit.EncryptedColumn;
import hpf.kit.Masking;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Bank accounts of payees that are not a member's bound card: an employer refunded, the payer of an incoming
 * payment that matched no list. The number is stored SM4-GCM encrypted with a blind index (for matching bank
 * notifications later) and a masked copy for display, so reads never decrypt.
 */
public final class PayeeAccounts {

  static final String FIELD = "payee_account.number";

  /** A registered payee: its id (for an instruction) and the masked number to show. */
  public record Payee(long payeeId, String bankCode, String accountName, String maskedNumber) {}

  private final FieldCipher fields;

  public PayeeAccounts(FieldCipher fields) {
    this.fields = fields;
  }

  /** The encrypted column of this table, for key rotation. */
  public static EncryptedColumn encryptedColumn() {
    return new EncryptedColumn("payee_account", "payee_id", "number_enc", FIELD);
  }

  /** An account number as banks write them: 6 to 32 digits (corporate accounts vary in length by bank). */
  public static boolean isAccountNumber(String number) {
    return number != null && number.matches("[0-9]{6,32}");
  }

  /** Records the payee inside the caller's transaction. */
  public Future<Payee> register(SqlConnection conn, String bankCode, String accountName, String number) {
    String masked = Masking.bankCard(number);
    return conn.query("SELECT nextval('payee_account_payee_id_seq') AS id").execute().compose(next -> {
      long id = next.iterator().next().getLong("id");
      return conn.preparedQuery("""
              INSERT INTO payee_account (payee_id, bank_code, account_name, number_enc, number_idx, number_masked)
              VALUES ($1, $2, $3, $4, $5, $6)""")
          .execute(Tuple.of(id, bankCode, accountName, fields.encrypt(FIELD, String.valueOf(id), number),
              fields.blindIndex(FIELD, number), masked))
          .map(done -> new Payee(id, bankCode, accountName, masked));
    });
  }

  /** A registered payee, as an instruction needs it; never the clear number. */
  public static Future<Payee> find(SqlClient sql, long payeeId) {
    return sql.preparedQuery("SELECT bank_code, account_name, number_masked FROM payee_account WHERE payee_id = $1")
        .execute(Tuple.of(payeeId))
        .map(rows -> {
          var row = rows.iterator().next();
          return new Payee(payeeId, row.getString("bank_code"), row.getString("account_name"), row.getString("number_masked"));
        });
  }

  /** The clear account number, for the instruction being sent to the bank only (never shown or logged). */
  public Future<String> number(SqlClient sql, long payeeId) {
    return sql.preparedQuery("SELECT number_enc FROM payee_account WHERE payee_id = $1").execute(Tuple.of(payeeId))
        .map(rows -> fields.decrypt(FIELD, String.valueOf(payeeId), rows.iterator().next().getString("number_enc")));
  }
}
