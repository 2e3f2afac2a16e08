package hpf.loan;

import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.await;
import static hpf.loan.LoanContractDesk.contractState;
import static hpf.loan.LoanContractDesk.ledger;
import static org.assertj.core.api.Assertions.assertThat;

import hpf.boot.TestPlatform;
import hpf.loan.servicing.LoanServicing;
import hpf.settlement.dispatch.BankChaos;
import hpf.settlement.dispatch.DispatchTuning;
import hpf.settlement.dispatch.Dispatcher;
import hpf.settlement.dispatch.SettlementFixture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deductions under chaos ({@code -Dhpf.loan.chaos.deductions=N}, 8 by default): the first installment of every loan is
 * asked for on its due date and, after each refusal, on the next deduction day (grace days, then every day), by two
 * dispatcher instances while both sandbox banks switch every 250 ms between healthy, rejecting, uncertain, silent,
 * slow, down and pushing duplicate notices; one instance is killed mid-call and replaced. Afterwards every first
 * installment is received exactly once (one SUCCEEDED deduction, one receipt, the card debited exactly what was
 * received), no serial was booked twice, no other deduction is in flight, and the books and the loan books reconcile.
 */
@ExtendWith(VertxExtension.class)
class LoanDeductionChaosTest {

  private static final String[] BANKS = {"102", "105"};

