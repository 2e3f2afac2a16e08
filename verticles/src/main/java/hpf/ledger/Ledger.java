package hpf.ledger;

import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Balanced postings (debits equal credits) inside the caller's database transaction, so a business record
 * and its movement of funds commit or roll back together. A posting is idempotent by key (a replay returns the first
 * transaction and changes nothing); balances change in account order (no deadlocks between postings) with
 * the non-negative guard in the same statement, so concurrent debits can never overdraw. Hot accounts keep their
 * balance in buckets ({@link Balances}).
 */
public final class Ledger {

  public enum Side { DEBIT, CREDIT }

  /** One line of a posting. */
  public record Entry(String accountId, Side side, Money amount) {
    public Entry {
      if (!amount.isPositive()) {
        throw new IllegalArgumentException("entry amounts are positive: " + amount);
      }
    }
  }

  /** A balanced set of entries for one business event (business type: JGJ/T 320 A.5 code; loans: L + A.15 code). */
  public record Posting(String businessType, String businessRef, String idempotencyKey, LocalDate businessDate,
                        String memo, List<Entry> entries) {
    public Posting {
      Money debits = Money.ZERO;
      Money credits = Money.ZERO;
      for (Entry e : entries) {
        if (e.side() == Side.DEBIT) {
          debits = debits.plus(e.amount());
        } else {
          credits = credits.plus(e.amount());
        }
      }
      if (entries.isEmpty() || !debits.equals(credits)) {
        throw new IllegalArgumentException("a posting balances: debits " + debits + " vs credits " + credits);
      }
      entries = List.copyOf(entries);
    }
  }

  /** The ledger transaction of a posting, and whether it already existed (a replay). */
  public record Posted(UUID txnId, boolean replayed) {}

  static final Problem INSUFFICIENT_BALANCE =
      new Problem(422, "INSUFFICIENT_BALANCE", "账户余额不足", "账户可用余额不足以完成本次业务。");
  static final Problem IDEMPOTENCY_CONFLICT = new Problem(409, "IDEMPOTENCY_CONFLICT", "业务请求编号重复",
      "该业务请求编号已用于另一笔内容不同的业务，请使用新的编号。");
  static final Problem ALREADY_REVERSED =
      new Problem(409, "ALREADY_REVERSED", "该笔账务已冲正", "该笔账务已经冲正，不能重复冲正。");

  /**
   * Opens an account with its balance rows, if it is not open yet. Its kind decides whether it is hot (several balance
   * buckets, {@code ledger_buckets_for} in the schema): the center's bank accounts, payables and interest expense.
   */
  public Future<Void> openAccount(SqlClient sql, String accountId, String kind, Side normalSide, boolean allowNegative,
                                  String name) {
    return sql.preparedQuery("""
            WITH opened AS (
              INSERT INTO ledger_account (account_id, kind, normal_side, allow_negative, name, buckets)
              VALUES ($1, $2, $3, $4, $5, ledger_buckets_for($2)) ON CONFLICT (account_id) DO NOTHING
              RETURNING account_id, buckets)
            INSERT INTO ledger_balance (account_id, bucket)
            SELECT account_id, generate_series(0, buckets - 1) FROM opened""")
        .execute(Tuple.of(accountId, kind, normalSide.name(), allowNegative, name)).mapEmpty();
  }

  public Future<Posted> post(SqlConnection conn, Posting posting) {
    return post(conn, posting, null);
  }

  private Future<Posted> post(SqlConnection conn, Posting posting, UUID reverses) {
    UUID txnId = UUID.randomUUID();
    return conn.preparedQuery("""
            INSERT INTO ledger_transaction (txn_id, business_type, business_ref, idempotency_key, business_date,
                                            reverses, memo, fingerprint)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING RETURNING txn_id""")
        .execute(Tuple.from(new Object[] {txnId, posting.businessType(), posting.businessRef(),
            posting.idempotencyKey(), posting.businessDate(), reverses, posting.memo(), fingerprint(posting, reverses)}))
        .compose(inserted -> inserted.size() == 0
            ? existing(conn, posting.idempotencyKey(), fingerprint(posting, reverses))
            : writeEntries(conn, txnId, posting).map(v -> new Posted(txnId, false)));
  }

