package hpf.account;

import hpf.boot.TestPlatform;
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The member lock helper holds the person and then the current account until the caller's transaction ends. */
class MemberLocksTest {

  private static final String PERSON_LOCKED = "SELECT 1 FROM person WHERE person_id = $1 FOR UPDATE NOWAIT";
  private static final String ACCOUNT_LOCKED = "SELECT 1 FROM member_account WHERE account_no = $1 FOR UPDATE NOWAIT";

  @Test
  void personThenCurrentAccountAreHeldUntilTheTransactionEnds() {
    Pool pool = TestPlatform.app().pool();
    int n = ThreadLocalRandom.current().nextInt(10_000_000);
    String personId = String.format("P9%07d", n);
    String accountNo = String.format("A99%07d", n);
    await(pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO person (person_id, name, id_number_enc, id_number_idx, phone_enc, phone_idx)
            VALUES ($1, '锁测试', 'x', $1, 'x', $1)""").execute(Tuple.of(personId))
        .compose(v -> new Ledger().openAccount(conn, "MBR:" + accountNo, "MEMBER", Ledger.Side.CREDIT, false, "锁测试"))
        .compose(v -> conn.preparedQuery("""
                INSERT INTO member_account (account_no, person_id, employer_id, base, monthly_employer, monthly_member,
                                            opened_on, ledger_account, depositor_type)
                VALUES ($1, $2, NULL, 1000, 0, 100, current_date, $3, 'FLEXIBLE')""")
            .execute(Tuple.of(accountNo, personId, "MBR:" + accountNo)))));

    SqlConnection conn = await(pool.getConnection());
    try {
      Transaction tx = await(conn.begin());
      MemberLocks.Locked locked = await(MemberLocks.personAndCurrentAccount(conn, personId));
      assertThat(locked).isEqualTo(new MemberLocks.Locked(accountNo, "MBR:" + accountNo, "01", "锁测试"));
      assertHeld(pool, PERSON_LOCKED, personId);
      assertHeld(pool, ACCOUNT_LOCKED, accountNo);
      await(tx.rollback());
      await(pool.preparedQuery(PERSON_LOCKED).execute(Tuple.of(personId)));
      await(pool.preparedQuery(ACCOUNT_LOCKED).execute(Tuple.of(accountNo)));

      assertThat(await(MemberLocks.person(conn, "P00000000"))).isFalse();
      assertThat(await(MemberLocks.personAndCurrentAccount(conn, "P00000000"))).isNull();
    } finally {
      conn.close();
    }
  }

  private static void assertHeld(Pool pool, String sql, String id) {
    assertThatThrownBy(() -> await(pool.preparedQuery(sql).execute(Tuple.of(id))))
        .satisfies(e -> assertThat(e).isInstanceOf(PgException.class))
        .satisfies(e -> assertThat(((PgException) e).getSqlState()).isEqualTo("55P03"));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }
}
