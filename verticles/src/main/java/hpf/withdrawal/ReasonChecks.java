package hpf.withdrawal;

import hpf.identity.People;
import hpf.identity.PersonFacts;
import hpf.kit.Money;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;

/**
 * The rules of each reason that the center decides on its own records, before any data source: the rent cap of
 * the month, the purchase price (or the cost of building or repairing) less what was already drawn for the same
 * home, the interval between loan repayment withdrawals, the retirement age, the end of employment, the medical
 * expenses and the yearly illness cap. All numbers come from the policy in force or the declared details.
 */
final class ReasonChecks {

  /**
   * Windows are measured by the database clock, the one that stamps created_at, so a skewed application server
   * cannot count an application into the wrong day or month.
   */
  static final String CENTER_DAY_START =
      "date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'";
  private static final String CENTER_MONTH_START =
      "date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'";
  private static final String CENTER_YEAR_START =
      "date_trunc('year', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'";
  /** The member account status of an account its employer has sealed (封存): employment ended. */
  private static final String SEALED = "02";
  /** Applications that hold or have drawn money, or may still: everything but rejected and cancelled. */
  private static final String COUNTED = "('FIRST_REVIEW', 'SECOND_REVIEW', 'APPROVED', 'PAID')";

  private final PersonFacts people;
  private final People identities;

  ReasonChecks(PersonFacts people, People identities) {
    this.people = people;
    this.identities = identities;
  }

  /** The reason's own rules; {@code accountStatus} is that of the member's current account, locked. */
  Future<Void> check(SqlConnection conn, Withdrawals.Request request, String accountStatus, Policies.AsOf policy,
                     LocalDate today) {
    return switch (request.reason()) {
      case WithdrawalReasons.RENT -> rentCap(conn, request, policy);
      case WithdrawalReasons.PURCHASE -> purchasePrice(conn, request);
      case WithdrawalReasons.BUILD_REPAIR -> buildCost(conn, request);
      case WithdrawalReasons.DISABILITY, WithdrawalReasons.MOVED_OUT -> SEALED.equals(accountStatus)
          ? Future.succeededFuture()
          : Withdrawals.refuse(WithdrawalProblems.EMPLOYMENT_NOT_ENDED);
      case WithdrawalReasons.ILLNESS -> illness(conn, request, policy);
      case WithdrawalReasons.LEAVING_FOREIGN -> !SEALED.equals(accountStatus)
          ? Withdrawals.refuse(WithdrawalProblems.EMPLOYMENT_NOT_ENDED) : foreignOrHmt(conn, request);
      case WithdrawalReasons.LOAN_REPAYMENT -> loanInterval(conn, request, policy);
      case WithdrawalReasons.RETIREMENT -> retirementAge(conn, request, policy, today);
      default -> Future.succeededFuture();
    };
  }

  /** This month's rent withdrawals plus this one stay within the cap in force today. */
  private Future<Void> rentCap(SqlConnection conn, Withdrawals.Request request, Policies.AsOf policy) {
    Money cap = Money.parse(policy.text("withdrawal.rent.monthly_cap"));
    return conn.preparedQuery("SELECT coalesce(sum(amount), 0) AS drawn FROM withdrawal_application "
            + "WHERE person_id = $1 AND reason = $2 AND status IN " + COUNTED + " AND created_at >= " + CENTER_MONTH_START)
        .execute(Tuple.of(request.personId(), WithdrawalReasons.RENT))
        .compose(rows -> Money.of(rows.iterator().next().getBigDecimal("drawn")).plus(request.amount()).compareTo(cap) > 0
            ? Withdrawals.refuse(WithdrawalProblems.LIMIT_EXCEEDED) : Future.succeededFuture());
  }

  /** At most the price paid for the home, less what this person already drew for the same contract. */
  private Future<Void> purchasePrice(SqlConnection conn, Withdrawals.Request request) {
    Money price = Money.parse(request.details().getString("totalPrice"));
    return conn.preparedQuery("SELECT coalesce(sum(amount), 0) AS drawn FROM withdrawal_application "
            + "WHERE person_id = $1 AND reason = $2 AND status IN " + COUNTED + " AND details ->> 'contractNo' = $3")
        .execute(Tuple.of(request.personId(), WithdrawalReasons.PURCHASE, request.details().getString("contractNo")))
        .compose(rows -> Money.of(rows.iterator().next().getBigDecimal("drawn")).plus(request.amount()).compareTo(price) > 0
            ? Withdrawals.refuse(WithdrawalProblems.PURCHASE_PRICE_EXCEEDED) : Future.succeededFuture());
  }

