package hpf.ledger;

import hpf.kit.CopyFormat;
import hpf.kit.Money;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The row formats of the books for bulk loading (the data set generator), and the JDBC statements it opens and moves
 * the center's own accounts with. A bulk load is checked by the same triggers as {@link Ledger}: balanced
 * transactions, append-only entries.
 */
public final class LedgerRows {

  public static final CopyFormat ACCOUNT = new CopyFormat("ledger_account",
      List.of("account_id", "kind", "normal_side", "allow_negative", "name", "created_at"));
  public static final CopyFormat BALANCE = new CopyFormat("ledger_balance", List.of("account_id", "balance", "updated_at"));
  public static final CopyFormat TRANSACTION = new CopyFormat("ledger_transaction", List.of("txn_id", "business_type",
      "business_ref", "idempotency_key", "business_date", "reverses", "memo", "posted_at", "fingerprint"));
  public static final CopyFormat ENTRY = new CopyFormat("ledger_entry", List.of("txn_id", "account_id", "side", "amount"));

  /**
   * JDBC text: opens an account (id, kind, normal side, name) that may not go negative, if it is not open yet; its kind
   * decides its balance buckets, as for {@link Ledger#openAccount}.
   */
  public static final String OPEN_ACCOUNT = """
      INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name, buckets)
      VALUES (?, ?, ?, false, ?, ledger_buckets_for(?)) ON CONFLICT (account_id) DO NOTHING""";

  /** JDBC text: the balance rows (one per bucket) of an account just opened (id). */
  public static final String OPEN_BALANCE = """
      INSERT INTO ledger_balance (account_id, bucket)
      SELECT account_id, generate_series(0, buckets - 1) FROM ledger_account WHERE account_id = ?
      ON CONFLICT (account_id, bucket) DO NOTHING""";

  /*
   * Adds (id, delta, id) to an account's balance with the non-negative guard of every posting, checked on the sum of
   * its buckets with all of them locked in bucket order; the result is gathered into bucket 0 (the others become 0), so
   * a bulk load leaves the same rows whatever connection ran it. No row changes when the guard refuses.
   */
  private static final String ADD_TO_BALANCE = """
      WITH locked AS (SELECT balance FROM ledger_balance WHERE account_id = ? ORDER BY bucket FOR UPDATE),
           total AS (SELECT sum(balance) + ? AS balance FROM locked)
      UPDATE ledger_balance b SET balance = CASE WHEN b.bucket = 0 THEN t.balance ELSE 0 END, updated_at = now()
        FROM total t, ledger_account a
       WHERE b.account_id = ? AND a.account_id = b.account_id AND (a.allow_negative OR t.balance >= 0)""";

  private LedgerRows() {}

  /** Adds to an account's balance over JDBC (a bulk load's center accounts); refused when the guard would be broken. */
  public static void addToBalance(java.sql.Connection connection, String accountId, Money delta) throws SQLException {
    try (java.sql.PreparedStatement update = connection.prepareStatement(ADD_TO_BALANCE)) {
      update.setString(1, accountId);
      update.setBigDecimal(2, delta.toYuan());
      update.setString(3, accountId);
      if (update.executeUpdate() == 0) {
        throw new IllegalStateException("ledger account " + accountId + " cannot take " + delta);
      }
    }
  }

  public static void account(CopyFormat.Sink rows, String accountId, String kind, Ledger.Side normalSide,
                             boolean allowNegative, String name, OffsetDateTime createdAt) throws SQLException {
    rows.add(accountId).add(kind).add(normalSide.name()).add(allowNegative).add(name).add(createdAt).row();
  }

  public static void balance(CopyFormat.Sink rows, String accountId, Money balance, OffsetDateTime updatedAt)
      throws SQLException {
    rows.add(accountId).add(balance).add(updatedAt).row();
  }

  public static void transaction(CopyFormat.Sink rows, UUID txnId, Ledger.Posting posting, UUID reverses,
                                 OffsetDateTime postedAt, String fingerprint) throws SQLException {
    rows.add(txnId).add(posting.businessType()).add(posting.businessRef()).add(posting.idempotencyKey())
        .add(posting.businessDate()).add(reverses).add(posting.memo()).add(postedAt).add(fingerprint).row();
  }

  /** Every entry of the posting, under its transaction. */
  public static void entries(CopyFormat.Sink rows, UUID txnId, Ledger.Posting posting) throws SQLException {
    for (Ledger.Entry e : posting.entries()) {
      rows.add(txnId).add(e.accountId()).add(e.side()).add(e.amount()).row();
    }
  }
}
