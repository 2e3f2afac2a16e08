package hpf.account;

import hpf.audit.AuditEntry;
import hpf.audit.AuditLog;
import hpf.identity.People;
import hpf.kit.BusinessTime;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import hpf.policy.Policies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * One member addition (增员, or 启封 of a sealed account) or removal (减员) inside the caller's transaction, with its
 * verification record and audit record: the single request and every row of a batch list (清册) go through here, so
 * both follow the same rules.
 */
final class MemberChanges {

  /** A person to add: as the request or the list's row gives them. */
  record NewMember(String name, String idNumber, String phone, Money monthlyWage) {}

  private final People people;
  private final Policies policies;
  private final AuditLog audit;
  private final Clock clock;
  private final Employers employers;
  private final MemberAccounts accounts;

  MemberChanges(Pool pool, People people, AuditLog audit, Clock clock) {
    this.people = people;
    this.policies = new Policies(pool);
    this.audit = audit;
    this.clock = clock;
    this.employers = new Employers(clock);
    this.accounts = new MemberAccounts(new Ledger(), clock);
  }

  /**
   * The monthly terms of a new member at the employer, the employer shared-locked until commit so its status holds:
   * a deferred employer still adds members (deferral postpones payment); a sealed or closed one does not.
   */
  Future<ContributionRules.Monthly> terms(SqlConnection conn, String employerId, Money wage) {
    LocalDate today = BusinessTime.today(clock);
    return employers.find(conn, employerId, true)
        .compose(employer -> {
          Problem closed = Employers.refusalOfNewBusiness(employer);
          return closed != null ? Future.failedFuture(new ProblemException(closed))
              : policies.asOf(today).map(policy ->
                  ContributionRules.monthly(wage, employer.employerRatio(), employer.memberRatio(), policy));
        });
  }

  /**
   * Adds the person with the terms and the verification already awaited (not refused): registers the person if new,
   * opens or unseals the account, records the verification and the audit record ({@code addMember}, with
   * {@code details} added to the record's own).
   */
  Future<MemberAccounts.Added> add(SqlConnection conn, String employerId, NewMember member,
                                   ContributionRules.Monthly monthly, Verification verification, Actor actor,
                                   Map<String, String> details) {
    LocalDate today = BusinessTime.today(clock);
    return people.ensure(conn, member.name(), member.idNumber(), member.phone())
        .compose(personId -> accounts.openOrUnseal(conn, personId, employerId, monthly, today, actor))
        .compose(added -> {
          String target = "member_account:" + added.account().getString("accountNo");
          Map<String, String> all = new HashMap<>(details);
          all.put("employerId", employerId);
          all.put("unsealed", String.valueOf(added.unsealed()));
          all.put("verification", verification.outcome());
          return Verifications.record(conn, target, MemberEligibilityCheck.NAME, verification)
              .compose(v -> audited(conn, actor, "addMember", target, all))
              .map(added);
        });
  }

  /** 减员: seals one of the employer's normal accounts, with the audit record ({@code removeMember}). */
  Future<JsonObject> remove(SqlConnection conn, String employerId, String accountNo, Actor actor,
                            Map<String, String> details) {
    Map<String, String> all = new HashMap<>(details);
    all.put("employerId", employerId);
    return accounts.seal(conn, employerId, accountNo, actor)
        .compose(account -> audited(conn, actor, "removeMember", "member_account:" + accountNo, all).map(account));
  }

  /** The audit record of a change by this actor, as {@code SessionAuth.audited} writes it for a request. */
  private Future<Void> audited(SqlConnection conn, Actor actor, String operation, String target,
                               Map<String, String> details) {
    return audit.append(conn, new AuditEntry(actor.id(), actor.kind(), actor.channel(), operation, target, "OK",
        actor.requestId(), details)).mapEmpty();
  }
}
