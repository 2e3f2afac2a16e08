package hpf.settlement.dispatch;

import hpf.boot.TestPlatform;
import hpf.settlement.SettlementOutcome;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Dispatch throughput to the sandbox banks (figures in docs/performance.md): N single payouts (to 102 over BDC, 105 over
 * JSON and 103 interbank), cleared by one dispatcher instance and then by two, healthy banks, the platform and the
 * banks in this JVM with its embedded PostgreSQL. Usage: bench/settlement.sh [payouts]. Prints the figures; not a test.
 */
public final class SettlementBench {

  private SettlementBench() {}

  public static void main(String[] args) throws Exception {
    int payouts = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    TestPlatform.app();
    Vertx vertx = TestPlatform.app().vertx();
    SettlementFixture f = new SettlementFixture(vertx);
    Map<String, SettlementOutcome> unbooked = Unbooked.under("bench");
    try {
      for (int instances = 1; instances <= 2; instances++) {
        f.payouts(payouts, "bench");
        List<Dispatcher> dispatchers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < instances; i++) {
          Dispatcher d = f.dispatcher("bench-" + instances + "-" + i, vertx, TestPlatform.app().pool(),
              DispatchTuning.defaults(), unbooked);
          d.start();
          dispatchers.add(d);
        }
        while (waiting() > 0) {
          TimeUnit.MILLISECONDS.sleep(20);
          if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(20)) {
            throw new IllegalStateException("not cleared within 20 minutes");
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        dispatchers.forEach(Dispatcher::stop);
        System.out.printf("%d dispatcher instance(s), %d calls in flight per bank each: %d single payouts cleared in "
            + "%.1f s, %.0f payouts/s%n", instances, DispatchTuning.defaults().perBankConcurrency(), payouts, seconds,
            payouts / seconds);
      }
    } finally {
      TestPlatform.app().stop().await(60, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  private static long waiting() throws Exception {
    return TestPlatform.app().pool().preparedQuery("""
            SELECT count(*) FROM settlement_instruction
             WHERE status IN ('PENDING', 'SENT', 'UNKNOWN') AND business_ref LIKE $1""")
        .execute(Tuple.of("bench:%")).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
