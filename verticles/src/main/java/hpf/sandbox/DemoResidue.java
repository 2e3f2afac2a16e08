package hpf.sandbox;

import hpf.boot.StartupException;
import hpf.crypto.Sm2Keys;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * A production start (HPF_SANDBOX=false) refuses a database that still holds sandbox credentials: demo apps,
 * demo staff, demo operators or banks registered with a published demo key would let anyone who read the README in.
 */
public final class DemoResidue {

  private DemoResidue() {}

  public static Future<Void> refuse(Pool pool) {
    String[] apps = DemoApps.ALL.stream().map(DemoApps.Demo::appId).toArray(String[]::new);
    String[] staff = DemoPeople.STAFF.stream().map(DemoPeople.Staff::staffId).toArray(String[]::new);
    String[] operators = DemoOperators.ALL.stream().map(DemoOperators.Demo::username).toArray(String[]::new);
    String[] bankKeys = DemoBanks.ALL.stream().map(b -> Sm2Keys.toPem(b.privateKey().publicKey())).toArray(String[]::new);
    return pool.preparedQuery("""
            SELECT (SELECT count(*) FROM channel_app WHERE app_id = ANY ($1))
                 + (SELECT count(*) FROM staff_user WHERE staff_id = ANY ($2))
                 + (SELECT count(*) FROM partner_bank WHERE public_key_pem = ANY ($3))
                 + (SELECT count(*) FROM operator_account WHERE username = ANY ($4)) AS residue""")
        .execute(Tuple.of(apps, staff, bankKeys, operators))
        .compose(rows -> rows.iterator().next().getLong("residue") == 0 ? Future.succeededFuture()
            : Future.failedFuture(new StartupException("HPF_SANDBOX=false, but the database holds sandbox demo "
                + "credentials (demo channel apps " + List.of(apps) + ", demo operators " + List.of(operators)
                + ", demo staff or demo bank keys); remove them "
                + "before running in production")));
  }
}