  @Test
  void everyInstallmentIsCollectedExactlyOnceWhateverTheBanksAndADyingDispatcherDo(Vertx vertx) throws Exception {
    int n = Integer.getInteger("hpf.loan.chaos.deductions", 8);
    LoanContractDesk cd = new LoanContractDesk(vertx);
    SettlementFixture f = new SettlementFixture(vertx);
    LoanServicing servicing = TestPlatform.app().loan().servicing();
    Map<String, String[]> loans = new LinkedHashMap<>(); // contract → {bank, card}
    Dispatcher calm = f.dispatcher("deduct-setup-" + UUID.randomUUID(), TestPlatform.app().vertx(),
        TestPlatform.app().pool(), DispatchTuning.defaults());
    calm.start();
    try {
      for (int i = 0; i < n; i++) {
        String bank = BANKS[i % 2];
        String card = LoanContractDesk.newCard();
        LoanDesk.Member m = cd.member(1, 2);
        JsonObject application = LoanDesk.application(m, (10_000 + 500 * i) + ".00", 60 + 12 * (i % 5));
        application.getJsonObject("repaymentCard").put("bankCode", bank).put("cardNumber", card);
        String contractId = cd.preRegistered(m, application, LoanContractDesk.signing());
        cd.requestAndRelease(null, contractId);
        loans.put(contractId, new String[] {bank, card});
      }
      for (String contractId : loans.keySet()) {
        await("the loan active", () -> "ACTIVE".equals(contractState(contractId)));
      }
    } finally {
      SettlementFixture.stop(calm);
    }
    Map<String, LocalDate> nextDay = new HashMap<>();
    for (String contractId : loans.keySet()) {
      nextDay.put(contractId, firstDue(contractId));
    }

    Vertx doomed = Vertx.vertx();
    Pool doomedPool = pool(doomed);
    Dispatcher a = f.dispatcher("deduct-chaos-a", doomed, doomedPool, BankChaos.TUNING);
    Dispatcher b = f.dispatcher("deduct-chaos-b", TestPlatform.app().vertx(), TestPlatform.app().pool(),
        BankChaos.TUNING);
    Random random = new Random(17);
    long timer = vertx.setPeriodic(250, id -> {
      for (String bank : BANKS) {
        f.client().put(TestPlatform.app().sandboxPort(), "127.0.0.1", "/sandbox/banks/" + bank + "/behaviour")
            .sendJsonObject(BankChaos.behaviour(random));
      }
    });
    Vertx replacement = null;
    Pool replacementPool = null;
    Dispatcher c = null;
    try {
      a.start();
      b.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      boolean killed = false;
      boolean healthy = false;
      while (received(loans.keySet()) < n) {
        assertThat(System.nanoTime()).as("every first installment received; deductions " + deductions(loans.keySet()))
            .isLessThan(deadline);
        // One loan asked per round, so the deductions meet the banks in many of their moods.
        for (String contractId : loans.keySet()) {
          if (!received(contractId) && !inFlight(contractId)) {
            // Asked on the day it is due, then on each next deduction day after a refusal.
            LocalDate day = nextDay.get(contractId);
            while (!servicing.deductOne(contractId, day).await(30, TimeUnit.SECONDS) && !received(contractId)
                && !inFlight(contractId)) {
              day = day.plusDays(1);
            }
            nextDay.put(contractId, day.plusDays(1));
            break;
          }
        }
        if (!killed && received(loans.keySet()) >= n / 3) {
          // Killed mid-call: its answers are lost, its leases run out, the other instance asks about its rows.
          doomed.close();
          killed = true;
          replacement = Vertx.vertx();
          replacementPool = pool(replacement);
          c = f.dispatcher("deduct-chaos-c", replacement, replacementPool, BankChaos.TUNING);
          c.start();
        }
        if (!healthy && System.nanoTime() > deadline - TimeUnit.SECONDS.toNanos(90)) {
          healthy = true;
          vertx.cancelTimer(timer);
          for (String bank : BANKS) {
            f.behave(bank, new JsonObject());
            f.admin(HttpMethod.DELETE, "/v1/dependencies/bank." + bank + "/isolation",
                new JsonObject().put("reason", "混沌测试：恢复"));
          }
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
    } finally {
      vertx.cancelTimer(timer);
      SettlementFixture.stop(b, c);
      doomed.close();
      for (String bank : BANKS) {
        f.behave(bank, new JsonObject());
        f.admin(HttpMethod.DELETE, "/v1/dependencies/bank." + bank + "/isolation",
            new JsonObject().put("reason", "混沌测试结束"));
      }
      if (replacement != null) {
        replacement.close().await(10, TimeUnit.SECONDS);
      }
    }

    Map<String, Integer> booked = new HashMap<>();
    Map<String, BigDecimal> balances = new HashMap<>();
    for (String bank : BANKS) {
      JsonObject books = f.books(bank);
      assertThat(books.getBoolean("balanced")).as("bank " + bank + " books balance").isTrue();
      books.getJsonObject("bookingsBySerial").forEach(e -> booked.merge(e.getKey(), (Integer) e.getValue(), Integer::sum));
      books.getJsonArray("balances").forEach(o -> balances.put(((JsonObject) o).getString("accountNo"),
          new BigDecimal(((JsonObject) o).getString("balance"))));
    }
    for (Map.Entry<String, String[]> e : loans.entrySet()) {
      String contractId = e.getKey();
      List<Row> attempts = rows("""
          SELECT d.state, s.serial_no, s.status FROM loan_deduction d
            JOIN settlement_instruction s ON s.instruction_id = d.instruction_id WHERE d.contract_id = $1""", contractId);
      assertThat(attempts.stream().filter(r -> r.getString("state").equals("SUCCEEDED"))).as(contractId).hasSize(1);
      assertThat(attempts.stream().filter(r -> r.getString("state").equals("PENDING"))).as(contractId).isEmpty();
      for (Row r : attempts) {
        assertThat(booked.getOrDefault(r.getString("serial_no"), 0)).as("serial " + r.getString("serial_no"))
            .isEqualTo(r.getString("state").equals("SUCCEEDED") ? 1 : 0);
      }
      List<Row> receipts = rows("SELECT amount, principal FROM loan_repayment WHERE contract_id = $1", contractId);
      assertThat(receipts).as(contractId).hasSize(1);
      BigDecimal collected = receipts.get(0).getBigDecimal("amount");
      assertThat(balances.get(e.getValue()[1])).as("the card of " + contractId + " debited once")
          .isEqualByComparingTo(new BigDecimal("1000000.00").subtract(collected));
      BigDecimal principal = rows("SELECT principal FROM loan_contract WHERE contract_id = $1", contractId).get(0)
          .getBigDecimal("principal");
      assertThat(ledger("LOAN:" + contractId)).isEqualByComparingTo(principal.subtract(receipts.get(0)
          .getBigDecimal("principal")));
    }
    assertBooksReconcile();
    System.out.printf("deduction chaos: %d first installments received, %d deductions in all (%d refused)%n", n,
        attempts(loans.keySet()), refused(loans.keySet()));
    doomedPool.close();
    if (replacementPool != null) {
      replacementPool.close();
    }
  }

  private static LocalDate firstDue(String contractId) throws Exception {
    return rows("SELECT min(due_on) AS due FROM loan_installment WHERE contract_id = $1", contractId).get(0)
        .getLocalDate("due");
  }

  private static boolean received(String contractId) throws Exception {
    return LoanDesk.count("SELECT count(*) FROM loan_repayment WHERE contract_id = $1", contractId) > 0;
  }

  private static long received(Iterable<String> contracts) throws Exception {
    long done = 0;
    for (String id : contracts) {
      done += received(id) ? 1 : 0;
    }
    return done;
  }

  private static boolean inFlight(String contractId) throws Exception {
    return LoanDesk.count("SELECT count(*) FROM loan_deduction WHERE contract_id = $1 AND state = 'PENDING'",
        contractId) > 0;
  }

  private static long attempts(Iterable<String> contracts) throws Exception {
    long all = 0;
    for (String id : contracts) {
      all += LoanDesk.count("SELECT count(*) FROM loan_deduction WHERE contract_id = $1", id);
    }
    return all;
  }

  private static long refused(Iterable<String> contracts) throws Exception {
    long all = 0;
    for (String id : contracts) {
      all += LoanDesk.count("SELECT count(*) FROM loan_deduction WHERE contract_id = $1 AND state = 'FAILED'", id);
    }
    return all;
  }

  private static String deductions(Iterable<String> contracts) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String id : contracts) {
      out.append(id).append(rows("SELECT state FROM loan_deduction WHERE contract_id = $1 ORDER BY attempt_on", id)
          .stream().map(r -> r.getString("state")).toList()).append(' ');
    }
    return out.toString().trim();
  }

  private static List<Row> rows(String sql, String parameter) throws Exception {
    List<Row> out = new ArrayList<>();
    TestPlatform.app().pool().preparedQuery(sql).execute(Tuple.of(parameter)).await(10, TimeUnit.SECONDS)
        .forEach(out::add);
    return out;
  }

  private static Pool pool(Vertx vertx) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(6))
        .connectingTo(TestPlatform.app().database().connectOptions()).using(vertx).build();
  }
}
