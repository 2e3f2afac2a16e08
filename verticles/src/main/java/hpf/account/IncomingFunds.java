package hpf.account;

import hpf.crypto.FieldCipher;
import hpf.kit.BusinessTime;
import hpf.kit.Money;
import hpf.ledger.Ledger;
import hpf.settlement.PartnerBanks;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.inbound.IncomingMoney;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Money a partner bank says arrived on the center's special account there (SBDC100), matched in the caller's
 * transaction. Matching rule: the summary names exactly one list as {@code <employerId>:<yyyy-MM>} (a monthly
 * remittance list) or {@code <employerId>:<supplementId>} (a supplementary list), that list is due (not paid, not
 * being collected by direct debit) and its total equals the amount to the fen. Then the list is paid exactly as a
 * payment received (the money booked on {@code BANK:<bank>}); anything else (no reference, several, an unknown or
 * paid list, another amount) is parked in suspense with the payer as a payee account, for a staff claim or refund.
 * The payer's name is recorded, not compared: a group company may pay for its subsidiary.
 */
public final class IncomingFunds implements IncomingMoney {

  /** A list reference in a summary: E + 8 digits, a colon, then a month or a supplementary list id. */
  private static final Pattern REFERENCE = Pattern.compile("(E[0-9]{8}):([0-9]{4}-(?:0[1-9]|1[0-2])|S[0-9]{9})");


  private final Ledger ledger = new Ledger();
  private final Remittances remittances;
  private final Supplements supplements = new Supplements(ledger);
  private final Suspense suspense;
  private final Clock clock;

  public IncomingFunds(FieldCipher fields, Clock clock) {
    this.remittances = new Remittances(ledger, clock);
    this.suspense = new Suspense(new PayeeAccounts(fields), clock);
    this.clock = clock;
  }

  /** Pays the list the money names, or parks it in suspense; in the caller's transaction either way. */
  @Override
  public Future<Matched> receive(SqlConnection conn, Incoming incoming) {
    List<String[]> named = references(incoming.summary());
    if (named.size() != 1) {
      return park(conn, incoming, named.isEmpty() ? "摘要未注明清册" : "摘要注明多个清册");
    }
    String employerId = named.get(0)[0];
    String list = named.get(0)[1];
    boolean monthly = !list.startsWith("S");
    // The list row is locked here and again by its payment: a staff payment or a claim racing this one waits.
    Future<Row> due = monthly
        ? one(conn, "SELECT status, total FROM remittance WHERE employer_id = $1 AND month = $2 FOR UPDATE",
            employerId, list)
        : one(conn, "SELECT status, total FROM supplement WHERE employer_id = $1 AND supplement_id = $2 FOR UPDATE",
            employerId, list);
    return due.compose(row -> {
      String refused = row == null ? "清册不存在"
          : !"DUE".equals(row.getString("status")) ? "清册非待缴状态（" + row.getString("status") + "）"
          : !Money.of(row.getBigDecimal("total")).equals(incoming.amount()) ? "金额与清册合计 "
              + Money.of(row.getBigDecimal("total")) + " 不符"
          : null;
      if (refused != null) {
        return park(conn, incoming, employerId + ":" + list + " " + refused);
      }
      Funds funds = Funds.received(incoming.amount(), PartnerBanks.specialAccount(incoming.bankCode()));
      return monthly
          ? remittances.pay(conn, employerId, YearMonth.parse(list), funds)
              .map(paid -> new Matched("REMITTANCE_PAID", "remittance:" + employerId + ":" + list, null))
          : supplements.pay(conn, employerId, list, funds, BusinessTime.today(clock))
              .map(paid -> new Matched("SUPPLEMENT_PAID", "supplement:" + employerId + ":" + list, null));
    });
  }

  /** Bank → employers' suspense; the reference is the bank code and its host serial (unique, like any receipt's). */
  private Future<Matched> park(SqlConnection conn, Incoming incoming, String why) {
    return suspense.record(conn, new Suspense.Receipt(incoming.payerName(), incoming.payerBank(),
            incoming.payerAccountNo(), incoming.amount(), incoming.bankCode() + "-" + incoming.hostSeqNo(),
            incoming.valueDate(), PartnerBanks.specialAccount(incoming.bankCode())))
        .map(item -> new Matched("SUSPENSE", "suspense:" + item.getString("itemId"), why));
  }

  private static List<String[]> references(String summary) {
    java.util.Map<String, String[]> found = new java.util.LinkedHashMap<>();
    if (summary != null) {
      Matcher m = REFERENCE.matcher(summary);
      while (m.find()) {
        found.putIfAbsent(m.group(), new String[] {m.group(1), m.group(2)});
      }
    }
    return new ArrayList<>(found.values());
  }

  private static Future<Row> one(SqlConnection conn, String sql, String employerId, String list) {
    return conn.preparedQuery(sql).execute(Tuple.of(employerId, list))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }
}
