package hpf.withdrawal;

import hpf.account.AccountClosing;
import hpf.account.AccountProblems;
import hpf.account.MemberLocks;
import hpf.apps.ChannelApps;
import hpf.kit.Money;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The guards every application passes under the member's locks, whatever its reason: the account in a state that
 * allows it, the blocked list, one application in flight, nothing else under way for a closing, the channel's
 * single and daily limits.
 */
final class WithdrawalGuards {

  /**
   * The person's current account, locked for the rest of the transaction: normal, or for a closing reason also
   * sealed (a retiree's employer has usually removed the member already). The person row is locked first, as card
   * binding and the blocked list do, so neither can change under this application.
   */
  Future<WithdrawalPayout.Account> lockAccount(SqlConnection conn, String personId, boolean closing) {
    return MemberLocks.personAndCurrentAccount(conn, personId)
        .compose(locked -> {
          if (locked == null) {
            return Withdrawals.refuse(AccountProblems.ACCOUNT_NOT_FOUND);
          }
          String status = locked.status();
          return "01".equals(status) || closing && "02".equals(status)
              ? Future.succeededFuture(WithdrawalPayout.Account.of(locked))
              : Withdrawals.refuse(AccountProblems.MEMBER_NOT_NORMAL);
        });
  }

  /**
   * A closing takes everything, so nothing else may be under way: no other application in flight (its money would
   * come back into a closed account on cancellation) and no contribution still owed into the account.
   */
  Future<Void> checkClosable(SqlConnection conn, WithdrawalReasons.Reason reason, WithdrawalPayout.Account account,
                                     String exceptApplication) {
    if (!reason.closing()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("""
            SELECT 1 FROM withdrawal_application WHERE account_no = $1 AND application_id IS DISTINCT FROM $2
               AND status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED')""")
        .execute(Tuple.of(account.accountNo(), exceptApplication))
        .compose(rows -> rows.size() > 0 ? Withdrawals.refuse(WithdrawalProblems.CLOSING_WITH_OTHERS_IN_FLIGHT)
            : new AccountClosing().creditsPending(conn, account.accountNo())
                .compose(pending -> pending ? Withdrawals.refuse(WithdrawalProblems.CLOSING_CREDITS_PENDING)
                    : Future.succeededFuture()));
  }

  Future<Void> checkNotBlocked(SqlConnection conn, Withdrawals.Request request) {
    return PersonLists.EXEMPT_REASONS.contains(request.reason()) ? Future.succeededFuture()
        : PersonLists.isListed(conn, PersonLists.Kind.BLOCKED, request.personId())
            .compose(listed -> listed ? Withdrawals.refuse(PersonLists.BLOCKED) : Future.succeededFuture());
  }

  Future<Void> checkInFlight(SqlConnection conn, Withdrawals.Request request) {
    return conn.preparedQuery("""
            SELECT 1 FROM withdrawal_application WHERE person_id = $1 AND (reason = $2 OR closing)
               AND status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED')""")
        .execute(Tuple.of(request.personId(), request.reason()))
        .compose(rows -> rows.size() > 0 ? Withdrawals.refuse(WithdrawalProblems.IN_FLIGHT) : Future.succeededFuture());
  }

  /**
   * The channel's single and daily limits for this member: today's applications through the same kind of channel
   * that were not cancelled or rejected, plus this one. A kind of channel without limits (a partner) cannot
   * withdraw at all.
   */
  Future<Void> checkChannelLimits(SqlConnection conn, Withdrawals.Request request, Policies.AsOf policy) {
    String prefix = "withdrawal.channel." + request.channelType().toLowerCase(java.util.Locale.ROOT);
    if (!policy.values().containsKey(prefix + ".single_max") || !policy.values().containsKey(prefix + ".daily_max")) {
      return Withdrawals.refuse(WithdrawalProblems.CHANNEL_NOT_ALLOWED);
    }
    if (request.amount().compareTo(Money.parse(policy.text(prefix + ".single_max"))) > 0) {
      return Withdrawals.refuse(WithdrawalProblems.CHANNEL_SINGLE_LIMIT);
    }
    return ChannelApps.idsOfType(conn, request.channelType()).compose(apps -> conn.preparedQuery("""
            SELECT coalesce(sum(w.amount), 0) AS drawn
              FROM withdrawal_application w
             WHERE w.person_id = $1 AND w.app_id = ANY($2)
               AND w.status IN ('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED', 'PAID')
               AND w.created_at >= """ + ReasonChecks.CENTER_DAY_START)
        .execute(Tuple.of(request.personId(), (Object) apps.toArray(String[]::new))))
        .compose(rows -> Money.of(rows.iterator().next().getBigDecimal("drawn")).plus(request.amount())
            .compareTo(Money.parse(policy.text(prefix + ".daily_max"))) > 0
            ? Withdrawals.refuse(WithdrawalProblems.CHANNEL_DAILY_LIMIT) : Future.succeededFuture());
  }

}
