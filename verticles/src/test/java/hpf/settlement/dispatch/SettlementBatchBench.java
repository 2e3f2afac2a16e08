package hpf.settlement.dispatch;

import hpf.boot.TestPlatform;
import hpf.kit.Money;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import hpf.settlement.SettlementOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Batch file throughput to the sandbox banks (figures in docs/performance.md): N same-bank payouts (half to 102 over BDC,
 * half to 105 over JSON) cleared in files of 5,000 rows by one dispatcher with the window open all day: claimed,
 * checked, submitted, polled, and every row settled from the result files. Usage: bench/settlement-batch.sh [payouts].
 * Prints the figure; not a test.
 */
public final class SettlementBatchBench {

  private SettlementBatchBench() {}

  public static void main(String[] args) throws Exception {
    int payouts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    TestPlatform.app();
    Vertx vertx = TestPlatform.app().vertx();
    SettlementFixture f = new SettlementFixture(vertx);
    Map<String, SettlementOutcome> unbooked = Unbooked.under("benchb");
    try {
      long made = System.nanoTime();
      enqueue(f, payouts);
      System.out.printf("%d payouts enqueued in %.1f s%n", payouts, (System.nanoTime() - made) / 1e9);
      BatchTuning allDay = new BatchTuning(new BatchWindow(LocalTime.MIN, LocalTime.MAX), 5_000,
          Duration.ofMillis(100), Duration.ofSeconds(1), 200, 100);
      long start = System.nanoTime();
      Dispatcher d = f.dispatcher("bench-batch", vertx, TestPlatform.app().pool(), DispatchTuning.defaults(), allDay,
          unbooked);
      d.start();
      while (count("status IN ('PENDING', 'SENT', 'UNKNOWN')") > 0) {
        TimeUnit.MILLISECONDS.sleep(100);
        if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(30)) {
          throw new IllegalStateException("not cleared within 30 minutes");
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      d.stop();
      long files = TestPlatform.app().pool().query("SELECT count(*) FROM settlement_batch").execute()
          .await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
      System.out.printf("1 dispatcher instance: %d same-bank payouts cleared in %d batch files in %.1f s, %.0f payouts/s;"
              + " %d succeeded, %d in batch files%n", payouts, files, seconds, payouts / seconds,
          count("status = 'SUCCEEDED'"), count("bank_serial IS NOT NULL"));
    } finally {
      TestPlatform.app().stop().await(60, TimeUnit.SECONDS);
    }
    System.exit(0);
  }

  /** Payouts with no business record to 100 payee accounts, half at 102, half at 105: both pay their own. */
  private static void enqueue(SettlementFixture f, int payouts) throws Exception {
    PayeeAccounts accounts = new PayeeAccounts(f.fields);
    SettlementOutbox outbox = new SettlementOutbox();
    List<PayeeAccounts.Payee> payees = TestPlatform.app().pool().withTransaction(conn -> {
      List<Future<PayeeAccounts.Payee>> registered = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        registered.add(accounts.register(conn, i % 2 == 0 ? "102" : "105", "批量收款人" + i, SettlementFixture.card()));
      }
      return Future.all(registered).map(all -> registered.stream().map(Future::result).toList());
    }).await(30, TimeUnit.SECONDS);
    for (int from = 0; from < payouts; from += 500) {
      int start = from;
      int end = Math.min(payouts, from + 500);
      TestPlatform.app().pool().withTransaction(conn -> {
        Future<Void> done = Future.succeededFuture();
        for (int i = start; i < end; i++) {
          int n = i;
          done = done.compose(v -> outbox.enqueue(conn, new SettlementOutbox.ToAccount("02", payees.get(n % 100),
              Money.parse((1 + n % 97) + ".00"), "benchb:" + n)).mapEmpty());
        }
        return done;
      }).await(120, TimeUnit.SECONDS);
    }
  }

  private static long count(String where) throws Exception {
    return TestPlatform.app().pool().preparedQuery("SELECT count(*) FROM settlement_instruction WHERE " + where
            + " AND business_ref LIKE $1")
        .execute(Tuple.of("benchb:%")).await(10, TimeUnit.SECONDS).iterator().next().getLong(0);
  }
}
