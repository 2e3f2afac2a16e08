package hpf.account;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;

/**
 * A member's standing as other rooms need it to judge an application (a loan's ceiling, for one): the current
 * account, its status (JGJ/T 320 A.6), its contribution base (the monthly wage the contributions are computed from),
 * the monthly contribution, when it was opened, and its balance. Read only; writers take {@link MemberLocks}.
 */
public final class MemberStandings {

  /** The current account (normal, else sealed, else the newest) and what it holds. */
  public record Standing(String accountNo, String status, Money base, Money monthlyContribution, LocalDate openedOn,
                         Money balance) {
    public boolean normal() {
      return "01".equals(status);
    }
  }

  private MemberStandings() {}

  /** The person's current account, or null when the person has none. */
  public static Future<Standing> current(SqlClient sql, String personId) {
    return sql.preparedQuery("""
            SELECT account_no, ledger_account, status, base, monthly_employer + monthly_member AS monthly, opened_on
              FROM member_account WHERE person_id = $1
             ORDER BY (status = '01') DESC, (status = '02') DESC, opened_on DESC, account_no DESC LIMIT 1""")
        .execute(Tuple.of(personId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          Row row = rows.iterator().next();
          return new Ledger().balance(sql, row.getString("ledger_account")).map(balance -> new Standing(
              row.getString("account_no"), row.getString("status"), Money.of(row.getBigDecimal("base")),
              Money.of(row.getBigDecimal("monthly")), row.getLocalDate("opened_on"), balance));
        });
  }
}
