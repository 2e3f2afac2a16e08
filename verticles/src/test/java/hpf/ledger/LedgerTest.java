package hpf.ledger;

import hpf.boot.TestOperators;
import hpf.boot.TestPlatform;
import hpf.channel.Zone;
import hpf.cli.ReconcileCommand;
import hpf.kit.Money;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger's invariants on the real database: balance, idempotency, no overdraft under concurrency, append-only. */
class LedgerTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private final Ledger ledger = new Ledger();
  private Pool pool;
  private String member;
  private String bank;
  private String payable;

  @BeforeEach
  void openAccounts() throws Exception {
    pool = TestPlatform.app().pool();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    member = "MBR:" + suffix;
    bank = "BANK:" + suffix;
    payable = "PAYABLE:" + suffix;
    await(pool.withTransaction(conn -> ledger.openAccount(conn, member, "MEMBER", Ledger.Side.CREDIT, false, "职工")
        .compose(v -> ledger.openAccount(conn, bank, "CENTER_BANK", Ledger.Side.DEBIT, false, "专户"))
        .compose(v -> ledger.openAccount(conn, payable, "PAYABLE_IN_TRANSIT", Ledger.Side.CREDIT, false, "在途"))));
  }

  private Ledger.Posting deposit(String key, String amount) {
    return new Ledger.Posting("01", "test", key, TODAY, "汇缴", List.of(
        new Ledger.Entry(bank, Ledger.Side.DEBIT, Money.parse(amount)),
        new Ledger.Entry(member, Ledger.Side.CREDIT, Money.parse(amount))));
  }

  private Ledger.Posting withdrawal(String key, String amount) {
    return new Ledger.Posting("11", "test", key, TODAY, "提取", List.of(
        new Ledger.Entry(member, Ledger.Side.DEBIT, Money.parse(amount)),
        new Ledger.Entry(payable, Ledger.Side.CREDIT, Money.parse(amount))));
  }

  private Ledger.Posted post(Ledger.Posting posting) throws Exception {
    return await(pool.withTransaction(conn -> ledger.post(conn, posting)));
  }

  private Money balance(String account) throws Exception {
    return await(ledger.balance(pool, account));
  }

  @Test
  void aPostingMovesBothSidesAndTheBooksAgree() throws Exception {
    post(deposit(UUID.randomUUID().toString(), "1234.56"));
    assertThat(balance(member)).isEqualTo(Money.parse("1234.56"));
    assertThat(balance(bank)).isEqualTo(Money.parse("1234.56"));
    assertThat(await(new Reconciliation(pool).run()).differences()).isEmpty();
  }

  @Test
  void aReplayedPostingChangesNothing() throws Exception {
    String key = UUID.randomUUID().toString();
    Ledger.Posted first = post(deposit(key, "100.00"));
    Ledger.Posted again = post(deposit(key, "100.00"));
    assertThat(again.replayed()).isTrue();
    assertThat(again.txnId()).isEqualTo(first.txnId());
    assertThat(balance(member)).isEqualTo(Money.parse("100.00"));
    assertThatThrownBy(() -> post(deposit(key, "100.01")))
        .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().code()).isEqualTo("IDEMPOTENCY_CONFLICT"));
    assertThat(balance(member)).isEqualTo(Money.parse("100.00"));
  }

  @Test
  void concurrentWithdrawalsNeverOverdraw() throws Exception {
    post(deposit(UUID.randomUUID().toString(), "1000.00"));
    List<Future<Ledger.Posted>> attempts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      attempts.add(pool.withTransaction(conn -> ledger.post(conn, withdrawal(UUID.randomUUID().toString(), "100.00"))));
    }
    // Wait for all, whatever each outcome.
    Future.join(attempts).transform(all -> Future.succeededFuture()).await(60, TimeUnit.SECONDS);
    long succeeded = attempts.stream().filter(Future::succeeded).count();
    assertThat(succeeded).isEqualTo(10);
    assertThat(attempts.stream().filter(Future::failed)).allSatisfy(f -> assertThat(f.cause())
        .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().code()).isEqualTo("INSUFFICIENT_BALANCE")));
    assertThat(balance(member)).isEqualTo(Money.ZERO);
    assertThat(balance(payable)).isEqualTo(Money.parse("1000.00"));
    assertThat(await(new Reconciliation(pool).run()).differences()).isEmpty();
  }

  @Test
  void aReversalRestoresBalancesOnceAndOnlyOnce() throws Exception {
    Ledger.Posted original = post(deposit(UUID.randomUUID().toString(), "50.00"));
    String reversalKey = UUID.randomUUID().toString();
    await(pool.withTransaction(conn -> ledger.reverse(conn, original.txnId(), reversalKey, TODAY, "冲正")));
    assertThat(balance(member)).isEqualTo(Money.ZERO);
    assertThat(balance(bank)).isEqualTo(Money.ZERO);
    assertThat(await(pool.withTransaction(conn -> ledger.reverse(conn, original.txnId(), reversalKey, TODAY, "冲正")))
        .replayed()).isTrue();
    assertThatThrownBy(() -> await(pool.withTransaction(conn ->
        ledger.reverse(conn, original.txnId(), UUID.randomUUID().toString(), TODAY, "再次冲正"))))
        .isInstanceOf(ProblemException.class).hasMessage("ALREADY_REVERSED");
    assertThat(balance(member)).isEqualTo(Money.ZERO);
  }

  @Test
  void theDatabaseRefusesUnbalancedOrChangedRecords() throws Exception {
    UUID txn = UUID.randomUUID();
    assertThatThrownBy(() -> await(pool.withTransaction(conn -> conn.query(
        "INSERT INTO ledger_transaction (txn_id, business_type, business_ref, idempotency_key, business_date) VALUES ('"
            + txn + "', '01', 'x', '" + txn + "', '2026-11-22')").execute()
        .compose(v -> conn.query("INSERT INTO ledger_entry (txn_id, account_id, side, amount) VALUES ('" + txn + "', '"
            + member + "', 'CREDIT', 10)").execute()))))
        .hasMessageContaining("does not balance");
    Ledger.Posted posted = post(deposit(UUID.randomUUID().toString(), "10.00"));
    assertThatThrownBy(() -> await(pool.query("UPDATE ledger_entry SET amount = 1 WHERE txn_id = '" + posted.txnId() + "'")
        .execute())).hasMessageContaining("append-only");
    // The runtime role has no TRUNCATE right; the owner meets the statement trigger.
    assertThatThrownBy(() -> await(pool.query("TRUNCATE ledger_entry CASCADE").execute()))
        .hasMessageContaining("permission denied");
    assertThatThrownBy(() -> await(hpf.boot.Superuser.pool().query("TRUNCATE ledger_entry CASCADE").execute()))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> new Ledger.Posting("01", "x", "k", TODAY, "", List.of(
        new Ledger.Entry(bank, Ledger.Side.DEBIT, Money.parse("1.00")))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reconciliationNamesADriftedBalanceAndTheCommandReportsIt() throws Exception {
    post(deposit(UUID.randomUUID().toString(), "20.00"));
    await(pool.query("UPDATE ledger_balance SET balance = balance + 0.01 WHERE account_id = '" + member + "'").execute());
    try {
      Reconciliation.Report report = await(new Reconciliation(pool).run());
      assertThat(report.differences()).contains("account " + member + " shows 20.01 but its entries add up to 20.00");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int exit = ReconcileCommand.run(new String[] {"--admin", "http://127.0.0.1:" + TestPlatform.port(Zone.ADMIN)},
          java.util.Map.of("HPF_OPERATOR_USER", TestOperators.username(TestOperators.SYSTEM_ADMIN),
              "HPF_OPERATOR_PASSWORD", hpf.sandbox.DemoOperators.PASSWORD,
              "HPF_OPERATOR_OTP", TestOperators.otp(TestOperators.SYSTEM_ADMIN)),
          new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(exit).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"balanced\" : false", member);
    } finally {
      await(pool.query("UPDATE ledger_balance SET balance = balance - 0.01 WHERE account_id = '" + member + "'").execute());
    }
    assertThat(await(new Reconciliation(pool).run()).balanced()).isTrue();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }
}
