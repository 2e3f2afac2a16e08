package hpf.isolation;

import hpf.audit.AuditLog;
import hpf.audit.ChainKeys;
import hpf.boot.HpfApplication;
import hpf.boot.HpfConfig;
import hpf.kit.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A guard on a running member with a hand-moved clock and its own meters; helpers to wait and to read back. */
final class GuardFixture {

  final HpfApplication app;
  final TestClock clock = new TestClock();
  final MeterRegistry meters = new SimpleMeterRegistry();
  final DependencyGuard guard;

  GuardFixture(HpfApplication app) {
    this.app = app;
    // A long tick: the test drives probing itself through tick(), so nothing happens behind its back.
    // The platform's chain key: the test platform runs with the documented sandbox defaults.
    ChainKeys chainKeys = new ChainKeys(HpfConfig.from(Settings.of(Map.of())).security().chains().keys());
    this.guard = new DependencyGuard(app.vertx(), app.hazelcast(), app.pool(), new AuditLog(app.pool(), chainKeys), meters,
        clock, DependencyTuning.NONE, 3_600_000);
  }

  static String newId(String prefix) {
    return "test." + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Dependency.Tuning tuning(int consecutive, int window, int minimum, double ratio, long slowMillis) {
    return new Dependency.Tuning(Duration.ofMillis(300), 4, consecutive, window, minimum, ratio,
        Duration.ofMillis(slowMillis), Duration.ofMinutes(5), Duration.ofMinutes(15), 2, Duration.ofSeconds(10));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.await(10, TimeUnit.SECONDS);
  }

  /** Polls until the condition holds; fails after a deadline (changes travel through the cluster's listeners). */
  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** The guarded call's failure, or null when it succeeded. */
  static Throwable failureOf(Future<?> call) throws Exception {
    try {
      call.await(10, TimeUnit.SECONDS);
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  double counter(String name, String... tags) {
    var c = meters.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  /** The audited transitions of one dependency, oldest first: "FROM>TO" with the operation. */
  List<String> transitions(String id) throws Exception {
    List<String> out = new ArrayList<>();
    for (Row row : await(app.pool().preparedQuery(
        "SELECT operation, details FROM audit_log WHERE target = $1 AND outcome <> 'REQUESTED' ORDER BY seq").execute(Tuple.of("dependency:" + id)))) {
      JsonObject d = (JsonObject) row.getJson("details");
      out.add(row.getString("operation") + ":" + d.getString("from") + ">" + d.getString("to"));
    }
    return out;
  }

  /** The state PostgreSQL keeps for restarts. */
  String storedState(String id) throws Exception {
    var rows = await(app.pool().preparedQuery("SELECT state FROM dependency_isolation WHERE dependency_id = $1")
        .execute(Tuple.of(id)));
    return rows.iterator().hasNext() ? rows.iterator().next().getString("state") : null;
  }
}