  /** Posts the mirror image of a transaction; a transaction is reversed at most once. */
  public Future<Posted> reverse(SqlConnection conn, UUID txnId, String idempotencyKey, LocalDate businessDate,
                                String memo) {
    return conn.preparedQuery("""
            SELECT t.business_type, t.business_ref, e.account_id, e.side, e.amount,
                   EXISTS (SELECT 1 FROM ledger_transaction r WHERE r.reverses = t.txn_id) AS reversed
              FROM ledger_transaction t JOIN ledger_entry e ON e.txn_id = t.txn_id WHERE t.txn_id = $1""")
        .execute(Tuple.of(txnId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new IllegalArgumentException("no ledger transaction " + txnId));
          }
          List<Entry> mirror = new ArrayList<>();
          String type = null;
          String ref = null;
          boolean reversed = false;
          for (var row : rows) {
            type = row.getString("business_type");
            ref = row.getString("business_ref");
            reversed = row.getBoolean("reversed");
            Side side = Side.valueOf(row.getString("side")) == Side.DEBIT ? Side.CREDIT : Side.DEBIT;
            mirror.add(new Entry(row.getString("account_id"), side, Money.of(row.getBigDecimal("amount"))));
          }
          if (reversed) {
            return existingOrReversed(conn, idempotencyKey, txnId);
          }
          return post(conn, new Posting(type, ref, idempotencyKey, businessDate, memo, mirror), txnId)
              // Two reversals racing: the unique link lets one win; the other is told it came second.
              .recover(e -> e instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
                  ? Future.failedFuture(new ProblemException(ALREADY_REVERSED)) : Future.failedFuture(e));
        });
  }

  /** The account's balance in normal-side terms (the sum of its buckets). */
  public Future<Money> balance(SqlClient sql, String accountId) {
    return Balances.of(sql, accountId);
  }

  private Future<Void> writeEntries(SqlConnection conn, UUID txnId, Posting posting) {
    List<Tuple> entries = new ArrayList<>();
    Map<String, Money> debits = new TreeMap<>();
    Map<String, Money> credits = new TreeMap<>();
    for (Entry e : posting.entries()) {
      entries.add(Tuple.of(txnId, e.accountId(), e.side().name(), e.amount().toYuan()));
      (e.side() == Side.DEBIT ? debits : credits).merge(e.accountId(), e.amount(), Money::plus);
    }
    List<String> accounts = new ArrayList<>(new TreeMap<>(merge(debits, credits)).keySet());
    return conn.preparedQuery("INSERT INTO ledger_entry (txn_id, account_id, side, amount) VALUES ($1, $2, $3, $4)")
        .executeBatch(entries)
        .compose(v -> accounts(conn, accounts))
        .compose(known -> {
          // In account order, each account's balance rows in bucket order: postings never wait for each other in a circle.
          Future<Void> chain = Future.succeededFuture();
          for (String account : accounts) {
            Money dr = debits.getOrDefault(account, Money.ZERO);
            Money cr = credits.getOrDefault(account, Money.ZERO);
            Balances.Account of = known.get(account);
            Money delta = of.normalSide() == Side.DEBIT ? dr.minus(cr) : cr.minus(dr);
            chain = chain.compose(x -> Balances.add(conn, account, of, delta));
          }
          return chain;
        });
  }

  private Future<Map<String, Balances.Account>> accounts(SqlConnection conn, List<String> accounts) {
    return conn.preparedQuery("""
            SELECT account_id, normal_side, allow_negative, buckets FROM ledger_account WHERE account_id = ANY ($1)""")
        .execute(Tuple.of(accounts.toArray(new String[0])))
        .compose(rows -> {
          Map<String, Balances.Account> known = new HashMap<>();
          rows.forEach(row -> known.put(row.getString("account_id"), new Balances.Account(
              Side.valueOf(row.getString("normal_side")), row.getBoolean("allow_negative"), row.getInteger("buckets"))));
          return known.size() == accounts.size() ? Future.succeededFuture(known)
              : Future.failedFuture(new IllegalStateException("posting to unknown ledger accounts: " + accounts));
        });
  }

  /** The transaction a key already names: a replay when it is the same posting, a conflict when not. */
  private Future<Posted> existing(SqlConnection conn, String idempotencyKey, String fingerprint) {
    return conn.preparedQuery("SELECT txn_id, fingerprint FROM ledger_transaction WHERE idempotency_key = $1")
        .execute(Tuple.of(idempotencyKey))
        .compose(rows -> {
          var row = rows.iterator().next();
          return fingerprint.equals(row.getString("fingerprint"))
              ? Future.succeededFuture(new Posted(row.getUUID("txn_id"), true))
              : Future.failedFuture(new ProblemException(IDEMPOTENCY_CONFLICT));
        });
  }

  /**
   * SM3 of the posting's canonical content (entries in a fixed order; the memo is free text and left out): what tells
   * a replay of an idempotency key from another posting. Public for writers of ledger rows in bulk (hpf.dataset).
   */
  public static String fingerprint(Posting posting, UUID reverses) {
    List<String> entries = new ArrayList<>();
    for (Entry e : posting.entries()) {
      entries.add(e.accountId() + "|" + e.side() + "|" + e.amount());
    }
    java.util.Collections.sort(entries);
    String canonical = String.join("\n", posting.businessType(), posting.businessRef(), posting.businessDate().toString(),
        String.valueOf(reverses), String.join(";", entries));
    return java.util.HexFormat.of().formatHex(hpf.crypto.Sm3.digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** A reversal replayed with its own key is that reversal; any other second reversal is refused. */
  private Future<Posted> existingOrReversed(SqlConnection conn, String idempotencyKey, UUID reversed) {
    return conn.preparedQuery("SELECT txn_id, reverses FROM ledger_transaction WHERE idempotency_key = $1")
        .execute(Tuple.of(idempotencyKey))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(ALREADY_REVERSED));
          }
          var row = rows.iterator().next();
          return reversed.equals(row.getUUID("reverses"))
              ? Future.succeededFuture(new Posted(row.getUUID("txn_id"), true))
              : Future.failedFuture(new ProblemException(IDEMPOTENCY_CONFLICT));
        });
  }

  private static Map<String, Money> merge(Map<String, Money> a, Map<String, Money> b) {
    Map<String, Money> all = new HashMap<>(a);
    b.forEach((k, v) -> all.merge(k, v, Money::plus));
    return all;
  }
}
