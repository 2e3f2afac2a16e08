package hpf.identity;

import hpf.crypto.FieldCipher;
import hpf.kit.EncryptedColumn;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The operator accounts (table {@code operator_account}): one role each, PBKDF2-HMAC-SM3 password hash, TOTP secret
 * SM4-encrypted with the field cipher (the account name is its associated data), and the lockout counters.
 */
public final class Operators {

  public static final String SYSTEM_ADMIN = "SYSTEM_ADMIN";
  public static final String SECURITY_ADMIN = "SECURITY_ADMIN";
  public static final String AUDITOR = "AUDITOR";
  public static final Set<String> ROLES = Set.of(SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR);
  static final String SECRET_FIELD = "operator.totp";

  /** One account as stored. */
  record Account(String username, String displayName, String role, String status, String passwordHash,
                 boolean mustChange, String totpSecretEnc, long totpLastStep, int failedAttempts, Instant lockedUntil) {
    boolean active() {
      return "ACTIVE".equals(status);
    }
  }

  private final Pool pool;
  private final FieldCipher fields;

  public Operators(Pool pool, FieldCipher fields) {
    this.pool = pool;
    this.fields = fields;
  }

  Pool pool() {
    return pool;
  }

  /** For key rotation: the TOTP secrets are re-encrypted with the other field-encrypted columns. */
  public static EncryptedColumn encryptedColumn() {
    return new EncryptedColumn("operator_account", "username", "totp_secret_enc", SECRET_FIELD);
  }

  Future<Account> find(String username) {
    return pool.preparedQuery("SELECT * FROM operator_account WHERE username = $1").execute(Tuple.of(username))
        .map(rows -> rows.size() == 0 ? null : account(rows.iterator().next()));
  }

