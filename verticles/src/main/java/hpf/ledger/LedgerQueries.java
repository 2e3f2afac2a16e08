package hpf.ledger;

import hpf.kit.Money;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What other rooms read from the books: movements of an account by day, by business type or page by page, sums of
 * unreversed transactions, credits of transactions. Signed amounts count a credit as plus (the normal side of a member
 * account). Runs on the caller's client, so inside its transaction when it passes one.
 */
public final class LedgerQueries {

  /** One movement of an account, as a statement shows it. */
  public record Movement(LocalDate businessDate, String businessType, String memo, Ledger.Side side, Money amount) {}

  /** The net movement (credits minus debits) of an account on one business date. */
  public record DayMovement(LocalDate day, Money movement) {}

  /** Sums of one business type over a year: money in, money out, and the net movement before the year. */
  public record TypeYear(String businessType, Money in, Money out, Money before) {}

  /** The sum of the entries of one business type on one side. */
  public record TypeSideSum(String businessType, Ledger.Side side, Money amount) {}

  private static final String UNREVERSED = "t.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM ledger_transaction r "
      + "WHERE r.reverses = t.txn_id)";

  private LedgerQueries() {}

  /** Whether the ledger account exists with this kind (e.g. CENTER_BANK). */
  public static Future<Boolean> isAccountOfKind(SqlClient sql, String accountId, String kind) {
    return sql.preparedQuery("SELECT 1 FROM ledger_account WHERE account_id = $1 AND kind = $2")
        .execute(Tuple.of(accountId, kind)).map(rows -> rows.size() > 0);
  }

  /** The latest business date of an unreversed transaction (itself no reversal) with this reference; null if none. */
  public static Future<LocalDate> lastUnreversedDate(SqlClient sql, String businessRef) {
    return sql.preparedQuery("SELECT max(t.business_date) AS day FROM ledger_transaction t WHERE t.business_ref = $1 AND "
            + UNREVERSED)
        .execute(Tuple.of(businessRef)).map(rows -> rows.iterator().next().getLocalDate("day"));
  }

  /** Whether an unreversed transaction (itself no reversal) with this reference is dated on or after {@code from}. */
  public static Future<Boolean> hasUnreversedSince(SqlClient sql, String businessRef, LocalDate from) {
    return sql.preparedQuery("SELECT 1 FROM ledger_transaction t WHERE t.business_ref = $1 AND t.business_date >= $2 AND "
            + UNREVERSED)
        .execute(Tuple.of(businessRef, from)).map(rows -> rows.size() > 0);
  }