  /**
   * At most the cost of building, rebuilding or repairing (the budget or repair estimate), less what this person
   * already drew for the same property certificate.
   */
  private Future<Void> buildCost(SqlConnection conn, Withdrawals.Request request) {
    Money cost = Money.parse(request.details().getString("cost"));
    return conn.preparedQuery("SELECT coalesce(sum(amount), 0) AS drawn FROM withdrawal_application "
            + "WHERE person_id = $1 AND reason = $2 AND status IN " + COUNTED + " AND details ->> 'certificateNo' = $3")
        .execute(Tuple.of(request.personId(), WithdrawalReasons.BUILD_REPAIR, request.details().getString("certificateNo")))
        .compose(rows -> Money.of(rows.iterator().next().getBigDecimal("drawn")).plus(request.amount()).compareTo(cost) > 0
            ? Withdrawals.refuse(WithdrawalProblems.BUILD_COST_EXCEEDED) : Future.succeededFuture());
  }

  /**
   * At most the medical expenses declared, and this calendar year's illness withdrawals plus this one within the
   * yearly cap in force today.
   */
  private Future<Void> illness(SqlConnection conn, Withdrawals.Request request, Policies.AsOf policy) {
    if (request.amount().compareTo(Money.parse(request.details().getString("expenses"))) > 0) {
      return Withdrawals.refuse(WithdrawalProblems.ILLNESS_EXPENSES_EXCEEDED);
    }
    Money cap = Money.parse(policy.text("withdrawal.illness.yearly_cap"));
    return conn.preparedQuery("SELECT coalesce(sum(amount), 0) AS drawn FROM withdrawal_application "
            + "WHERE person_id = $1 AND reason = $2 AND status IN " + COUNTED + " AND created_at >= " + CENTER_YEAR_START)
        .execute(Tuple.of(request.personId(), WithdrawalReasons.ILLNESS))
        .compose(rows -> Money.of(rows.iterator().next().getBigDecimal("drawn")).plus(request.amount()).compareTo(cap) > 0
            ? Withdrawals.refuse(WithdrawalProblems.ILLNESS_YEARLY_CAP_EXCEEDED) : Future.succeededFuture());
  }

  /**
   * The member's identity number is a residence permit of a Hong Kong, Macao or Taiwan resident (810000, 820000,
   * 830000) or a foreigner's permanent residence identity card (9…): both follow the resident number's format.
   */
  private Future<Void> foreignOrHmt(SqlConnection conn, Withdrawals.Request request) {
    return identities.idNumber(conn, request.personId()).compose(id -> id.startsWith("9") || id.startsWith("810000")
        || id.startsWith("820000") || id.startsWith("830000") ? Future.succeededFuture()
        : Withdrawals.refuse(WithdrawalProblems.NOT_FOREIGN_OR_HMT_RESIDENT));
  }

  /** The last loan repayment withdrawal lies at least the policy's number of months back. */
  private Future<Void> loanInterval(SqlConnection conn, Withdrawals.Request request, Policies.AsOf policy) {
    int months = Integer.parseInt(policy.text("withdrawal.loan_repayment.interval_months"));
    return conn.preparedQuery("SELECT 1 FROM withdrawal_application WHERE person_id = $1 AND reason = $2 "
            + "AND status IN ('APPROVED', 'PAID') AND created_at > now() - make_interval(months => $3)")
        .execute(Tuple.of(request.personId(), WithdrawalReasons.LOAN_REPAYMENT, months))
        .compose(rows -> rows.size() > 0 ? Withdrawals.refuse(WithdrawalProblems.LOAN_REPAYMENT_TOO_SOON)
            : Future.succeededFuture());
  }

  /** Retirement age by sex, from the identity number, as the policy sets it today. */
  private Future<Void> retirementAge(SqlConnection conn, Withdrawals.Request request, Policies.AsOf policy,
                                     LocalDate today) {
    return people.of(conn, request.personId()).compose(facts -> {
      String key = facts.sex() == PersonFacts.Sex.MALE ? "male_age" : "female_age";
      int minimum = Integer.parseInt(policy.text("withdrawal.retirement." + key));
      return facts.ageOn(today) < minimum ? Withdrawals.refuse(WithdrawalProblems.NOT_RETIREMENT_AGE)
          : Future.succeededFuture();
    });
  }
}