  Future<List<JsonObject>> list(int offset, int limit) {
    return pool.preparedQuery("""
            SELECT username, display_name, role, status, password_must_change, locked_until, created_by, created_at
            FROM operator_account ORDER BY username OFFSET $1 LIMIT $2""").execute(Tuple.of(offset, limit))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(row -> out.add(json(row)));
          return out;
        });
  }

  /** Inside the caller's transaction; fails with OPERATOR_EXISTS when the name is taken (also by a disabled one). */
  Future<JsonObject> insert(SqlConnection conn, String username, String displayName, String role, String passwordHash,
                            String totpSecret, boolean mustChange, String createdBy) {
    return conn.preparedQuery("""
            INSERT INTO operator_account (username, display_name, role, password_hash, password_must_change,
                                          totp_secret_enc, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            RETURNING username, display_name, role, status, password_must_change, locked_until, created_by, created_at""")
        .execute(Tuple.from(new Object[] {username, displayName, role, passwordHash, mustChange,
            encryptSecret(username, totpSecret), createdBy}))
        .map(rows -> json(rows.iterator().next()))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? new hpf.kit.ProblemException(OperatorProblems.exists()) : e));
  }

  /**
   * Whether an active security admin exists, after taking a lock that serialises every bootstrap attempt: two
   * concurrent bootstrap requests cannot both see "none" and both create one.
   */
  Future<Boolean> securityAdminExists(SqlConnection conn) {
    return conn.query("LOCK TABLE operator_account IN SHARE ROW EXCLUSIVE MODE").execute()
        .compose(locked -> conn.preparedQuery(
            "SELECT 1 FROM operator_account WHERE role = $1 AND status = 'ACTIVE' LIMIT 1").execute(Tuple.of(SECURITY_ADMIN)))
        .map(rows -> rows.size() > 0);
  }

  Future<JsonObject> setStatus(SqlConnection conn, String username, String status) {
    return conn.preparedQuery("""
            UPDATE operator_account SET status = $2, failed_attempts = 0, locked_until = NULL, updated_at = now()
            WHERE username = $1
            RETURNING username, display_name, role, status, password_must_change, locked_until, created_by, created_at""")
        .execute(Tuple.of(username, status))
        .map(rows -> rows.size() == 0 ? null : json(rows.iterator().next()));
  }

  /** A new initial password (to be changed at the next sign-in) and a new TOTP secret; unlocks the account. */
  Future<Boolean> resetCredentials(SqlConnection conn, String username, String passwordHash, String totpSecret) {
    return conn.preparedQuery("""
            UPDATE operator_account SET password_hash = $2, password_must_change = true, totp_secret_enc = $3,
                   totp_last_step = 0, failed_attempts = 0, locked_until = NULL, updated_at = now()
            WHERE username = $1""")
        .execute(Tuple.of(username, passwordHash, encryptSecret(username, totpSecret)))
        .map(rows -> rows.rowCount() == 1);
  }

  Future<Void> changePassword(SqlClient client, String username, String passwordHash) {
    return client.preparedQuery("""
            UPDATE operator_account SET password_hash = $2, password_must_change = false, updated_at = now()
            WHERE username = $1""").execute(Tuple.of(username, passwordHash)).mapEmpty();
  }

  /**
   * Counts the attempt as a failure before the password is checked, and locks the account when the count reaches
   * a multiple of the limit: parallel guesses cannot outrun the lock. Null when the account is locked (nothing
   * counted); a successful check then clears the count.
   */
  Future<Account> reserveAttempt(String username, Instant now, OperatorPolicy policy) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            UPDATE operator_account SET failed_attempts = failed_attempts + 1
            WHERE username = $1 AND (locked_until IS NULL OR locked_until <= $2)
            RETURNING *""").execute(Tuple.of(username, utc(now)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          Account counted = account(rows.iterator().next());
          java.time.Duration lock = policy.lockAfter(counted.failedAttempts());
          if (lock.isZero()) {
            return Future.succeededFuture(counted);
          }
          return conn.preparedQuery("UPDATE operator_account SET locked_until = $2 WHERE username = $1")
              .execute(Tuple.of(username, utc(now.plus(lock)))).map(v -> withLock(counted, now.plus(lock)));
        }));
  }

  /**
   * A verified sign-in: clears the failure count and lock and records the TOTP step, unless that step (or a later
   * one) was used meanwhile by a concurrent sign-in with the same code; false then.
   */
  Future<Boolean> recordSuccess(String username, long totpStep) {
    return pool.preparedQuery("""
            UPDATE operator_account SET failed_attempts = 0, locked_until = NULL, totp_last_step = $2
            WHERE username = $1 AND totp_last_step < $2""").execute(Tuple.of(username, totpStep))
        .map(rows -> rows.rowCount() == 1);
  }

  String encryptSecret(String username, String totpSecret) {
    return fields.encrypt(SECRET_FIELD, username, totpSecret);
  }

  String decryptSecret(Account account) {
    return fields.decrypt(SECRET_FIELD, account.username(), account.totpSecretEnc());
  }

  private static Account withLock(Account a, Instant until) {
    return new Account(a.username(), a.displayName(), a.role(), a.status(), a.passwordHash(), a.mustChange(),
        a.totpSecretEnc(), a.totpLastStep(), a.failedAttempts(), until);
  }

  private static Account account(Row row) {
    OffsetDateTime locked = row.getOffsetDateTime("locked_until");
    return new Account(row.getString("username"), row.getString("display_name"), row.getString("role"),
        row.getString("status"), row.getString("password_hash"), row.getBoolean("password_must_change"),
        row.getString("totp_secret_enc"), row.getLong("totp_last_step"), row.getInteger("failed_attempts"),
        locked == null ? null : locked.toInstant());
  }

  /** What the admin API shows of an account: never a hash or secret. */
  static JsonObject json(Row row) {
    OffsetDateTime locked = row.getOffsetDateTime("locked_until");
    JsonObject json = new JsonObject().put("username", row.getString("username"))
        .put("displayName", row.getString("display_name")).put("role", row.getString("role"))
        .put("status", row.getString("status")).put("passwordMustChange", row.getBoolean("password_must_change"))
        .put("createdBy", row.getString("created_by"))
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
    return locked == null ? json : json.put("lockedUntil", locked.toInstant().toString());
  }

  static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
