package hpf.account;

import hpf.identity.People;
import hpf.isolation.DependencyGuard;
import hpf.isolation.DependencyIsolatedException;
import hpf.sources.AnswerJson;
import hpf.sources.DataSources;
import hpf.sources.NationalDepositClient;
import hpf.sources.PensionClient;
import hpf.sources.consent.Consents;
import hpf.sources.evidence.Evidence;
import hpf.sources.evidence.EvidenceLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * A person before an employer adds (增员) or unseals (启封) their account, or before a flexible depositor registers:
 * no normal account at another center (个人账户信息, national query 8) and no basic pension drawn (社保及退休状态).
 * These are personal data, so they are asked only with the person's consent for {@code MEMBER_OPENING} covering
 * both sources, each through its guard, with query and answer kept as evidence. A person the center does not know
 * yet, or who has not consented, cannot be asked: the addition goes on as NOT_VERIFIED, saying so, for staff to
 * verify later; so does a source that is isolated or failing. An active account elsewhere or a pension drawn refuses
 * the addition ({@code MEMBER_ACTIVE_ELSEWHERE}, {@code MEMBER_DRAWS_PENSION}).
 */
public final class MemberEligibilityVerification implements MemberEligibilityCheck {

  static final String PURPOSE = "MEMBER_OPENING";
  private static final String ACCOUNTS = NationalDepositClient.MEMBER_ACCOUNT.dependency();
  private static final String PENSION = PensionClient.STATUS.dependency();
  /** JGJ/T 320 account status 01: a normal (contributing) account. */
  private static final String NORMAL = "01";

  private final Pool pool;
  private final People people;
  private final Consents consents;
  private final DependencyGuard guard;
  private final EvidenceLog evidence;
  private final DataSources sources;
  /** This center's number on the national platform: its own accounts are not "elsewhere". */
  private final String centerNo;

  public MemberEligibilityVerification(Pool pool, People people, Consents consents, DependencyGuard guard,
                                       EvidenceLog evidence, DataSources sources, String centerNo) {
    this.pool = pool;
    this.people = people;
    this.consents = consents;
    this.guard = guard;
    this.evidence = evidence;
    this.sources = sources;
    this.centerNo = centerNo;
  }

  @Override
  public Future<Verification> verify(String idNumber, String name) {
    return people.personIdOf(pool, idNumber).compose(personId -> personId == null
        ? Future.succeededFuture(Verification.notVerified("职工尚未在本中心登记，未取得信息共享授权，待核实"))
        : consents.require(pool, personId, PURPOSE, ACCOUNTS, null)
            .compose(v -> consents.require(pool, personId, PURPOSE, PENSION, null))
            .transform(consented -> consented.succeeded() ? ask(personId, idNumber)
                : Future.succeededFuture(Verification.notVerified("职工未授权查询（个人开户），待核实"))));
  }

  private Future<Verification> ask(String personId, String idNumber) {
    String ref = "member-eligibility:" + personId;
    Future<Verification> accounts = guard.call(ACCOUNTS, () -> sources.deposits().memberAccounts(idNumber))
        .compose(found -> kept(ACCOUNTS, idNumber, AnswerJson.list(found), ref, personId)
            .map(evidenceId -> found.stream().anyMatch(a -> NORMAL.equals(a.accountStatus())
                    && !centerNo.equals(a.centerNo()))
                ? Verification.refused(LifecycleProblems.MEMBER_ACTIVE_ELSEWHERE)
                : Verification.verified("其他中心无正常账户（存证 " + evidenceId + "）")))
        .recover(e -> Future.succeededFuture(unavailable(e, "个人账户信息查询")));
    Future<Verification> pension = guard.call(PENSION, () -> sources.pension().status(idNumber))
        .compose(status -> kept(PENSION, idNumber, AnswerJson.json(status), ref, personId)
            .map(evidenceId -> status.drawsPension() ? Verification.refused(LifecycleProblems.MEMBER_DRAWS_PENSION)
                : Verification.verified("未领取基本养老金（存证 " + evidenceId + "）")))
        .recover(e -> Future.succeededFuture(unavailable(e, "社保及退休状态查询")));
    return Future.all(accounts, pension).map(both -> combine(List.of(accounts.result(), pension.result())));
  }

  /** A refusal wins; then anything not verified; verified only when both are, with both notes. */
  private static Verification combine(List<Verification> answers) {
    for (Verification answer : answers) {
      if (answer.isRefused()) {
        return answer;
      }
    }
    String notes = String.join("；", answers.stream().map(Verification::note).toList());
    return answers.stream().allMatch(a -> "VERIFIED".equals(a.outcome())) ? Verification.verified(notes)
        : Verification.notVerified(notes);
  }

  private Future<String> kept(String dependency, String idNumber, JsonObject answer, String ref, String personId) {
    return evidence.record(new Evidence(dependency, new JsonObject().put("dependency", dependency)
        .put("idNumber", idNumber), answer, ref, personId));
  }

  private static Verification unavailable(Throwable e, String service) {
    return Verification.notVerified(e instanceof DependencyIsolatedException isolated
        ? isolated.serviceName() + "暂不可用，待核实" : service + "暂时无法查询，待核实");
  }
}
