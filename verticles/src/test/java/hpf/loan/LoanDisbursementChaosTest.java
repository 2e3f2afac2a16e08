package hpf.loan;

import hpf.boot.TestPlatform;
import hpf.settlement.dispatch.BankChaos;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static hpf.loan.LoanContractDesk.assertBooksReconcile;
import static hpf.loan.LoanContractDesk.contractState;
import static hpf.loan.LoanContractDesk.ledger;
import static hpf.loan.LoanContractDesk.signing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disbursement under chaos ({@code -Dhpf.loan.chaos.contracts=N}, 12 by default): every contract's payment is
 * released to two dispatcher instances while both sandbox banks switch every 250 ms between healthy, rejecting,
 * uncertain, silent, slow, down and pushing duplicate notices; one instance is killed mid-call and replaced; a
 * refused payment is asked for again until the bank pays. Afterwards every loan is ACTIVE, its receivable is its
 * principal, exactly one of its payments succeeded, the seller's account at the bank received the principal exactly
 * once, no serial was booked twice, every schedule is written once, and the books reconcile.
 */
@ExtendWith(VertxExtension.class)
class LoanDisbursementChaosTest {

  private static final String[] BANKS = {"102", "105"};

  @Test
  void everyLoanIsPaidOutExactlyOnceWhateverTheBanksAndADyingDispatcherDo(Vertx vertx) throws Exception {
    int n = Integer.getInteger("hpf.loan.chaos.contracts", 12);
    LoanContractDesk cd = new LoanContractDesk(vertx);
    Map<String, String[]> contracts = new LinkedHashMap<>(); // contract → {bank, payee account, principal}
    for (int i = 0; i < n; i++) {
      String bank = BANKS[i % 2];
      String account = bank + "0350299" + String.format("%08d", Math.abs(new Random().nextInt(100_000_000)));
      String principal = (10_000 + 500 * i) + ".00";
      String contractId = cd.preRegistered(cd.member(1, 2), principal, 60 + 12 * (i % 5), signing(bank, account));
      contracts.put(contractId, new String[] {bank, account, principal});
    }
    SettlementFixture f = new SettlementFixture(vertx);
    Vertx doomed = Vertx.vertx();
    Pool doomedPool = pool(doomed);
    Dispatcher a = f.dispatcher("loan-chaos-a", doomed, doomedPool, BankChaos.TUNING);
    Dispatcher b = f.dispatcher("loan-chaos-b", TestPlatform.app().vertx(), TestPlatform.app().pool(), BankChaos.TUNING);
    Random random = new Random(11);
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
      for (String contractId : contracts.keySet()) {
        cd.requestAndRelease(null, contractId);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      boolean killed = false;
      boolean healthy = false;
      while (active(contracts.keySet()) < n) {
        assertThat(System.nanoTime()).as("every loan active; states " + states(contracts.keySet()) + "; payments "
            + payments(contracts.keySet())).isLessThan(deadline);
        if (!killed && finalOrActive(contracts.keySet()) >= n / 3) {
          // Killed mid-call: its answers are lost, its leases run out, the other instance asks about its rows.
          doomed.close();
          killed = true;
          replacement = Vertx.vertx();
          replacementPool = pool(replacement);
          c = f.dispatcher("loan-chaos-c", replacement, replacementPool, BankChaos.TUNING);
          c.start();
        }
        for (String contractId : contracts.keySet()) {
          if ("DISBURSEMENT_FAILED".equals(contractState(contractId))) {
            cd.requestAndRelease(null, contractId); // the bank refused: a new payment, with a new serial
          }
        }
        if (!healthy && System.nanoTime() > deadline - TimeUnit.SECONDS.toNanos(90)) {
          // The last stretch healthy, so every loan can end paid: the banks behave and their isolation (the chaos
          // may have suspended them cluster-wide; an isolated bank is not sent to) is lifted, as an operator would.
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
    Map<String, BigDecimal> received = new HashMap<>();
    for (String bank : BANKS) {
      JsonObject books = f.books(bank);
      assertThat(books.getBoolean("balanced")).as("bank " + bank + " books balance").isTrue();
      books.getJsonObject("bookingsBySerial").forEach(e -> booked.merge(e.getKey(), (Integer) e.getValue(), Integer::sum));
      books.getJsonArray("balances").forEach(o -> received.put(((JsonObject) o).getString("accountNo"),
          new BigDecimal(((JsonObject) o).getString("balance"))));
    }
    for (Map.Entry<String, String[]> e : contracts.entrySet()) {
      String contractId = e.getKey();
      String principal = e.getValue()[2];
      assertThat(contractState(contractId)).isEqualTo("ACTIVE");
      assertThat(ledger("LOAN:" + contractId)).as(contractId).isEqualByComparingTo(principal);
      assertThat(received.get(e.getValue()[1])).as("the seller of " + contractId + " paid once")
          .isEqualByComparingTo(principal);
      List<Row> payments = payments(contractId);
      assertThat(payments.stream().filter(p -> p.getString("status").equals("SUCCEEDED"))).as(contractId).hasSize(1);
      for (Row p : payments) {
        int times = booked.getOrDefault(p.getString("serial_no"), 0);
        assertThat(times).as("serial " + p.getString("serial_no")).isEqualTo(p.getString("status").equals("SUCCEEDED")
            ? 1 : 0);
      }
      assertThat(LoanDesk.count("SELECT count(*) FROM loan_installment WHERE contract_id = $1", contractId))
          .isEqualTo(LoanDesk.count("SELECT term_months FROM loan_contract WHERE contract_id = $1", contractId));
    }
    assertBooksReconcile();
    System.out.printf("loan chaos: %d loans paid out, %d payments in all%n", n, contracts.keySet().stream()
        .mapToInt(id -> payments(id).size()).sum());
    doomedPool.close();
    if (replacementPool != null) {
      replacementPool.close();
    }
  }

  private static List<Row> payments(String contractId) {
    try {
      List<Row> rows = new ArrayList<>();
      TestPlatform.app().pool().preparedQuery("SELECT serial_no, status FROM settlement_instruction WHERE business_ref = $1")
          .execute(Tuple.of("loan:" + contractId)).await(10, TimeUnit.SECONDS).forEach(rows::add);
      return rows;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The payments' states of the loans not yet active, for a failure's message. */
  private static String payments(Iterable<String> contracts) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String id : contracts) {
      if (!"ACTIVE".equals(contractState(id))) {
        out.append(id).append(payments(id).stream().map(r -> r.getString("status")).toList()).append(' ');
      }
    }
    return out.toString().trim();
  }

  private static long active(Iterable<String> contracts) throws Exception {
    long active = 0;
    for (String id : contracts) {
      active += "ACTIVE".equals(contractState(id)) ? 1 : 0;
    }
    return active;
  }

  private static long finalOrActive(Iterable<String> contracts) throws Exception {
    long done = 0;
    for (String id : contracts) {
      String state = contractState(id);
      done += "ACTIVE".equals(state) || "DISBURSEMENT_FAILED".equals(state) ? 1 : 0;
    }
    return done;
  }

  private static String states(Iterable<String> contracts) throws Exception {
    Map<String, Integer> states = new HashMap<>();
    for (String id : contracts) {
      states.merge(contractState(id), 1, Integer::sum);
    }
    return states.toString();
  }

  private static Pool pool(Vertx vertx) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(6))
        .connectingTo(TestPlatform.app().database().connectOptions()).using(vertx).build();
  }
}
