package hpf.dataset;

import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.kit.Settings;
import hpf.ledger.Reconciliation;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox run comes up with the demo data set on its first start, and only then. */
class DemoDatasetTest {

  @Test
  void theFirstStartOfAnEmptyDatabaseGeneratesTheDemoSetOnce() throws Exception {
    Path dataDir = Files.createTempDirectory("hpf-demo-");
    Map<String, String> settings = TestPlatform.overrides(dataDir);
    settings.put("HPF_DEMO_DATASET", "true");
    HpfApplication first = HpfApplication.start(HpfConfig.from(Settings.of(settings))).await(120, TimeUnit.SECONDS);
    try {
      Pool pool = first.pool();
      // 300 generated members besides the sandbox's three demo people, 8 employers besides its demo employer.
      assertThat(count(pool, "SELECT count(*) FROM person")).isEqualTo(303);
      assertThat(count(pool, "SELECT count(*) FROM employer")).isEqualTo(9);
      assertThat(count(pool, "SELECT count(*) FROM remittance")).isEqualTo(8 * 12);
      assertThat(count(pool, "SELECT count(*) FROM dataset_run WHERE purpose = 'DEMO'")).isEqualTo(1);
      assertThat(count(pool, "SELECT count(*) FROM audit_log WHERE operation = 'generateDataset' AND actor_kind = 'SYSTEM'"))
          .isEqualTo(1);
      assertThat(new Reconciliation(pool).run().await(30, TimeUnit.SECONDS).differences()).isEmpty();
    } finally {
      first.stop().await(60, TimeUnit.SECONDS);
    }
    HpfApplication second = HpfApplication.start(HpfConfig.from(Settings.of(settings))).await(120, TimeUnit.SECONDS);
    try {
      assertThat(count(second.pool(), "SELECT count(*) FROM dataset_run")).isEqualTo(1);
      assertThat(count(second.pool(), "SELECT count(*) FROM person")).isEqualTo(303);
    } finally {
      second.stop().await(60, TimeUnit.SECONDS);
    }
  }

  private static long count(Pool pool, String sql) throws Exception {
    return pool.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
