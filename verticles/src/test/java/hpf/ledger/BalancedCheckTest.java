package hpf.ledger;

import hpf.boot.Database;
import hpf.boot.TestPlatform;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database's balanced-at-commit check (V6, made linear by V24) on statements written directly: whatever order and
 * grouping entries arrive in, a ledger transaction that does not balance never commits, and a large one commits in
 * time proportional to its size.
 */
class BalancedCheckTest {

  private static final String MEMBER = "MBR:check-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String BANK = "BANK:check-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void accounts() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("INSERT INTO ledger_account (account_id, kind, normal_side, name) VALUES ('" + MEMBER
          + "', 'MEMBER', 'CREDIT', 'check'), ('" + BANK + "', 'CENTER_BANK', 'DEBIT', 'check')");
      st.execute("INSERT INTO ledger_balance (account_id) VALUES ('" + MEMBER + "'), ('" + BANK + "')");
    }
  }

  @Test
  void aLargeBalancedTransactionCommitsInLinearTime() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      String txn = transaction(st);
      st.execute("INSERT INTO ledger_entry (txn_id, account_id, side, amount) SELECT '" + txn + "', '" + MEMBER
          + "', 'CREDIT', 1.00 FROM generate_series(1, 20000)");
      st.execute(entry(txn, BANK, "DEBIT", "20000.00"));
      moveBalances(st, "20000.00");
      long begin = System.nanoTime();
      c.commit();
      // Summing the transaction for every entry (k² rows) took about 70 s here for 20,000 entries; linear is < 1 s.
      assertThat((System.nanoTime() - begin) / 1e9).isLessThan(15);
    }
  }

  @Test
  void anUnbalancedTransactionNeverCommitsHoweverItsEntriesArrive() throws Exception {
    // In one statement.
    refusedAtCommit(st -> {
      String txn = transaction(st);
      st.execute("INSERT INTO ledger_entry (txn_id, account_id, side, amount) VALUES ('" + txn + "', '" + MEMBER
          + "', 'CREDIT', 5.00), ('" + txn + "', '" + BANK + "', 'DEBIT', 4.00)");
    });
    // Balanced first, then one more entry in a later statement.
    refusedAtCommit(st -> {
      String txn = transaction(st);
      st.execute(entry(txn, MEMBER, "CREDIT", "5.00"));
      st.execute(entry(txn, BANK, "DEBIT", "5.00"));
      st.execute(entry(txn, BANK, "DEBIT", "0.01"));
    });
    // Inside a savepoint.
    refusedAtCommit(st -> {
      String txn = transaction(st);
      st.execute("SAVEPOINT inner_part");
      st.execute(entry(txn, MEMBER, "CREDIT", "5.00"));
      st.execute("RELEASE SAVEPOINT inner_part");
      st.execute(entry(txn, BANK, "DEBIT", "4.00"));
    });
  }

  @Test
  void anEntryAddedAfterAnEarlierCheckIsCheckedItself() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      String txn = transaction(st);
      // Numbers of its own choosing (negative: never the sequence's), so a later entry can be numbered lower.
      st.execute("INSERT INTO ledger_entry (entry_id, txn_id, account_id, side, amount) VALUES (-2, '" + txn + "', '"
          + MEMBER + "', 'CREDIT', 5.00), (-1, '" + txn + "', '" + BANK + "', 'DEBIT', 5.00)");
      st.execute("SET CONSTRAINTS ALL IMMEDIATE");
      // A later statement with an entry numbered below the checked ones must not shelter behind their check.
      assertThatThrownBy(() -> st.execute("INSERT INTO ledger_entry (entry_id, txn_id, account_id, side, amount) VALUES "
          + "(-3, '" + txn + "', '" + BANK + "', 'DEBIT', 1.00)"))
          .hasMessageContaining("does not balance");
      c.rollback();
    }
  }

  @Test
  void aCommittedTransactionCannotBeUnbalancedLater() throws Exception {
    String txn;
    try (Connection c = connect(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      txn = transaction(st);
      st.execute(entry(txn, MEMBER, "CREDIT", "3.00"));
      st.execute(entry(txn, BANK, "DEBIT", "3.00"));
      moveBalances(st, "3.00");
      c.commit();
    }
    String committed = txn;
    refusedAtCommit(st -> st.execute(entry(committed, BANK, "DEBIT", "3.00")));
  }

  @FunctionalInterface
  private interface Work {
    void run(Statement st) throws SQLException;
  }

  private static void refusedAtCommit(Work work) throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      work.run(st);
      assertThatThrownBy(c::commit).hasMessageContaining("does not balance");
    }
  }

  private static String transaction(Statement st) throws SQLException {
    String txn = UUID.randomUUID().toString();
    st.execute("INSERT INTO ledger_transaction (txn_id, business_type, business_ref, idempotency_key, business_date) "
        + "VALUES ('" + txn + "', '99', 'balanced-check-test', '" + txn + "', current_date)");
    return txn;
  }

  /** What the committed postings add to both accounts, so the books check of other tests stays balanced. */
  private static void moveBalances(Statement st, String amount) throws SQLException {
    st.execute("UPDATE ledger_balance SET balance = balance + " + amount + " WHERE account_id IN ('" + MEMBER + "', '"
        + BANK + "')");
  }

  private static String entry(String txn, String account, String side, String amount) {
    return "INSERT INTO ledger_entry (txn_id, account_id, side, amount) VALUES ('" + txn + "', '" + account + "', '"
        + side + "', " + amount + ")";
  }

  private static Connection connect() throws SQLException {
    Database.Target db = TestPlatform.app().database();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
