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
 * banks in this JVM with its embedded PostgreSQL, after a warm-up round. Usage: bench/settlement.sh [payouts]. Prints the figures; not a test.
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
      // Round 0 warms the JIT: on a cold JVM the C2 compiler threads took more CPU than the event loops (JFR).
      for (int round = 0; round <= 2; round++) {
        int instances = Math.max(1, round);
        f.payouts(payouts, "bench");
        Map<String, long[]> writesBefore = tableWrites();
        List<Dispatcher> dispatchers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < instances; i++) {
          Dispatcher d = f.dispatcher("bench-" + round + "-" + i, vertx, TestPlatform.app().pool(),
              DispatchTuning.defaults(), unbooked);
          d.start();
          dispatchers.add(d);
        }
        while (waiting() > 0) {
          TimeUnit.MILLISECONDS.sleep(250); // the count scans the table: polled often it was a share of the measured load
          if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(20)) {
            throw new IllegalStateException("not cleared within 20 minutes");
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        dispatchers.forEach(Dispatcher::stop);
        System.out.printf((round == 0 ? "warm-up: " : "") + "%d dispatcher instance(s), %d calls in flight per bank each: %d single payouts cleared in "
            + "%.1f s, %.0f payouts/s%n", instances, DispatchTuning.defaults().perBankConcurrency(), payouts, seconds,
            payouts / seconds);
        printWritesPerPayout(writesBefore, tableWrites(), payouts);
      }
    } finally {
      TestPlatform.app().stop().await(60, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** Rows inserted and updated per table so far (PostgreSQL's statistics, flushed about once a second). */
  private static Map<String, long[]> tableWrites() throws Exception {
    TimeUnit.MILLISECONDS.sleep(1500);
    Map<String, long[]> writes = new java.util.TreeMap<>();
    TestPlatform.app().pool().query("SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_user_tables").execute()
        .await(10, TimeUnit.SECONDS)
        .forEach(r -> writes.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)}));
    return writes;
  }

  /** The database's share of a payout: which tables it writes, and how often (what the dispatch profile sends there). */
  private static void printWritesPerPayout(Map<String, long[]> before, Map<String, long[]> after, int payouts) {
    StringBuilder line = new StringBuilder("  rows written per payout (inserted/updated):");
    after.forEach((table, now) -> {
      long[] then = before.getOrDefault(table, new long[2]);
      double ins = (now[0] - then[0]) / (double) payouts;
      double upd = (now[1] - then[1]) / (double) payouts;
      if (ins >= 0.05 || upd >= 0.05) {
        line.append(String.format(" %s %.1f/%.1f;", table, ins, upd));
      }
    });
    System.out.println(line);
  }

  private static long waiting() throws Exception {
    return TestPlatform.app().pool().preparedQuery("""
            SELECT count(*) FROM settlement_instruction
             WHERE status IN ('PENDING', 'SENT', 'UNKNOWN') AND business_ref LIKE $1""")
        .execute(Tuple.of("bench:%")).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
