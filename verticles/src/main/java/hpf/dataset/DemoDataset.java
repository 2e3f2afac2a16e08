package hpf.dataset;

import hpf.account.AccountRows;
import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.kit.BusinessTime;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox run's demo data (HPF_DEMO_DATASET): {@link DatasetSpec#demo} generated once, on the first start of an
 * empty database, before the platform reports ready, so testers find employers, members and a year of contributions
 * to look at. A failure is logged and the platform starts without it: demo data is never worth a failed start.
 * Answers whether this start generated it (the sandbox then tells its demo people's story).
 */
public final class DemoDataset {

  private static final Logger LOG = LoggerFactory.getLogger(DemoDataset.class);

  /** Where the JDBC side of the generator connects. */
  public record Jdbc(String url, String user, String password) {}

  private DemoDataset() {}

  public static Future<Boolean> ensure(Vertx vertx, Pool pool, Jdbc jdbc, FieldCipher fields,
                                        KeyRing<Sm2Keys.Private> documentKeys, AuditLog audit, Clock clock) {
    DatasetSpec spec = DatasetSpec.demo(BusinessTime.month(clock).minusMonths(1));
    // A cheap look first, so a warm start costs one query; the generator checks again under its lock.
    return pool.query("SELECT EXISTS (SELECT 1 FROM dataset_run) OR (" + AccountRows.ANY_MEMBER_ACCOUNT + ") AS used")
        .execute()
        .compose(rows -> rows.iterator().next().getBoolean("used") ? Future.succeededFuture(false)
            : generate(vertx, pool, jdbc, fields, documentKeys, audit, spec))
        .recover(e -> {
          LOG.warn("the demo data set was not generated: " + e.getMessage());
          return Future.succeededFuture(false);
        });
  }

  private static Future<Boolean> generate(Vertx vertx, Pool pool, Jdbc jdbc, FieldCipher fields,
                                          KeyRing<Sm2Keys.Private> documentKeys, AuditLog audit, DatasetSpec spec) {
    DatasetGenerator generator = new DatasetGenerator(
        () -> DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password()), fields, documentKeys, line -> { });
    return new Policies(pool).asOf(spec.through().atDay(1))
        .compose(policy -> vertx.executeBlocking(
            () -> generator.generate(spec, policy, DatasetGenerator.Purpose.DEMO, "sandbox", false), false))
        .compose(report -> audit.append(new AuditEntry("sandbox", "SYSTEM", "startup", "generateDataset",
                "dataset:" + report.runId(), "OK", "startup-demo-dataset", details(report)))
            .onSuccess(seq -> LOG.atInfo().addKeyValue("runId", report.runId()).addKeyValue("rows", report.totalRows())
                .addKeyValue("millis", report.elapsed().toMillis()).log("demo data set generated: " + spec)))
        .map(seq -> true)
        .recover(e -> e instanceof DatasetGenerator.Refused ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  /** What the audit record of a generation says: the spec and row count, nothing personal. */
  public static Map<String, String> details(DatasetGenerator.Report report) {
    DatasetSpec spec = report.spec();
    return Map.of("seed", String.valueOf(spec.seed()), "members", String.valueOf(spec.members()),
        "employers", String.valueOf(spec.employers()), "months", String.valueOf(spec.months()),
        "through", spec.through().toString(), "rows", String.valueOf(report.totalRows()));
  }
}
