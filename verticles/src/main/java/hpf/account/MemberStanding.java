package hpf.account;

import hpf.kit.Money;
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;

/**
 * A member's deposit standing as other rooms may read it (a loan's ceiling, say): the current account (the normal
 * one, else the newest), its status, contribution base and balance, and the months paid without a gap up to the last
 * paid month (连续缴存月数) over every account the person held here.
 */
public final class MemberStanding {

  /** Status 01 is normal deposit (正常); the rest are JGJ/T 320 account states (sealed, closed, ...). */
  public record Standing(String accountNo, String status, BigDecimal contributionBase, BigDecimal balance,
                         int continuousMonths, String lastMonthPaid) {
    public boolean normal() {
      return "01".equals(status);
    }
  }

  private final MemberAccounts accounts;

  public MemberStanding(Clock clock) {
    this.accounts = new MemberAccounts(new Ledger(), clock);
  }

  /** The person's standing; fails with ACCOUNT_NOT_FOUND (404) when the person has no account here. */
  public Future<Standing> of(SqlClient sql, String personId) {
    return accounts.ofPerson(sql, personId).compose(account -> DepositUseCertificate.monthsPaid(sql, personId)
        .map(months -> new Standing(account.getString("accountNo"), account.getString("status"),
            Money.parse(account.getString("base")).toYuan(), Money.parse(account.getString("balance")).toYuan(),
            DepositUseCertificate.continuousToLast(months), last(months))));
  }

  private static String last(List<String> months) {
    return months.isEmpty() ? null : months.get(months.size() - 1);
  }
}
