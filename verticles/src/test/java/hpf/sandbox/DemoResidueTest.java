package hpf.sandbox;

import hpf.boot.TestPlatform;
import hpf.crypto.Sm2Keys;
import hpf.keys.PublishedKeys;
import hpf.kit.StartupException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production start-up check on published keys, against rows a database superuser wrote: a demo key under
 * another app id, a demo bank key as an overlap key in other text, named by holder and never by key.
 */
class DemoResidueTest {

  @Test
  void everyKeyTheSandboxPublishesIsInTheOneList() {
    DemoApps.ALL.forEach(d -> assertThat(PublishedKeys.isPublished(d.privateKey())).as(d.appId()).isTrue());
    DemoBanks.ALL.forEach(b -> assertThat(PublishedKeys.isPublished(b.privateKey())).as(b.bankCode()).isTrue());
    assertThat(PublishedKeys.isPublished(Sm2Keys.generate().privateKey())).isFalse();
  }

  @Test
  void aPublishedKeyUnderAnyHolderStopsAProductionStartNamingTheHolder() throws Exception {
    Pool pool = TestPlatform.app().pool();
    String appId = "prod-kiosk-" + UUID.randomUUID().toString().substring(0, 6);
    // 7xx: no other test registers these codes, and the rows are removed at the end.
    int n = ThreadLocalRandom.current().nextInt(50);
    String bank = "7" + String.format("%02d", n);
    String expiredBank = "7" + String.format("%02d", n + 50);
    String kioskHex = HexFormat.of().formatHex(DemoApps.byId("demo-kiosk").privateKey().publicKey().encoded());
    // The same key as the published PEM, wrapped differently: a text comparison would miss it.
    String bankPem = Sm2Keys.toPem(DemoBanks.ALL.get(1).privateKey().publicKey()).replace("\n", "\r\n");
    String own = Sm2Keys.toPem(Sm2Keys.generate().publicKey());
    try {
      pool.preparedQuery("INSERT INTO channel_app (app_id, name, app_type, status, scheme, public_key_pem) "
          + "VALUES ($1, '生产·自助终端', 'KIOSK', 'ACTIVE', 'SM2', $2)").execute(Tuple.of(appId, kioskHex))
          .await(10, TimeUnit.SECONDS);
      pool.preparedQuery("INSERT INTO partner_bank (bank_code, name, status, public_key_pem, previous_public_key_pem, "
              + "previous_valid_until) VALUES ($1, '测试银行', 'DISABLED', $2, $3, now() + interval '1 hour')")
          .execute(Tuple.of(bank, own, bankPem)).await(10, TimeUnit.SECONDS);
      pool.preparedQuery("INSERT INTO partner_bank (bank_code, name, status, public_key_pem, previous_public_key_pem, "
              + "previous_valid_until) VALUES ($1, '测试银行', 'DISABLED', $2, $3, now() - interval '1 hour')")
          .execute(Tuple.of(expiredBank, own, bankPem)).await(10, TimeUnit.SECONDS);
      Throwable refused = DemoResidue.refusePublishedKeys(pool)
          .transform(ar -> Future.succeededFuture(ar.cause())).await(10, TimeUnit.SECONDS);
      assertThat(refused).as("the check passed a database holding published keys").isInstanceOf(StartupException.class);
      assertThat(refused.getMessage()).contains("channel app " + appId, "partner bank " + bank)
          .doesNotContain(kioskHex, "BEGIN PUBLIC KEY");
      assertThat(refused.getMessage()).as("an expired overlap key verifies nothing")
          .doesNotContain("partner bank " + expiredBank);
    } finally {
      pool.preparedQuery("DELETE FROM channel_app WHERE app_id = $1").execute(Tuple.of(appId)).await(10, TimeUnit.SECONDS);
      pool.preparedQuery("DELETE FROM partner_bank WHERE bank_code IN ($1, $2)").execute(Tuple.of(bank, expiredBank))
          .await(10, TimeUnit.SECONDS);
    }
  }
}
