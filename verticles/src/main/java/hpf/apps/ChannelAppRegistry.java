package hpf.apps;

import hpf.crypto.Sm2Keys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Operators' writes to the {@code channel_app} table, each in the caller's transaction (with its audit record):
 * registering an app and rotating its credential. Views never carry a secret. Callers announce the change
 * ({@link ChannelApps#announceChange}) once committed, so every instance drops its cached copy.
 */
public final class ChannelAppRegistry {

  private static final String COLUMNS = """
      app_id, name, app_type, status, scheme, public_key_pem, credential_rotated_at, previous_valid_until, created_at""";

  private final ChannelApps apps;

  public ChannelAppRegistry(ChannelApps apps) {
    this.apps = apps;
  }

  /** Registers a new app (ACTIVE); answers its view, or null when the id is taken. Exactly one credential is given. */
  public Future<JsonObject> register(SqlConnection conn, String appId, String name, String type, Sm2Keys.Public key,
                                     byte[] hmacSecret) {
    String scheme = key != null ? "SM2" : "HMAC";
    return conn.preparedQuery("""
            INSERT INTO channel_app (app_id, name, app_type, status, scheme, public_key_pem, hmac_secret_enc)
            VALUES ($1, $2, $3, 'ACTIVE', $4, $5, $6) ON CONFLICT (app_id) DO NOTHING
            RETURNING %s""".formatted(COLUMNS))
        .execute(Tuple.of(appId, name, type, scheme, key == null ? null : Sm2Keys.toPem(key),
            hmacSecret == null ? null : apps.sealSecret(appId, hmacSecret)))
        .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
  }

  /** The app's scheme, its row locked until the transaction ends (so two rotations follow one order); null if none. */
  public Future<String> lockScheme(SqlConnection conn, String appId) {
    return conn.preparedQuery("SELECT scheme FROM channel_app WHERE app_id = $1 FOR UPDATE").execute(Tuple.of(appId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("scheme"));
  }

  /**
   * Replaces the credential (the scheme stays). With a positive {@code overlap} the replaced credential is still
   * accepted until then; with none it is refused from the commit on. A credential replaced earlier is forgotten
   * either way: at most two are ever valid.
   */
  public Future<JsonObject> rotate(SqlConnection conn, String appId, Sm2Keys.Public key, byte[] hmacSecret,
                                   Duration overlap) {
    long seconds = overlap.toSeconds();
    return conn.preparedQuery("""
            UPDATE channel_app
               SET previous_public_key_pem = CASE WHEN $4 > 0 THEN public_key_pem END,
                   previous_hmac_secret_enc = CASE WHEN $4 > 0 THEN hmac_secret_enc END,
                   previous_valid_until = CASE WHEN $4 > 0 THEN now() + make_interval(secs => $4) END,
                   public_key_pem = $2, hmac_secret_enc = $3, credential_rotated_at = now(), updated_at = now()
             WHERE app_id = $1
            RETURNING %s""".formatted(COLUMNS))
        .execute(Tuple.of(appId, key == null ? null : Sm2Keys.toPem(key),
            hmacSecret == null ? null : apps.sealSecret(appId, hmacSecret), (double) seconds))
        .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
  }

  /** An app as operators see it (the public key, never a secret), or null. */
  public Future<JsonObject> find(SqlClient sql, String appId) {
    return sql.preparedQuery("SELECT %s FROM channel_app WHERE app_id = $1".formatted(COLUMNS)).execute(Tuple.of(appId))
        .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
  }

  private static JsonObject view(Row row) {
    OffsetDateTime rotated = row.getOffsetDateTime("credential_rotated_at");
    OffsetDateTime until = row.getOffsetDateTime("previous_valid_until");
    // An overlap that has ended is shown as none: the old credential is refused now.
    boolean overlapping = until != null && until.toInstant().isAfter(java.time.Instant.now());
    return new JsonObject().put("appId", row.getString("app_id")).put("name", row.getString("name"))
        .put("type", row.getString("app_type")).put("status", row.getString("status"))
        .put("scheme", row.getString("scheme")).put("publicKeyPem", row.getString("public_key_pem"))
        .put("credentialRotatedAt", rotated == null ? null : rotated.toInstant().toString())
        .put("previousCredentialValidUntil", overlapping ? until.toInstant().toString() : null)
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString());
  }
}
