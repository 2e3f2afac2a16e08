package hpf.ledger;

import hpf.boot.TestPlatform;
import hpf.kit.Money;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot accounts (balance buckets) on the real database: unrelated postings do not wait for each other, concurrent
 * postings add up exactly, a guarded hot account never goes negative, and the books check sees into every bucket.
 */
class HotAccountsTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private final Ledger ledger = new Ledger();
  private Pool pool;
  private String bank;
  private String payable;

  @BeforeEach
  void openAccounts() throws Exception {
    pool = TestPlatform.app().pool();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    bank = "BANK:" + suffix;
    payable = "PAYABLE:" + suffix;
    await(pool.withTransaction(conn -> ledger.openAccount(conn, bank, "CENTER_BANK", Ledger.Side.DEBIT, false, "专户")
        .compose(v -> ledger.openAccount(conn, payable, "PAYABLE_IN_TRANSIT", Ledger.Side.CREDIT, false, "在途"))));
  }

  @Test
  void hotAccountsOfTheCenterHaveBucketsAndMembersOne() throws Exception {
    assertThat(buckets("PAYABLE:withdrawals")).isEqualTo(16);
    assertThat(buckets("INTEREST:expense")).isEqualTo(16);
    assertThat(buckets("BANK:center")).isEqualTo(16);
    assertThat(buckets(payable)).isEqualTo(16);
    String member = member();
    assertThat(buckets(member)).isEqualTo(1);
  }

  @Test
  void twoOpenTransactionsPostToTheSameHotAccountWithoutWaiting() throws Exception {
    String first = member();
    String second = member();
    SqlConnection a = await(pool.getConnection());
    SqlConnection b = await(pool.getConnection());
    List<SqlConnection> spare = new ArrayList<>();
    try {
      // Two connections whose postings take different buckets of the hot account.
      while (bucketOf(b) == bucketOf(a)) {
        spare.add(b);
        b = await(pool.getConnection());
      }
      var txA = await(a.begin());
      var txB = await(b.begin());
      await(ledger.post(a, deposit(first, "10.00")));
      // Without buckets this would wait for the first transaction's lock on the bank account's one balance row.
      await(ledger.post(b, deposit(second, "20.00")));
      await(txA.commit());
      await(txB.commit());
    } finally {
      a.close();
      b.close();
      spare.forEach(SqlConnection::close);
    }
    assertThat(await(ledger.balance(pool, bank))).isEqualTo(Money.parse("30.00"));
    assertThat(await(new Reconciliation(pool).run()).differences()).isEmpty();
  }

  @Test
  void concurrentPostingsFromManyConnectionsAddUpExactly() throws Exception {
    String member = member();
    List<Future<Ledger.Posted>> postings = new ArrayList<>();
    Money expected = Money.ZERO;
    for (int i = 1; i <= 60; i++) {
      Money amount = Money.parse(i + "." + String.format("%02d", i));
      expected = expected.plus(amount);
      postings.add(pool.withTransaction(conn -> ledger.post(conn, deposit(member, amount.toString()))));
    }
    Future.all(postings).await(60, TimeUnit.SECONDS);
    assertThat(await(ledger.balance(pool, bank))).isEqualTo(expected);
    assertThat(await(ledger.balance(pool, member))).isEqualTo(expected);
    assertThat(await(pool.preparedQuery("SELECT count(*) FROM ledger_balance WHERE account_id = $1 AND balance <> 0")
        .execute(Tuple.of(bank))).iterator().next().getLong(0)).isGreaterThan(1);
    assertThat(await(new Reconciliation(pool).run()).differences()).isEmpty();
  }

  @Test
  void concurrentDebitsOfAGuardedHotAccountNeverTakeItBelowZero() throws Exception {
    String member = member();
    // 1000.00 spread over the payable's buckets by postings on several connections.
    List<Future<Ledger.Posted>> credits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      credits.add(pool.withTransaction(conn -> ledger.post(conn, new Ledger.Posting("11", "test",
          UUID.randomUUID().toString(), TODAY, "提取", List.of(new Ledger.Entry(bank, Ledger.Side.DEBIT, Money.parse("100.00")),
          new Ledger.Entry(payable, Ledger.Side.CREDIT, Money.parse("100.00")))))));
    }
    Future.all(credits).await(60, TimeUnit.SECONDS);
    List<Future<Ledger.Posted>> debits = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      debits.add(pool.withTransaction(conn -> ledger.post(conn, new Ledger.Posting("11", "test",
          UUID.randomUUID().toString(), TODAY, "支付", List.of(new Ledger.Entry(payable, Ledger.Side.DEBIT, Money.parse("100.00")),
          new Ledger.Entry(member, Ledger.Side.CREDIT, Money.parse("100.00")))))));
    }
    Future.join(debits).transform(all -> Future.succeededFuture()).await(60, TimeUnit.SECONDS);
    assertThat(debits.stream().filter(Future::succeeded).count()).isEqualTo(10);
    assertThat(debits.stream().filter(Future::failed)).allSatisfy(f -> assertThat(f.cause())
        .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem().code()).isEqualTo("INSUFFICIENT_BALANCE")));
    assertThat(await(ledger.balance(pool, payable))).isEqualTo(Money.ZERO);
    assertThat(await(ledger.balance(pool, member))).isEqualTo(Money.parse("1000.00"));
    assertThat(await(pool.preparedQuery("SELECT count(*) FROM ledger_balance WHERE account_id = $1 AND balance < 0")
        .execute(Tuple.of(payable))).iterator().next().getLong(0)).isZero();
    assertThat(await(new Reconciliation(pool).run()).differences()).isEmpty();
  }

  @Test
  void aDebitWaitsForABucketAnotherTransactionHoldsRatherThanBeingRefused() throws Exception {
    String member = member();
    SqlConnection a = await(pool.getConnection());
    SqlConnection b = await(pool.getConnection());
    List<SqlConnection> spare = new ArrayList<>();
    try {
      while (bucketOf(b) == bucketOf(a)) {
        spare.add(b);
        b = await(pool.getConnection());
      }
      var funding = await(a.begin());
      await(ledger.post(a, toPayable("50.00")));
      await(funding.commit());
      // The money is in a's bucket, which a holds again (a credit in flight); b's own bucket is empty.
      var txA = await(a.begin());
      await(ledger.post(a, toPayable("10.00")));
      int pidB = await(b.query("SELECT pg_backend_pid()").execute()).iterator().next().getInteger(0);
      var txB = await(b.begin());
      Future<Ledger.Posted> debit = ledger.post(b, new Ledger.Posting("11", "test", UUID.randomUUID().toString(), TODAY,
          "支付", List.of(new Ledger.Entry(payable, Ledger.Side.DEBIT, Money.parse("50.00")),
          new Ledger.Entry(member, Ledger.Side.CREDIT, Money.parse("50.00")))));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!waitingForLock(pidB)) {
        assertThat(debit.failed()).as("the debit was refused instead of waiting: %s", debit.cause()).isFalse();
        assertThat(System.nanoTime()).as("the debit waits for the bucket a holds").isLessThan(deadline);
      }
      await(txA.commit());
      await(debit);
      await(txB.commit());
    } finally {
      a.close();
      b.close();
      spare.forEach(SqlConnection::close);
    }
    assertThat(await(ledger.balance(pool, payable))).isEqualTo(Money.parse("10.00"));
    assertThat(await(ledger.balance(pool, member))).isEqualTo(Money.parse("50.00"));
    assertThat(await(new Reconciliation(pool).run()).differences()).isEmpty();
  }

  @Test
  void theBooksCheckSeesADriftedOrNegativeBucket() throws Exception {
    String member = member();
    await(pool.withTransaction(conn -> ledger.post(conn, deposit(member, "40.00"))));
    String drift = "UPDATE ledger_balance SET balance = balance + $2 WHERE account_id = '" + bank + "' AND bucket = $1";
    await(pool.preparedQuery(drift).execute(Tuple.of(7, new java.math.BigDecimal("0.01"))));
    try {
      assertThat(await(new Reconciliation(pool).run()).differences())
          .contains("account " + bank + " shows 40.01 but its entries add up to 40.00");
    } finally {
      await(pool.preparedQuery(drift).execute(Tuple.of(7, new java.math.BigDecimal("-0.01"))));
    }
    // Money moved between buckets keeps the sum, but a guarded account's bucket below zero was written around the guard.
    await(pool.preparedQuery(drift).execute(Tuple.of(3, new java.math.BigDecimal("-55.00"))));
    await(pool.preparedQuery(drift).execute(Tuple.of(4, new java.math.BigDecimal("55.00"))));
    try {
      List<String> differences = await(new Reconciliation(pool).run()).differences();
      assertThat(differences).anySatisfy(d -> assertThat(d).startsWith("account " + bank + " may not go negative"));
      assertThat(differences).noneSatisfy(d -> assertThat(d).startsWith("account " + bank + " shows"));
    } finally {
      await(pool.preparedQuery(drift).execute(Tuple.of(3, new java.math.BigDecimal("55.00"))));
      await(pool.preparedQuery(drift).execute(Tuple.of(4, new java.math.BigDecimal("-55.00"))));
    }
    assertThat(await(new Reconciliation(pool).run()).balanced()).isTrue();
  }

  private Ledger.Posting deposit(String member, String amount) {
    return new Ledger.Posting("01", "test", UUID.randomUUID().toString(), TODAY, "汇缴", List.of(
        new Ledger.Entry(bank, Ledger.Side.DEBIT, Money.parse(amount)),
        new Ledger.Entry(member, Ledger.Side.CREDIT, Money.parse(amount))));
  }

  private Ledger.Posting toPayable(String amount) {
    return new Ledger.Posting("11", "test", UUID.randomUUID().toString(), TODAY, "提取", List.of(
        new Ledger.Entry(bank, Ledger.Side.DEBIT, Money.parse(amount)),
        new Ledger.Entry(payable, Ledger.Side.CREDIT, Money.parse(amount))));
  }

  private boolean waitingForLock(int pid) throws Exception {
    return await(pool.preparedQuery("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'")
        .execute(Tuple.of(pid))).size() > 0;
  }

  private String member() throws Exception {
    String member = "MBR:" + UUID.randomUUID().toString().substring(0, 8);
    await(pool.withTransaction(conn -> ledger.openAccount(conn, member, "MEMBER", Ledger.Side.CREDIT, false, "职工")));
    return member;
  }

  private int buckets(String account) throws Exception {
    return await(pool.preparedQuery("SELECT buckets FROM ledger_account WHERE account_id = $1").execute(Tuple.of(account)))
        .iterator().next().getInteger(0);
  }

  private int bucketOf(SqlConnection conn) throws Exception {
    return await(conn.query("SELECT pg_backend_pid() % 16").execute()).iterator().next().getInteger(0);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }
}
