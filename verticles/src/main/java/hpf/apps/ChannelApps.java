package hpf.apps;

import hpf.crypto.FieldCipher;
import hpf.crypto.Sm2Keys;
import hpf.keys.RegisteredKey;
import hpf.kit.SigningParty;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code channel_app} table behind a small cache: every signed request needs its app, and apps change
 * rarely. A change published on the cluster's event bus drops the entry on every instance at once; the
 * expiry bounds staleness should a message be lost.
 */
public final class ChannelApps {

  public static final String CHANGED_ADDRESS = "hpf.channel-app.changed";
  static final String SECRET_FIELD = "channel_app.hmac_secret";
  private static final long CACHE_MILLIS = 30_000;

  private record Cached(ChannelApp app, long loadedAt) {}

  private final Pool pool;
  private final FieldCipher fields;
  private final Vertx vertx;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  // Bumped on every change: a lookup that started before a change must not cache what it read.
  private final Map<String, Long> generations = new ConcurrentHashMap<>();

  /** The encrypted column of this table, for key rotation. */
  public static hpf.kit.EncryptedColumn encryptedColumn() {
    return new hpf.kit.EncryptedColumn("channel_app", "app_id", "hmac_secret_enc", SECRET_FIELD);
  }

  /** The secret a rotation replaced, kept encrypted like the current one while its overlap lasts. */
  public static hpf.kit.EncryptedColumn previousSecretColumn() {
    return new hpf.kit.EncryptedColumn("channel_app", "app_id", "previous_hmac_secret_enc", SECRET_FIELD);
  }

  public ChannelApps(Vertx vertx, Pool pool, FieldCipher fields) {
    this.vertx = vertx;
    this.pool = pool;
    this.fields = fields;
    vertx.eventBus().<String>consumer(CHANGED_ADDRESS, message -> forget(message.body()));
  }

  /** The app, or null when no app has this id. */
  public Future<ChannelApp> find(String appId) {
    Cached cached = cache.get(appId);
    if (cached != null && System.currentTimeMillis() - cached.loadedAt() < CACHE_MILLIS) {
      return Future.succeededFuture(cached.app());
    }
    long generation = generations.getOrDefault(appId, 0L);
    return pool.preparedQuery("SELECT * FROM channel_app WHERE app_id = $1").execute(Tuple.of(appId)).map(rows -> {
      ChannelApp app = rows.size() == 0 ? null : toApp(rows.iterator().next());
      if (app != null && generations.getOrDefault(appId, 0L) == generation) {
        cache.put(appId, new Cached(app, System.currentTimeMillis()));
      }
      return app;
    });
  }

  /** The ids of the apps of one type (MOBILE, COUNTER, ...), whatever their status; in the caller's transaction. */
  public static Future<List<String>> idsOfType(io.vertx.sqlclient.SqlClient sql, String appType) {
    return sql.preparedQuery("SELECT app_id FROM channel_app WHERE app_type = $1").execute(Tuple.of(appType))
        .map(rows -> {
          List<String> ids = new java.util.ArrayList<>();
          rows.forEach(row -> ids.add(row.getString("app_id")));
          return ids;
        });
  }

  /** How many of these app ids are registered. */
  public static Future<Long> countOf(io.vertx.sqlclient.SqlClient sql, List<String> appIds) {
    return sql.preparedQuery("SELECT count(*) FROM channel_app WHERE app_id = ANY ($1)")
        .execute(Tuple.of(appIds.toArray(String[]::new))).map(rows -> rows.iterator().next().getLong(0));
  }

  /** The SM2 keys of every app signing with SM2: current, and previous while still valid. */
  public static Future<List<RegisteredKey>> sm2Keys(io.vertx.sqlclient.SqlClient sql) {
    return sql.query("""
            SELECT 'channel app ' || app_id AS holder, public_key_pem AS current_key,
                   CASE WHEN previous_valid_until > now() THEN previous_public_key_pem END AS previous_key
              FROM channel_app WHERE scheme = 'SM2'""")
        .execute().map(RegisteredKey::listOf);
  }

  public Future<List<ChannelApp>> list() {
    return pool.query("SELECT * FROM channel_app ORDER BY app_id").execute().map(rows -> {
      List<ChannelApp> apps = new ArrayList<>();
      rows.forEach(row -> apps.add(toApp(row)));
      return apps;
    });
  }

  /** Registers an app unless one with this id exists (an operator's later changes are kept). */
  public Future<Void> registerIfAbsent(String appId, String name, String type, String scheme, String publicKeyPem,
                                       byte[] hmacSecret) {
    // Secrets are bytes: kept as base64 text inside the encrypted value, so any byte survives.
    String secret = hmacSecret == null ? null
        : fields.encrypt(SECRET_FIELD, appId, java.util.Base64.getEncoder().encodeToString(hmacSecret));
    return pool.preparedQuery("""
            INSERT INTO channel_app (app_id, name, app_type, status, scheme, public_key_pem, hmac_secret_enc)
            VALUES ($1, $2, $3, 'ACTIVE', $4, $5, $6) ON CONFLICT (app_id) DO NOTHING""")
        .execute(Tuple.of(appId, name, type, scheme, publicKeyPem, secret)).mapEmpty();
  }

  /** Sets the status; answers the app as it is now (credentials left out), or null when no such app. */
  public Future<io.vertx.core.json.JsonObject> setStatus(io.vertx.sqlclient.SqlConnection conn, String appId,
                                                          String status) {
    return conn.preparedQuery("""
            UPDATE channel_app SET status = $2, updated_at = now() WHERE app_id = $1
            RETURNING app_id, name, app_type, status, scheme""")
        .execute(Tuple.of(appId, status))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new io.vertx.core.json.JsonObject().put("appId", row.getString("app_id")).put("name", row.getString("name"))
              .put("type", row.getString("app_type")).put("status", row.getString("status"))
              .put("scheme", row.getString("scheme"));
        });
  }

  public void announceChange(String appId) {
    forget(appId);
    vertx.eventBus().publish(CHANGED_ADDRESS, appId);
  }

  private void forget(String appId) {
    generations.merge(appId, 1L, Long::sum);
    cache.remove(appId);
  }

  private ChannelApp toApp(Row row) {
    String appId = row.getString("app_id");
    java.time.OffsetDateTime until = row.getOffsetDateTime("previous_valid_until");
    SigningParty.Previous previous = until == null ? null : new SigningParty.Previous(
        key(row.getString("previous_public_key_pem")), secret(appId, row.getString("previous_hmac_secret_enc")),
        until.toInstant());
    return new ChannelApp(appId, row.getString("name"), row.getString("app_type"), row.getString("status"),
        row.getString("scheme"), key(row.getString("public_key_pem")), secret(appId, row.getString("hmac_secret_enc")),
        previous);
  }

  private static Sm2Keys.Public key(String pem) {
    return pem == null ? null : Sm2Keys.publicFromPem(pem);
  }

  private byte[] secret(String appId, String stored) {
    return stored == null ? null : java.util.Base64.getDecoder().decode(fields.decrypt(SECRET_FIELD, appId, stored));
  }

  /** The stored form of an HMAC secret: bytes as base64 text inside the encrypted value, so any byte survives. */
  String sealSecret(String appId, byte[] secret) {
    return fields.encrypt(SECRET_FIELD, appId, java.util.Base64.getEncoder().encodeToString(secret));
  }
}
