package hpf.settlement.dispatch;

import hpf.boot.TestPlatform;
import hpf.kit.Money;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import hpf.settlement.SettlementOutcome;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Loan deductions for the settlement tests, without the loan room: repayment cards registered as payees, deductions
 * enqueued as the loan room does ({@code loanrepay:<id>}, BusType 05, with or without a split), and a stand-in
 * outcome for the {@code loanrepay} prefix that records every call in the settling transaction (a line of the
 * instruction's attempt log by instance {@value #STAND_IN}), so a test sees each deduction settled once: a call whose
 * transaction did not commit left no line.
 */
final class Deductions implements SettlementOutcome {

  static final String STAND_IN = "loanrepay-stand-in";
  private final SettlementFixture f;
  private final SettlementOutbox outbox = new SettlementOutbox();

  Deductions(SettlementFixture f) {
    this.f = f;
  }

  /** The outcomes to give a dispatcher: this stand-in for {@code loanrepay}. */
  Map<String, SettlementOutcome> outcomes() {
    return Map.of("loanrepay", this);
  }

  @Override
  public Future<Void> succeeded(SqlConnection conn, Settled instruction) {
    return record(conn, instruction, "SUCCEEDED", null);
  }

  @Override
  public Future<Void> failed(SqlConnection conn, Settled instruction, String reason) {
    return record(conn, instruction, "FAILED", reason);
  }

  private Future<Void> record(SqlConnection conn, Settled instruction, String outcome, String reason) {
    if (!instruction.collection()) {
      return Future.failedFuture(new IllegalStateException("a loan deduction is a collection"));
    }
    return conn.preparedQuery("""
            INSERT INTO settlement_attempt (instruction_id, kind, outcome, message, instance)
            VALUES ($1, 'RESOLVE', $2, $3, $4)""")
        .execute(Tuple.of(instruction.instructionId(), "OUTCOME_" + outcome, reason, STAND_IN)).mapEmpty();
  }

  /** Stops the dispatcher and waits until its last round is over (a round still running may claim new work). */
  static void stop(Dispatcher dispatcher) throws Exception {
    dispatcher.stop();
    SettlementFixture.await("the dispatcher idle", dispatcher::idle);
  }

  /** A borrower's repayment card at the bank, registered as a payee. */
  PayeeAccounts.Payee card(String bankCode) throws Exception {
    return TestPlatform.app().pool().withTransaction(conn -> new PayeeAccounts(f.fields).register(conn, bankCode,
        "借款人" + ThreadLocalRandom.current().nextInt(1000, 9999), SettlementFixture.card())).await(10, TimeUnit.SECONDS);
  }

  /** A deduction with its split (principal, interest, penalty), or with none ({@code enqueueCollection}). */
  UUID deduct(PayeeAccounts.Payee card, String amount, String... split) throws Exception {
    SettlementOutbox.ToAccount to = new SettlementOutbox.ToAccount("05", card, Money.parse(amount),
        "loanrepay:" + UUID.randomUUID());
    return TestPlatform.app().pool().withTransaction(conn -> split.length == 0 ? outbox.enqueueCollection(conn, to)
        : outbox.enqueueLoanDeduction(conn, to, new SettlementOutbox.Split(Money.parse(split[0]),
            Money.parse(split[1]), Money.parse(split[2])))).await(10, TimeUnit.SECONDS);
  }

  /** Another collection (not a loan deduction): it goes singly. */
  UUID collect(PayeeAccounts.Payee account, String busType, String amount) throws Exception {
    return TestPlatform.app().pool().withTransaction(conn -> outbox.enqueueCollection(conn,
        new SettlementOutbox.ToAccount(busType, account, Money.parse(amount), "test-collect:" + UUID.randomUUID())))
        .await(10, TimeUnit.SECONDS);
  }

  /** The outcome's committed calls for the instruction, in order: SUCCEEDED or FAILED. */
  List<String> calls(UUID instructionId) throws Exception {
    List<String> out = new ArrayList<>();
    TestPlatform.app().pool().preparedQuery("""
            SELECT outcome FROM settlement_attempt WHERE instruction_id = $1 AND instance = $2 ORDER BY attempt_id""")
        .execute(Tuple.of(instructionId, STAND_IN)).await(10, TimeUnit.SECONDS)
        .forEach(r -> out.add(r.getString("outcome").substring("OUTCOME_".length())));
    return out;
  }

  static Row row(UUID instructionId) throws Exception {
    return TestPlatform.app().pool().preparedQuery("SELECT * FROM settlement_instruction WHERE instruction_id = $1")
        .execute(Tuple.of(instructionId)).await(10, TimeUnit.SECONDS).iterator().next();
  }

  static String status(UUID instructionId) {
    try {
      return row(instructionId).getString("status");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Row batch(UUID batchId) throws Exception {
    return TestPlatform.app().pool().preparedQuery("SELECT * FROM settlement_batch WHERE batch_id = $1")
        .execute(Tuple.of(batchId)).await(10, TimeUnit.SECONDS).iterator().next();
  }

  static String batchState(UUID batchId) {
    try {
      return batch(batchId).getString("state");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sandbox bank's own record of a file, by its serial. */
  io.vertx.core.json.JsonObject bankRun(String bankCode, String serial) throws Exception {
    return f.books(bankCode).getJsonArray("batches").stream().map(io.vertx.core.json.JsonObject.class::cast)
        .filter(b -> serial.equals(b.getString("serialNo"))).findFirst().orElseThrow();
  }
}
