package hpf.settlement.dispatch;

import hpf.boot.TestPlatform;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settlement chaos test for loan deductions: deductions ({@code -Dhpf.deduction.chaos=N}, 300 by default) from
 * repayment cards at both sandbox banks (in BDC105 files, the window open) and at another bank (singly through the
 * clearing bank), sent by two dispatcher instances while the banks switch every 250 ms between the chaos behaviours
 * (rejecting rows, not answering, answering too late, down, duplicate notices); one instance is killed mid-way and
 * another started. Afterwards each deduction is final (or with an operator), collected at most once at its bank,
 * every SUCCEEDED one exactly once under the serial the bank knows it by, every FAILED one not at all, no file row
 * collected that is not a SUCCEEDED deduction, and the loan room's outcome called once for each final deduction.
 */
@ExtendWith(VertxExtension.class)
class DeductionChaosTest {

  private static final String[] BANKS = {"102", "105"};

  @Test
  void noDeductionIsCollectedOrSettledTwiceWhateverTheBanksAndADyingDispatcherDo(Vertx vertx) throws Exception {
    int count = Integer.getInteger("hpf.deduction.chaos", 300);
    SettlementFixture f = new SettlementFixture(vertx);
    Deductions deductions = new Deductions(f);
    OffsetDateTime started = OffsetDateTime.now();
    List<PayeeAccounts.Payee> cards = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      cards.add(deductions.card(new String[] {"102", "105", "103"}[i % 3]));
    }
    List<UUID> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String interest = (i % 50) + ".25";
      all.add(deductions.deduct(cards.get(i % cards.size()), (100 + i % 50) + ".25", "100.00", interest, "0.00"));
    }
    LocalTime now = LocalTime.now(SettlementFixture.CENTER);
    BatchTuning files = new BatchTuning(new BatchWindow(now.minusHours(1), now.plusHours(1)), 20,
        Duration.ofMillis(50), Duration.ofMillis(400), 100, 20);
    Random random = new Random(11);
    Vertx doomed = Vertx.vertx();
    Pool doomedPool = pool(doomed);
    Vertx replacement = Vertx.vertx();
    Pool replacementPool = pool(replacement);
    Dispatcher b = f.dispatcher("dchaos-b", TestPlatform.app().vertx(), TestPlatform.app().pool(), BankChaos.TUNING,
        files, deductions.outcomes());
    long timer = vertx.setPeriodic(250, id -> {
      for (String bank : BANKS) {
        f.client.put(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sandbox/banks/" + bank + "/behaviour")
            .sendJsonObject(BankChaos.behaviour(random));
      }
    });
    try {
      f.dispatcher("dchaos-a", doomed, doomedPool, BankChaos.TUNING, files, deductions.outcomes()).start();
      b.start();
      SettlementFixture.await("a third final", () -> finished(all) >= count / 3);
      // Killed mid-call: its answers are lost, its leases run out, the other instance asks about its rows.
      doomed.close();
      f.dispatcher("dchaos-a2", replacement, replacementPool, BankChaos.TUNING, files, deductions.outcomes()).start();
      SettlementFixture.await("two thirds final", () -> finished(all) >= 2 * count / 3);
    } finally {
      vertx.cancelTimer(timer);
      for (String bank : BANKS) {
        f.behave(bank, new JsonObject());
        f.admin(HttpMethod.DELETE, "/v1/dependencies/bank." + bank + "/isolation",
            new JsonObject().put("reason", "混沌测试结束"));
      }
    }
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (finished(all) + states(all).getOrDefault("MANUAL_REVIEW", 0) < count && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    } finally {
      SettlementFixture.stop(b);
      doomed.close();
      replacement.close().await(10, TimeUnit.SECONDS);
      doomedPool.close();
      replacementPool.close();
    }

    Map<String, Integer> booked = new HashMap<>();
    for (String bank : BANKS) {
      JsonObject books = f.books(bank);
      assertThat(books.getBoolean("balanced")).as("bank " + bank + " books balance").isTrue();
      books.getJsonObject("bookingsBySerial").forEach(e -> booked.merge(e.getKey(), (Integer) e.getValue(), Integer::sum));
    }
    Map<String, Integer> tally = new HashMap<>();
    List<String> collectedRows = new ArrayList<>();
    for (UUID d : all) {
      Row row = Deductions.row(d);
      String status = row.getString("status");
      tally.merge(status, 1, Integer::sum);
      String bankSerial = row.getString("bank_serial");
      int times = booked.getOrDefault(row.getString("serial_no"), 0)
          + (bankSerial == null ? 0 : booked.getOrDefault(bankSerial, 0));
      assertThat(status).as("nothing left in flight").isIn("SUCCEEDED", "FAILED", "MANUAL_REVIEW");
      assertThat(times).as("deduction " + d + " collected at most once").isLessThanOrEqualTo(1);
      if (status.equals("SUCCEEDED")) {
        assertThat(times).as("collected " + d).isEqualTo(1);
        assertThat(deductions.calls(d)).as("settled once " + d).containsExactly("SUCCEEDED");
        if (bankSerial != null) {
          collectedRows.add(bankSerial);
        }
      } else if (status.equals("FAILED")) {
        assertThat(times).as("not collected " + d).isZero();
        assertThat(deductions.calls(d)).as("failed once " + d).containsExactly("FAILED");
      } else {
        assertThat(deductions.calls(d)).as("with an operator " + d).isEmpty();
      }
    }
    // Every row the banks collected out of this test's files is a SUCCEEDED deduction's, under its current serial.
    List<String> fileRowsBooked = new ArrayList<>();
    for (Row batch : TestPlatform.app().pool().preparedQuery("""
            SELECT serial_no FROM settlement_batch WHERE kind = 'LOAN_DEDUCTION' AND created_at >= $1""")
        .execute(Tuple.of(started)).await(10, TimeUnit.SECONDS)) {
      String prefix = batch.getString("serial_no") + "-";
      booked.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(fileRowsBooked::add);
    }
    assertThat(fileRowsBooked).containsExactlyInAnyOrderElementsOf(collectedRows);
    assertThat(collectedRows).as("files were used").isNotEmpty();
    // Rows an operator must look at: a file the bank never got (its instance died between claiming and sending it)
    // is not sent again, its rows end with an operator after their queries find nothing.
    Map<String, Integer> reviewed = new HashMap<>();
    TestPlatform.app().pool().preparedQuery("""
            SELECT coalesce(b.state, 'SINGLE') || '/' || coalesce(b.lease_owner, '-') || '/' || s.attempts AS why,
                   count(*) AS n
              FROM settlement_instruction s LEFT JOIN settlement_batch b USING (batch_id)
             WHERE s.instruction_id = ANY ($1) AND s.status = 'MANUAL_REVIEW' GROUP BY 1""")
        .execute(Tuple.of(all.toArray(new UUID[0]))).await(10, TimeUnit.SECONDS)
        .forEach(r -> reviewed.put(r.getString("why"), r.getLong("n").intValue()));
    System.out.printf("deduction chaos: %d deductions, %s, %d rows collected in files; with an operator: %s%n", count,
        tally, collectedRows.size(), reviewed);
  }

  private static Pool pool(Vertx vertx) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(6))
        .connectingTo(TestPlatform.app().database().connectOptions()).using(vertx).build();
  }

  private static int finished(List<UUID> all) {
    Map<String, Integer> states = states(all);
    return states.getOrDefault("SUCCEEDED", 0) + states.getOrDefault("FAILED", 0);
  }

  private static Map<String, Integer> states(List<UUID> all) {
    try {
      Map<String, Integer> out = new HashMap<>();
      TestPlatform.app().pool().preparedQuery("""
              SELECT status, count(*) AS n FROM settlement_instruction WHERE instruction_id = ANY ($1) GROUP BY status""")
          .execute(Tuple.of(all.toArray(new UUID[0]))).await(10, TimeUnit.SECONDS)
          .forEach(r -> out.put(r.getString("status"), r.getLong("n").intValue()));
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
