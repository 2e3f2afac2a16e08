package hpf.account;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Suspense (暂收款): an incoming payment that matches no list is booked bank → employers' suspense and waits for
 * staff. It is claimed to a due remittance or supplementary list of the same amount (suspense → members, the list
 * paid as if the money had just arrived) or refunded to the payer (suspense → refunds payable, with the payment
 * instruction). The item row is locked first, so an item is claimed or refunded once. Owns the suspense SQL.
 */
final class Suspense {

  /** Business type 99 (other, JGJ/T 320 A.5): suspense is no member's business until it is claimed. */
  private static final String BUSINESS_OTHER = "99";
  /** BusType 20 (other): money that never became a remittance goes back to whoever sent it. */
  private static final String BUS_TYPE_OTHER = "20";

  /** An incoming payment as the bank statement shows it. */
  record Receipt(String payerName, String payerBank, String payerNumber, Money amount, String reference,
                 LocalDate valueDate, String receivingAccount) {}

  /** The list a claim pays: a month's remittance list, or a supplementary list. */
  record Target(String employerId, YearMonth month, String supplementId) {
    String ref() {
      return month != null ? "remittance:" + employerId + ":" + month : "supplement:" + employerId + ":" + supplementId;
    }
  }

  private final Ledger ledger = new Ledger();
  private final SettlementOutbox outbox = new SettlementOutbox();
  private final PayeeAccounts payees;
  private final Remittances remittances;
  private final Supplements supplements = new Supplements(ledger);

  Suspense(PayeeAccounts payees, Clock clock) {
    this.payees = payees;
    this.remittances = new Remittances(ledger, clock);
  }

