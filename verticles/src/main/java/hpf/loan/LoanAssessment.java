package hpf.loan;

import hpf.account.AccountProblems;
import hpf.account.MemberStanding;
import hpf.identity.PersonFacts;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.loan.terms.CeilingInputs;
import hpf.loan.terms.CeilingResult;
import hpf.loan.terms.Ceilings;
import hpf.loan.terms.LoanPolicies;
import hpf.loan.terms.LoanPolicy;
import hpf.loan.terms.RepaymentMethod;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.LocalDate;
import java.util.List;

/**
 * Eligibility and the amount check of an application, on what the sources answered and the members' accounts, under
 * the loan policy in force today, through hpf.loan.terms Ceilings (account, continuous deposit, loans outstanding,
 * age and term, and the smallest of the center's ceiling, loan-to-value, balance multiple and repayment capacity)
 * and the home and family rules ({@link LoanEligibility}). In order: a loan outstanding, a deposit too short, the
 * home and family, the rest of the ceiling's rules, the term; the first that fails refuses, naming it. An amount
 * above the ceiling is refused naming the binding limit. Reads only; writes nothing.
 */
final class LoanAssessment {

  private final Pool pool;
  private final PersonFacts people;
  private final MemberStanding standings;

  LoanAssessment(Pool pool, PersonFacts people, MemberStanding standings) {
    this.pool = pool;
    this.people = people;
    this.standings = standings;
  }

  /** A member's standing here; no account at all refuses like an account that is not normal. */
  static Future<MemberStanding.Standing> standing(MemberStanding standings, SqlClient sql, String personId) {
    return standings.of(sql, personId).recover(e -> e instanceof ProblemException p
        && AccountProblems.ACCOUNT_NOT_FOUND.code().equals(p.problem().code())
        ? LoanProblems.refuse(LoanProblems.NO_ACCOUNT) : Future.failedFuture(e));
  }

  Future<LoanCeiling.Found> assess(LoanRequest request, List<LoanCheck> checks, LocalDate today) {
    String coBorrower = request.coBorrowers().isEmpty() ? null : request.coBorrowers().get(0);
    Future<LoanPolicy> policy = LoanPolicies.inForce(pool, today);
    Future<MemberStanding.Standing> borrower = standing(standings, pool, request.personId());
    Future<MemberStanding.Standing> co = coBorrower == null ? Future.succeededFuture()
        : standing(standings, pool, coBorrower);
    Future<PersonFacts.Facts> facts = people.of(pool, request.personId());
    return Future.all(policy, borrower, co, facts).compose(done -> {
      LoanPolicy p = policy.result();
      // A source that did not answer does not refuse: the reviewer sees it unanswered and judges.
      int months = LoanEligibility.continuousMonths(checks, LoanCheck.BORROWER, p.minDepositMonths());
      int outstanding = LoanEligibility.outstandingLoans(checks);
      LoanRequest.Terms t = request.terms();
      CeilingInputs in = new CeilingInputs(t.home().price().toYuan(), t.home().ordinal(), t.home().sharedOwnership(),
          party(borrower.result(), months),
          co.result() == null ? null : party(co.result(),
              LoanEligibility.continuousMonths(checks, LoanCheck.CO_BORROWER, p.minDepositMonths())),
          facts.result().ageOn(today), outstanding, t.termMonths(), RepaymentMethod.ofCode(t.method()));
      CeilingResult r = Ceilings.compute(in, p);
      // The borrower's own standing first (a loan outstanding, a deposit too short), then the home and the family.
      for (String first : List.of(CeilingResult.OUTSTANDING_LOAN, CeilingResult.DEPOSIT_MONTHS_TOO_SHORT)) {
        if (r.ineligible().contains(first)) {
          return LoanProblems.refuse(LoanEligibility.refusal(first, outstanding, months, p.minDepositMonths()));
        }
      }
      Problem refused = LoanEligibility.judge(request, checks);
      if (refused != null) {
        return LoanProblems.refuse(refused);
      }
      if (!r.eligible()) {
        return LoanProblems.refuse(LoanEligibility.refusal(r.ineligible().get(0), outstanding, months,
            p.minDepositMonths()));
      }
      if (t.termMonths() > r.maxTermMonths()) {
        return LoanProblems.refuse(LoanProblems.notEligible("termMonths", "贷款期限最长 " + r.maxTermMonths()
            + " 个月（" + LoanCeiling.label(r.termBinding()) + "），请缩短贷款期限。"));
      }
      Money ceiling = Money.of(r.amount());
      if (t.amount().compareTo(ceiling) > 0) {
        return LoanProblems.refuse(LoanProblems.aboveCeiling(ceiling, r.binding(), LoanCeiling.label(r.binding())));
      }
      return Future.succeededFuture(new LoanCeiling.Found(ceiling, r.binding()));
    });
  }

  private static CeilingInputs.Party party(MemberStanding.Standing s, int continuousMonths) {
    return new CeilingInputs.Party(s.balance(), s.contributionBase(), null, continuousMonths, s.normal());
  }

}
