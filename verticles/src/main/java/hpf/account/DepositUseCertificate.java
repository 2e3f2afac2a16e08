package hpf.account;

import hpf.identity.People;
import hpf.kit.Money;
import hpf.ledger.LedgerQueries;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The content of the deposit-use certificate (缴存使用证明) another center or a bank asks for: over every account the
 * person held here, the months paid by an employer's monthly or supplementary list or by a flexible deposit
 * (灵活就业自愿缴存; first, last, continuous up to the last), what was deposited net of refunds, the interest credited,
 * and what was withdrawn (partial and closing), from the ledger with reversed transactions left out on both sides.
 * Loans join it with the loan wave.
 */
final class DepositUseCertificate {

  private final MemberAccounts accounts;
  private final Clock clock;

  DepositUseCertificate(Clock clock) {
    this.clock = clock;
    this.accounts = new MemberAccounts(new hpf.ledger.Ledger(), clock);
  }

  Future<Map<String, Object>> content(SqlClient sql, String personId) {
    return accounts.ofPerson(sql, personId).compose(account -> {
      Future<List<String>> months = monthsPaid(sql, personId);
      Future<Map<String, Money>> movements = sql.preparedQuery("SELECT ledger_account FROM member_account WHERE person_id = $1")
          .execute(Tuple.of(personId))
          .compose(rows -> {
            List<String> ledgerAccounts = new ArrayList<>();
            rows.forEach(r -> ledgerAccounts.add(r.getString("ledger_account")));
            return LedgerQueries.unreversedSums(sql, ledgerAccounts);
          })
          .map(found -> {
            Map<String, Money> sums = new LinkedHashMap<>();
            found.forEach(sum -> sums.put(sum.businessType() + ":" + sum.side().name(), sum.amount()));
            return sums;
          });
      Future<String> name = People.name(sql, personId);
      return Future.all(months, movements, name).map(done -> build(account, name.result(), months.result(),
          movements.result()));
    });
  }

  private Map<String, Object> build(JsonObject account, String name, List<String> months, Map<String, Money> sums) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("certificateType", "DEPOSIT_USE");
    content.put("certificateNo", UUID.randomUUID().toString());
    content.put("issuedAt", clock.instant().toString());
    content.put("issuer", "住房公积金管理中心");
    content.put("memberName", name);
    content.put("accountNo", account.getString("accountNo"));
    content.put("accountStatus", account.getString("status"));
    content.put("openedOn", account.getString("openedOn"));
    content.put("balance", account.getString("balance"));
    content.put("monthsPaid", String.valueOf(months.size()));
    content.put("firstMonthPaid", months.isEmpty() ? "" : months.get(0));
    content.put("lastMonthPaid", months.isEmpty() ? "" : months.get(months.size() - 1));
    content.put("continuousMonths", String.valueOf(continuousToLast(months)));
    // Business types (JGJ/T 320 A.5): 01 remittance, 02 supplementary, 09 interest, 11 partial, 12 closing withdrawal.
    // Refunds of overpaid contributions are debits under the refunded type: deposits are net of them.
    content.put("deposited", sum(sums, "01:CREDIT").plus(sum(sums, "02:CREDIT")).minus(sum(sums, "01:DEBIT"))
        .minus(sum(sums, "02:DEBIT")).toString());
    content.put("interestCredited", sum(sums, "09:CREDIT").toString());
    content.put("partialWithdrawals", sum(sums, "11:DEBIT").toString());
    content.put("closingWithdrawals", sum(sums, "12:DEBIT").toString());
    return content;
  }

  /** The months (yyyy-MM, ascending) any list or flexible deposit paid into the person's accounts here. */
  static Future<List<String>> monthsPaid(SqlClient sql, String personId) {
    return sql.preparedQuery("""
            SELECT l.month FROM remittance_line l JOIN remittance r USING (employer_id, month)
             WHERE r.status = 'PAID' AND l.account_no IN (SELECT account_no FROM member_account WHERE person_id = $1)
            UNION
            SELECT l.month FROM supplement_line l JOIN supplement s USING (supplement_id)
             WHERE s.status = 'PAID' AND l.active AND l.person_id = $1
            UNION
            SELECT month FROM flexible_deposit WHERE person_id = $1
            ORDER BY month""")
        .execute(Tuple.of(personId))
        .map(rows -> {
          List<String> list = new ArrayList<>();
          rows.forEach(r -> list.add(r.getString("month")));
          return list;
        });
  }

  /** Months paid without a gap, counted back from the last paid month (连续缴存月数). */
  static int continuousToLast(List<String> sortedMonths) {
    int run = 0;
    YearMonth expected = null;
    for (int i = sortedMonths.size() - 1; i >= 0; i--) {
      YearMonth month = YearMonth.parse(sortedMonths.get(i));
      if (expected != null && !month.equals(expected)) {
        break;
      }
      run++;
      expected = month.minusMonths(1);
    }
    return run;
  }

  private static Money sum(Map<String, Money> sums, String key) {
    return sums.getOrDefault(key, Money.ZERO);
  }
}