  Future<JsonObject> record(SqlConnection conn, Receipt receipt) {
    return conn.preparedQuery("SELECT 1 FROM suspense_item WHERE reference = $1").execute(Tuple.of(receipt.reference()))
        .compose(found -> found.size() > 0 ? Supplements.<Row>refuse(ContributionProblems.SUSPENSE_REFERENCE_EXISTS)
            : conn.query("SELECT 'Z' || nextval('suspense_number') AS id").execute().map(rows -> rows.iterator().next()))
        .compose(next -> {
          String itemId = next.getString("id");
          String ref = "suspense:" + itemId;
          return ledger.post(conn, new Ledger.Posting(BUSINESS_OTHER, ref, ref, receipt.valueDate(), "暂收款", List.of(
                  new Ledger.Entry(receipt.receivingAccount(), Ledger.Side.DEBIT, receipt.amount()),
                  new Ledger.Entry(Funds.SUSPENSE, Ledger.Side.CREDIT, receipt.amount()))))
              .compose(posted -> payees.register(conn, receipt.payerBank(), receipt.payerName(), receipt.payerNumber())
                  .compose(payer -> conn.preparedQuery("""
                          INSERT INTO suspense_item (item_id, payer_name, payer_bank, payer_masked, payer_payee_id, amount,
                                                     reference, value_date, status, ledger_txn)
                          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'OPEN', $9)""")
                      .execute(Tuple.from(new Object[] {itemId, payer.accountName(), payer.bankCode(),
                          payer.maskedNumber(), payer.payeeId(), receipt.amount().toYuan(), receipt.reference(),
                          receipt.valueDate(), posted.txnId()}))))
              // The same receipt recorded at the same moment by someone else: its reference is unique.
              .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                  ? Supplements.refuse(ContributionProblems.SUSPENSE_REFERENCE_EXISTS) : Future.failedFuture(e))
              .compose(v -> one(conn, itemId));
        });
  }

  /** Pays the target list with the item's money; the list's own rules (due, same amount) apply. */
  Future<JsonObject> claim(SqlConnection conn, String itemId, Target target, LocalDate today) {
    return lockOpen(conn, itemId)
        .compose(item -> {
          Funds funds = Funds.fromSuspense(Money.of(item.getBigDecimal("amount")));
          return target.month() != null ? remittances.pay(conn, target.employerId(), target.month(), funds)
              : supplements.pay(conn, target.employerId(), target.supplementId(), funds, today);
        })
        .compose(list -> conn.preparedQuery("""
                UPDATE suspense_item SET status = 'CLAIMED', claimed_to = $2, closed_at = now() WHERE item_id = $1""")
            .execute(Tuple.of(itemId, target.ref())))
        .compose(v -> one(conn, itemId));
  }

  /** Sends the item's money back to the payer's account. */
  Future<JsonObject> refund(SqlConnection conn, String itemId, LocalDate today, String requestedBy) {
    return lockOpen(conn, itemId).compose(item -> {
      Money amount = Money.of(item.getBigDecimal("amount"));
      String ref = "suspense-refund:" + itemId;
      PayeeAccounts.Payee payer = new PayeeAccounts.Payee(item.getLong("payer_payee_id"), item.getString("payer_bank"),
          item.getString("payer_name"), item.getString("payer_masked"));
      return ledger.post(conn, new Ledger.Posting(BUSINESS_OTHER, ref, ref, today, "暂收款退回", List.of(
              new Ledger.Entry(Funds.SUSPENSE, Ledger.Side.DEBIT, amount),
              new Ledger.Entry(ContributionRefunds.PAYABLE, Ledger.Side.CREDIT, amount))))
          .compose(posted -> outbox.enqueueHeld(conn, new SettlementOutbox.ToAccount(BUS_TYPE_OTHER, payer, amount, ref),
              requestedBy)
              .compose(instruction -> conn.preparedQuery("""
                      UPDATE suspense_item SET status = 'REFUNDED', close_txn = $2, instruction_id = $3, closed_at = now()
                       WHERE item_id = $1""").execute(Tuple.of(itemId, posted.txnId(), instruction))))
          .compose(v -> one(conn, itemId));
    });
  }

  /** A page of items in one status, oldest first (the order staff work them in). */
  Future<JsonObject> list(SqlClient sql, String status, int page, int size) {
    Future<JsonArray> items = sql.preparedQuery(SELECT + """
             WHERE i.status = $1 ORDER BY i.created_at, i.item_id LIMIT $2 OFFSET $3""")
        .execute(Tuple.of(status, size, (long) (page - 1) * size))
        .compose(rows -> withPayments(sql, rows));
    Future<Long> total = sql.preparedQuery("SELECT count(*) FROM suspense_item WHERE status = $1").execute(Tuple.of(status))
        .map(rows -> rows.iterator().next().getLong(0));
    return Future.all(items, total).map(done -> new JsonObject().put("status", status).put("items", items.result())
        .put("page", page).put("size", size).put("total", total.result()));
  }

  private Future<Row> lockOpen(SqlConnection conn, String itemId) {
    return conn.preparedQuery("SELECT * FROM suspense_item WHERE item_id = $1 FOR UPDATE").execute(Tuple.of(itemId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Supplements.refuse(ContributionProblems.SUSPENSE_NOT_FOUND);
          }
          Row item = rows.iterator().next();
          return switch (item.getString("status")) {
            case "CLAIMED" -> Supplements.refuse(ContributionProblems.SUSPENSE_ALREADY_CLAIMED);
            case "REFUNDED" -> Supplements.refuse(ContributionProblems.SUSPENSE_ALREADY_REFUNDED);
            default -> Future.succeededFuture(item);
          };
        });
  }

  private static final String SELECT = """
      SELECT i.item_id, i.payer_name, i.payer_bank, i.payer_masked, i.amount, i.reference, i.value_date, i.status,
             i.claimed_to, i.instruction_id, i.created_at, i.closed_at
        FROM suspense_item i
      """;

  private Future<JsonObject> one(SqlClient sql, String itemId) {
    return sql.preparedQuery(SELECT + " WHERE i.item_id = $1").execute(Tuple.of(itemId))
        .compose(rows -> withPayments(sql, rows)).map(items -> items.getJsonObject(0));
  }

  /** The items with the state of their refund's payment instruction (null when not refunded). */
  private Future<JsonArray> withPayments(SqlClient sql, RowSet<Row> rows) {
    List<UUID> instructions = new ArrayList<>();
    rows.forEach(row -> {
      if (row.getUUID("instruction_id") != null) {
        instructions.add(row.getUUID("instruction_id"));
      }
    });
    return outbox.statuses(sql, instructions).map(statuses -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(toJson(row, statuses.get(row.getUUID("instruction_id")))));
      return out;
    });
  }

  private static JsonObject toJson(Row row, String paymentStatus) {
    return new JsonObject().put("itemId", row.getString("item_id")).put("payerName", row.getString("payer_name"))
        .put("payerBankCode", row.getString("payer_bank")).put("payerAccountNo", row.getString("payer_masked"))
        .put("amount", Money.of(row.getBigDecimal("amount")).toString()).put("reference", row.getString("reference"))
        .put("valueDate", row.getLocalDate("value_date").toString()).put("status", row.getString("status"))
        .put("claimedTo", claimedTo(row.getString("claimed_to")))
        .put("paymentStatus", paymentStatus)
        .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
        .put("closedAt", row.getOffsetDateTime("closed_at") == null ? null
            : row.getOffsetDateTime("closed_at").toInstant().toString());
  }

  /** {@code remittance:E…:yyyy-MM} or {@code supplement:E…:S…} as the list it names. */
  private static JsonObject claimedTo(String ref) {
    if (ref == null) {
      return null;
    }
    String[] parts = ref.split(":");
    return new JsonObject(Map.of("employerId", parts[1], parts[0].equals("remittance") ? "month" : "supplementId",
        parts[2]));
  }
}
