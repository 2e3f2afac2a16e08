package hpf.sandbox;

import hpf.crypto.CryptoException;
import hpf.crypto.Sm2PublicKeyText;
import hpf.keys.PublishedKeys;
import hpf.kit.StartupException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.TreeSet;

/**
 * A production start (HPF_SANDBOX=false) refuses a database that still holds sandbox credentials: demo apps,
 * demo staff, demo operators, or any channel app or bank holding a published key would let anyone who read the
 * documentation in.
 */
public final class DemoResidue {

  private DemoResidue() {}

  public static Future<Void> refuse(Pool pool) {
    return refuseDemoNames(pool).compose(v -> refusePublishedKeys(pool));
  }

  private static Future<Void> refuseDemoNames(Pool pool) {
    String[] apps = DemoApps.ALL.stream().map(DemoApps.Demo::appId).toArray(String[]::new);
    String[] staff = DemoPeople.STAFF.stream().map(DemoPeople.Staff::staffId).toArray(String[]::new);
    String[] operators = DemoOperators.ALL.stream().map(DemoOperators.Demo::username).toArray(String[]::new);
    return pool.preparedQuery("""
            SELECT (SELECT count(*) FROM channel_app WHERE app_id = ANY ($1))
                 + (SELECT count(*) FROM staff_user WHERE staff_id = ANY ($2))
                 + (SELECT count(*) FROM operator_account WHERE username = ANY ($3)) AS residue""")
        .execute(Tuple.of(apps, staff, operators))
        .compose(rows -> rows.iterator().next().getLong("residue") == 0 ? Future.succeededFuture()
            : Future.failedFuture(new StartupException("HPF_SANDBOX=false, but the database holds sandbox demo "
                + "credentials (demo channel apps " + List.of(apps) + ", demo operators " + List.of(operators)
                + " or demo staff); remove them before running in production")));
  }

  /**
   * Every registered SM2 key, current and still-valid previous, parsed and compared as the point with the published
   * ones: a demo key registered under another app id or bank code, or stored as other text, is as open. The message
   * names the holders, never the key.
   */
  static Future<Void> refusePublishedKeys(Pool pool) {
    return pool.query("""
            SELECT 'channel app ' || app_id AS holder, public_key_pem AS current_key,
                   CASE WHEN previous_valid_until > now() THEN previous_public_key_pem END AS previous_key
              FROM channel_app WHERE scheme = 'SM2'
            UNION ALL
            SELECT 'partner bank ' || bank_code, public_key_pem,
                   CASE WHEN previous_valid_until > now() THEN previous_public_key_pem END
              FROM partner_bank""")
        .execute()
        .compose(rows -> {
          TreeSet<String> holders = new TreeSet<>();
          for (Row row : rows) {
            if (published(row.getString("current_key")) || published(row.getString("previous_key"))) {
              holders.add(row.getString("holder"));
            }
          }
          return holders.isEmpty() ? Future.succeededFuture()
              : Future.failedFuture(new StartupException("HPF_SANDBOX=false, but " + holders + " hold a published "
                  + "sandbox key (anyone can sign with it); rotate them to keys of their own before running in "
                  + "production"));
        });
  }

  private static boolean published(String text) {
    if (text == null) {
      return false;
    }
    try {
      return PublishedKeys.isPublished(Sm2PublicKeyText.parse(text));
    } catch (CryptoException unreadable) {
      // A key that does not parse verifies nothing; it is not a published credential.
      return false;
    }
  }
}