  /** The business date of the account's first movement; null when it has none. */
  public static Future<LocalDate> firstMovementDate(SqlClient sql, String accountId) {
    return sql.preparedQuery("""
            SELECT min(t.business_date) AS day FROM ledger_entry e JOIN ledger_transaction t ON t.txn_id = e.txn_id
             WHERE e.account_id = $1""")
        .execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getLocalDate("day"));
  }

  /** The account's credits minus debits of every transaction dated on or before {@code through}. */
  public static Future<Money> netThrough(SqlClient sql, String accountId, LocalDate through) {
    return sql.preparedQuery("""
            SELECT coalesce(sum(CASE e.side WHEN 'CREDIT' THEN e.amount ELSE -e.amount END), 0) AS net
              FROM ledger_entry e JOIN ledger_transaction t ON t.txn_id = e.txn_id
             WHERE e.account_id = $1 AND t.business_date <= $2""")
        .execute(Tuple.of(accountId, through)).map(rows -> Money.of(rows.iterator().next().getBigDecimal("net")));
  }

  /**
   * The account's net movement per business date through {@code through}, oldest first; a transaction of
   * {@code leftOutTypeOnLastDay} dated {@code through} is left out (an interest credit, so a re-run computes the same).
   */
  public static Future<List<DayMovement>> dailyMovements(SqlClient sql, String accountId, LocalDate through,
                                                         String leftOutTypeOnLastDay) {
    return sql.preparedQuery("""
            SELECT t.business_date AS day,
                   sum(CASE e.side WHEN 'CREDIT' THEN e.amount ELSE -e.amount END) AS movement
              FROM ledger_entry e JOIN ledger_transaction t ON t.txn_id = e.txn_id
             WHERE e.account_id = $1 AND t.business_date <= $2 AND NOT (t.business_type = $3 AND t.business_date = $2)
             GROUP BY t.business_date ORDER BY t.business_date""")
        .execute(Tuple.of(accountId, through, leftOutTypeOnLastDay))
        .map(rows -> {
          List<DayMovement> days = new ArrayList<>();
          rows.forEach(r -> days.add(new DayMovement(r.getLocalDate("day"), Money.of(r.getBigDecimal("movement")))));
          return days;
        });
  }

  /** A page of the account's movements, newest first (business date, then entry). */
  public static Future<List<Movement>> movements(SqlClient sql, String accountId, int size, long offset) {
    return sql.preparedQuery("""
            SELECT t.business_date, t.business_type, t.memo, e.side, e.amount, e.entry_id
              FROM ledger_entry e JOIN ledger_transaction t ON t.txn_id = e.txn_id
             WHERE e.account_id = $1 ORDER BY t.business_date DESC, e.entry_id DESC LIMIT $2 OFFSET $3""")
        .execute(Tuple.of(accountId, size, offset))
        .map(rows -> {
          List<Movement> list = new ArrayList<>();
          rows.forEach(r -> list.add(new Movement(r.getLocalDate("business_date"), r.getString("business_type"),
              r.getString("memo"), Ledger.Side.valueOf(r.getString("side")), Money.of(r.getBigDecimal("amount")))));
          return list;
        });
  }

  /** How many entries the account has. */
  public static Future<Long> movementCount(SqlClient sql, String accountId) {
    return sql.preparedQuery("SELECT count(*) FROM ledger_entry WHERE account_id = $1")
        .execute(Tuple.of(accountId)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Per business type: money in and out from {@code from} through {@code to}, and the net movement before it. */
  public static Future<List<TypeYear>> byTypeBetween(SqlClient sql, String accountId, LocalDate from, LocalDate to) {
    return sql.preparedQuery("""
            SELECT t.business_type,
                   coalesce(sum(e.amount) FILTER (WHERE e.side = 'CREDIT' AND t.business_date >= $2), 0) AS money_in,
                   coalesce(sum(e.amount) FILTER (WHERE e.side = 'DEBIT' AND t.business_date >= $2), 0) AS money_out,
                   coalesce(sum(CASE e.side WHEN 'CREDIT' THEN e.amount ELSE -e.amount END)
                            FILTER (WHERE t.business_date < $2), 0) AS before
              FROM ledger_entry e JOIN ledger_transaction t ON t.txn_id = e.txn_id
             WHERE e.account_id = $1 AND t.business_date <= $3
             GROUP BY t.business_type ORDER BY t.business_type""")
        .execute(Tuple.of(accountId, from, to))
        .map(rows -> {
          List<TypeYear> list = new ArrayList<>();
          for (Row r : rows) {
            list.add(new TypeYear(r.getString("business_type"), Money.of(r.getBigDecimal("money_in")),
                Money.of(r.getBigDecimal("money_out")), Money.of(r.getBigDecimal("before"))));
          }
          return list;
        });
  }

  /** Sums by business type and side of the accounts' entries in transactions neither reversed nor reversals. */
  public static Future<List<TypeSideSum>> unreversedSums(SqlClient sql, Collection<String> accountIds) {
    return sql.preparedQuery("SELECT t.business_type, e.side, sum(e.amount) AS amount FROM ledger_entry e "
            + "JOIN ledger_transaction t ON t.txn_id = e.txn_id WHERE e.account_id = ANY($1) AND " + UNREVERSED
            + " GROUP BY t.business_type, e.side")
        .execute(Tuple.of(accountIds.toArray(String[]::new)))
        .map(rows -> {
          List<TypeSideSum> list = new ArrayList<>();
          rows.forEach(r -> list.add(new TypeSideSum(r.getString("business_type"), Ledger.Side.valueOf(r.getString("side")),
              Money.of(r.getBigDecimal("amount")))));
          return list;
        });
  }

  /** The balance (normal-side terms, all buckets) of every account of a kind, by account id. */
  public static Future<Map<String, Money>> balancesOfKind(SqlClient sql, String kind) {
    return sql.preparedQuery("""
            SELECT b.account_id, sum(b.balance) AS balance FROM ledger_balance b
              JOIN ledger_account a ON a.account_id = b.account_id
             WHERE a.kind = $1 GROUP BY b.account_id""")
        .execute(Tuple.of(kind))
        .map(rows -> {
          Map<String, Money> out = new java.util.HashMap<>();
          rows.forEach(r -> out.put(r.getString("account_id"), Money.of(r.getBigDecimal("balance"))));
          return out;
        });
  }

  /** The credit total of each of these transactions (those without credits are left out). */
  public static Future<Map<UUID, Money>> credits(SqlClient sql, Collection<UUID> txnIds) {
    return sql.preparedQuery("""
            SELECT txn_id, sum(amount) AS amount FROM ledger_entry
             WHERE txn_id = ANY($1) AND side = 'CREDIT' GROUP BY txn_id""")
        .execute(Tuple.of(txnIds.toArray(UUID[]::new)))
        .map(rows -> {
          Map<UUID, Money> credits = new HashMap<>();
          rows.forEach(r -> credits.put(r.getUUID("txn_id"), Money.of(r.getBigDecimal("amount"))));
          return credits;
        });
  }
}
