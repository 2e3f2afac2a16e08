package hpf.sandbox;

import hpf.apps.ChannelApps;
import hpf.crypto.CryptoException;
import hpf.crypto.Sm2PublicKeyText;
import hpf.identity.IdentitySeeds;
import hpf.keys.PublishedKeys;
import hpf.keys.RegisteredKey;
import hpf.kit.StartupException;
import hpf.settlement.PartnerBanks;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
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
    List<String> apps = DemoApps.ALL.stream().map(DemoApps.Demo::appId).toList();
    List<String> staff = DemoPeople.STAFF.stream().map(DemoPeople.Staff::staffId).toList();
    List<String> operators = DemoOperators.ALL.stream().map(DemoOperators.Demo::username).toList();
    return ChannelApps.countOf(pool, apps)
        .compose(appCount -> IdentitySeeds.staffAndOperatorsPresent(pool, staff, operators).map(n -> n + appCount))
        .compose(residue -> residue == 0 ? Future.succeededFuture()
            : Future.failedFuture(new StartupException("HPF_SANDBOX=false, but the database holds sandbox demo "
                + "credentials (demo channel apps " + apps + ", demo operators " + operators
                + " or demo staff); remove them before running in production")));
  }

  /**
   * Every registered SM2 key, current and still-valid previous, parsed and compared as the point with the published
   * ones: a demo key registered under another app id or bank code, or stored as other text, is as open. The message
   * names the holders, never the key.
   */
  static Future<Void> refusePublishedKeys(Pool pool) {
    return Future.all(ChannelApps.sm2Keys(pool), PartnerBanks.keys(pool))
        .map(both -> {
          List<RegisteredKey> keys = new ArrayList<>(both.<List<RegisteredKey>>resultAt(0));
          keys.addAll(both.<List<RegisteredKey>>resultAt(1));
          return keys;
        })
        .compose(keys -> {
          TreeSet<String> holders = new TreeSet<>();
          for (RegisteredKey key : keys) {
            if (published(key.currentPem()) || published(key.previousPem())) {
              holders.add(key.holder());
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
