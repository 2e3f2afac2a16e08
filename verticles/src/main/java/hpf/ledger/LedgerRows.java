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

  /** JDBC text: opens an account (id, kind, normal side, name) that may not go negative, if it is not open yet. */
  public static final String OPEN_ACCOUNT = """
      INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name)
      VALUES (?, ?, ?, false, ?) ON CONFLICT (account_id) DO NOTHING""";

  /** JDBC text: the balance row of an account just opened (id). */
  public static final String OPEN_BALANCE = "INSERT INTO ledger_balance (account_id) VALUES (?) ON CONFLICT (account_id) DO NOTHING";

  /**
   * JDBC text: adds (delta, id, delta) to a balance with the non-negative guard of every posting; no row changes when
   * the guard refuses.
   */
  public static final String ADD_TO_BALANCE = """
      UPDATE ledger_balance b SET balance = b.balance + ?, updated_at = now()
        FROM ledger_account a
       WHERE b.account_id = ? AND a.account_id = b.account_id AND (a.allow_negative OR b.balance + ? >= 0)""";

  private LedgerRows() {}

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
