package hpf.settlement.reconcile;

import hpf.isolation.DependencyGuard;
import hpf.settlement.bank.BankGateway.Detail;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's side of a day: every line of the center's special account on that date (BDC113), page after page
 * (at most 1,000 rows each). The window is the single day, the narrowest there is: banks refuse wide windows and
 * the protocol pages per call. Each page goes through the bank's isolation guard ({@code bank.<code>}), so an
 * isolated bank is not asked at all.
 */
final class BankStatement {

  /** A day of a very busy account is some thousands of lines; more pages than this means the bank is looping. */
  static final int MAX_PAGES = 200;

  private final DependencyGuard guard;

  BankStatement(DependencyGuard guard) {
    this.guard = guard;
  }

  Future<List<Detail>> day(BankGateway gateway, String accountNo, LocalDate date) {
    return pages(gateway, accountNo, date, 1, new ArrayList<>());
  }

  private Future<List<Detail>> pages(BankGateway gateway, String accountNo, LocalDate date, int page,
                                     List<Detail> lines) {
    if (page > MAX_PAGES) {
      return Future.failedFuture(new IllegalStateException("bank " + gateway.bankCode() + " answered more than "
          + MAX_PAGES + " pages of details for " + date));
    }
    return guard.call(hpf.settlement.dispatch.Dispatcher.dependencyOf(gateway.bankCode()), () -> gateway.details(accountNo, date, date, page))
        .compose(answer -> {
          // A line dated otherwise than asked does not belong to this day's comparison.
          answer.rows().stream().filter(d -> date.equals(d.date())).forEach(lines::add);
          return answer.more() ? pages(gateway, accountNo, date, page + 1, lines) : Future.succeededFuture(lines);
        });
  }
}
