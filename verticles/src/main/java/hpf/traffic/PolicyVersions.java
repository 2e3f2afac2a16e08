package hpf.traffic;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The traffic_policy_version table: every runtime change of a channel's policy as a new, numbered version holding
 * the whole set of changes (append-only; the latest version is what is in force), with who made it and why.
 */
final class PolicyVersions {

  private final Pool pool;

  PolicyVersions(Pool pool) {
    this.pool = pool;
  }

  /** The latest version of every channel that has one. */
  Future<Map<String, PolicyOverride>> latest() {
    return pool.query("""
            SELECT DISTINCT ON (app_id) app_id, version, settings FROM traffic_policy_version
             ORDER BY app_id, version DESC""").execute()
        .map(rows -> {
          Map<String, PolicyOverride> out = new HashMap<>();
          for (Row r : rows) {
            out.put(r.getString("app_id"), toOverride(r));
          }
          return out;
        });
  }

  /**
   * In the caller's transaction: the channel's versions are locked, the latest read, {@code change} applied and
   * stored as the next version. Answers the new version.
   */
  Future<PolicyOverride> append(SqlConnection conn, String appId, UnaryOperator<PolicyOverride> change, String actor,
                                String reason, String requestId) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .execute(Tuple.of("traffic-policy:" + appId))
        .compose(locked -> latest(conn, appId))
        .compose(current -> {
          PolicyOverride next = change.apply(current).withVersion(current.version() + 1);
          return conn.preparedQuery("""
                  INSERT INTO traffic_policy_version (app_id, version, settings, actor, reason, request_id)
                  VALUES ($1, $2, $3, $4, $5, $6)""")
              .execute(Tuple.of(appId, next.version(), next.toJson(), actor, reason, requestId))
              .map(rows -> next);
        });
  }

  private static Future<PolicyOverride> latest(SqlClient sql, String appId) {
    return sql.preparedQuery("""
            SELECT app_id, version, settings FROM traffic_policy_version WHERE app_id = $1
             ORDER BY version DESC LIMIT 1""").execute(Tuple.of(appId))
        .map(rows -> rows.size() == 0 ? PolicyOverride.NONE : toOverride(rows.iterator().next()));
  }

  private static PolicyOverride toOverride(Row r) {
    Object settings = r.getJson("settings");
    return PolicyOverride.fromJson(r.getLong("version"), settings instanceof JsonObject j ? j : new JsonObject());
  }
}
