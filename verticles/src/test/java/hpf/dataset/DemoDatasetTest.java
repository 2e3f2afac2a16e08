package hpf.dataset;

import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import hpf.kit.Settings;
import hpf.ledger.Reconciliation;
import hpf.sandbox.DemoClient;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox run comes up with the demo data set on its first start, and only then; the README's demo people then
 * have accounts, balances, cards and business in flight, so every call of its tour answers 200.
 */
class DemoDatasetTest {

  @Test
  void theFirstStartOfAnEmptyDatabaseGeneratesTheDemoSetOnce() throws Exception {
    Path dataDir = Files.createTempDirectory("hpf-demo-");
    Map<String, String> settings = TestPlatform.overrides(dataDir);
    settings.put("HPF_DEMO_DATASET", "true");
    HpfApplication first = HpfApplication.start(HpfConfig.from(Settings.of(settings))).await(120, TimeUnit.SECONDS);
    try {
      Pool pool = first.pool();
      // 300 generated members besides the sandbox's six demo people, 8 employers besides its demo employer.
      assertThat(count(pool, "SELECT count(*) FROM person")).isEqualTo(306);
      assertThat(count(pool, "SELECT count(*) FROM employer")).isEqualTo(9);
      // The generated employers' lists; the demo employer's year is the demo story's (below).
      assertThat(count(pool, "SELECT count(*) FROM remittance WHERE employer_id <> 'E00000001'")).isEqualTo(8 * 12);
      assertThat(count(pool, "SELECT count(*) FROM dataset_run WHERE purpose = 'DEMO'")).isEqualTo(1);
      assertThat(count(pool, "SELECT count(*) FROM audit_log WHERE operation = 'generateDataset' AND actor_kind = 'SYSTEM'"))
          .isEqualTo(1);
      assertThat(new Reconciliation(pool).run().await(30, TimeUnit.SECONDS).differences()).isEmpty();
      assertThat(first.loan().servicing().reconcile().await(30, TimeUnit.SECONDS).getBoolean("balanced")).isTrue();
      tourAnswers(first);
      loansToSee(first);
    } finally {
      first.stop().await(60, TimeUnit.SECONDS);
    }
    HpfApplication second = HpfApplication.start(HpfConfig.from(Settings.of(settings))).await(120, TimeUnit.SECONDS);
    try {
      assertThat(count(second.pool(), "SELECT count(*) FROM dataset_run")).isEqualTo(1);
      assertThat(count(second.pool(), "SELECT count(*) FROM person")).isEqualTo(306);
      // The story is told once: a second start adds no application.
      assertThat(count(second.pool(), "SELECT count(*) FROM withdrawal_application WHERE person_id = 'P00000001'"))
          .isEqualTo(1);
    } finally {
      second.stop().await(60, TimeUnit.SECONDS);
    }
  }

  /** The README tour's calls as the demo member, staff and employer, through the call command's code path. */
  private static void tourAnswers(HpfApplication app) throws Exception {
    String base = "http://127.0.0.1:" + app.ports().get(Zone.PUBLIC);
    String sandbox = "http://127.0.0.1:" + app.sandboxPort();
    YearMonth thisMonth = YearMonth.now(ZoneId.of("Asia/Shanghai"));
    String member = "member:P00000001";
    assertThat(call(base, sandbox, member, "GET", "/v1/members/P00000001")).contains("350102********1238");
    // 8000.00 × 24 % for a year, less the rent withdrawal on its way.
    assertThat(call(base, sandbox, member, "GET", "/v1/members/P00000001/account"))
        .contains("\"balance\":\"22040.00\"").contains("E00000001");
    assertThat(call(base, sandbox, member, "GET", "/v1/members/P00000001/account/entries")).contains("\"items\"");
    assertThat(call(base, sandbox, member, "GET", "/v1/members/P00000001/bank-card")).contains("\"bankCode\":\"102\"");
    assertThat(call(base, sandbox, member, "GET", "/v1/members/P00000001/withdrawals"))
        .contains("\"amount\":\"1000.00\"").contains("\"status\":\"APPROVED\"");
    assertThat(call(base, sandbox, member, "GET", "/v1/members/P00000001/loan-applications"))
        .contains("\"state\":\"IN_REVIEW\"");
    assertThat(call(base, sandbox, "member:P00000002", "GET", "/v1/members/P00000002/withdrawal-agreements"))
        .contains("\"monthlyAmount\":\"800.00\"");
    assertThat(call(base, sandbox, "member:P00000003", "GET", "/v1/members/P00000003/account")).contains("\"balance\"");
    String staff = "staff:counter.li";
    assertThat(call(base, sandbox, staff, "GET", "/v1/employers/E00000001")).contains("厦门示例科技有限公司");
    assertThat(call(base, sandbox, staff, "GET", "/v1/employers/E00000001/account")).contains("\"paidThrough\":\""
        + thisMonth.minusMonths(1) + "\"");
    assertThat(call(base, sandbox, staff, "GET", "/v1/employers/E00000001/members")).contains("P00000002");
    assertThat(call(base, sandbox, staff, "GET", "/v1/employers/E00000001/remittances/" + thisMonth))
        .contains("\"status\":\"DUE\"");
    assertThat(call(base, sandbox, staff, "GET", "/v1/employers/E10000001/account")).contains("E10000001");
    assertThat(call(base, sandbox, "employer:E00000001", "GET", "/v1/employers/E00000001/members"))
        .contains("P00000001");
  }

  /**
   * The demo set's loans are there to look at: an active loan with its schedule, applications waiting in the review
   * queue, one approved and waiting for its contract; staff of a serving role read any of them.
   */
  private static void loansToSee(HpfApplication app) throws Exception {
    Pool pool = app.pool();
    for (String state : java.util.List.of("IN_REVIEW", "APPROVED", "CONTRACTED")) {
      assertThat(count(pool, "SELECT count(*) FROM loan_application WHERE state = '" + state + "'")).as(state)
          .isPositive();
    }
    assertThat(count(pool, "SELECT count(*) FROM loan_contract WHERE state = 'ACTIVE'")).isPositive();
    io.vertx.sqlclient.Row active = pool.query("SELECT person_id, contract_id FROM loan_contract WHERE state = 'ACTIVE' "
        + "ORDER BY contract_id LIMIT 1").execute().await(10, TimeUnit.SECONDS).iterator().next();
    String base = "http://127.0.0.1:" + app.ports().get(Zone.PUBLIC);
    String sandbox = "http://127.0.0.1:" + app.sandboxPort();
    assertThat(call(base, sandbox, "staff:counter.li", "GET", "/v1/members/" + active.getString("person_id")
        + "/loan-contracts/" + active.getString("contract_id"))).contains("\"state\":\"ACTIVE\"")
        .contains("\"schedule\"");
    assertThat(call(base, sandbox, "staff:reviewer.qian", "GET", "/v1/review-cases?businessType=LOAN_APPLICATION"))
        .contains("LOAN_APPLICATION");
  }

  /** One {@code call} command; answers its output after checking it got a 2xx answer. */
  private static String call(String base, String sandbox, String as, String method, String path) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit = DemoClient.run(new String[] {"--as", as, "--base", base, "--sandbox", sandbox, method, path},
        new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(as + " " + method + " " + path + ": " + out).isZero();
    assertThat(out).startsWith("HTTP 200");
    return out;
  }

  private static long count(Pool pool, String sql) throws Exception {
    return pool.query(sql).execute().await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
