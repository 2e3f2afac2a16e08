package hpf.withdrawal;

import hpf.identity.People;
import hpf.isolation.DependencyGuard;
import hpf.isolation.DependencyIsolatedException;
import hpf.sources.DataSources;
import hpf.sources.consent.Consents;
import hpf.sources.evidence.Evidence;
import hpf.sources.evidence.EvidenceLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The withdrawal room's data sources, for real: the person's consent for the reason's purpose must cover every
 * source before any is asked (else {@code CONSENT_REQUIRED}, nothing asked); each source is then asked through its
 * guard, its answer judged ({@link SourceVerdicts}), and query and answer kept as signed, chained evidence whose id
 * the check carries. An isolated, failing or slow source gives UNAVAILABLE: the application goes to staff review,
 * saying which service and until when.
 */
public final class DataSourceVerification implements Verification {

  /** Consent purposes (信息共享授权的用途) of the withdrawal reasons (JGJ/T 320 A.7). */
  private static final Map<String, String> PURPOSES = Map.ofEntries(Map.entry("01", "WITHDRAWAL_PURCHASE"),
      Map.entry("02", "WITHDRAWAL_BUILD_REPAIR"), Map.entry("03", "WITHDRAWAL_RETIREMENT"),
      Map.entry("04", "WITHDRAWAL_DISABILITY"), Map.entry("05", "WITHDRAWAL_SETTLING_ABROAD"),
      Map.entry("06", "WITHDRAWAL_LOAN_REPAYMENT"), Map.entry("07", "WITHDRAWAL_RENT"), Map.entry("08", "WITHDRAWAL_DEATH"),
      Map.entry("09", "WITHDRAWAL_ILLNESS"), Map.entry("10", "WITHDRAWAL_LEAVING_FOREIGN"),
      Map.entry("11", "WITHDRAWAL_MOVED_OUT"));

  private final Pool pool;
  private final People people;
  private final Consents consents;
  private final DependencyGuard guard;
  private final EvidenceLog evidence;
  private final SourceVerdicts verdicts;

  public DataSourceVerification(Pool pool, People people, Consents consents, DependencyGuard guard,
                                EvidenceLog evidence, DataSources sources) {
    this.pool = pool;
    this.people = people;
    this.consents = consents;
    this.guard = guard;
    this.evidence = evidence;
    this.verdicts = new SourceVerdicts(sources);
  }

  @Override
  public Future<List<Check>> verify(Subject subject) {
    if (subject.sources().isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String purpose = PURPOSES.get(subject.reason());
    Future<Void> consented = Future.succeededFuture();
    for (String source : subject.sources()) {
      consented = consented.compose(v -> consents.require(pool, subject.personId(), purpose, source, null));
    }
    return consented
        .compose(v -> people.idNumber(pool, subject.personId()))
        .compose(idNumber -> {
          List<Future<Check>> checks = new ArrayList<>();
          for (String source : subject.sources()) {
            checks.add(ask(subject, source, idNumber));
          }
          return Future.join(checks).map(done -> checks.stream().map(Future::result).toList());
        });
  }

  /** One source through its guard; every outcome is a check, never a failure of the application. */
  private Future<Check> ask(Subject subject, String source, String idNumber) {
    if (!verdicts.knows(source)) {
      return Future.succeededFuture(new Check(source, Outcome.UNAVAILABLE, "该数据源尚未接入，需人工审核材料"));
    }
    return guard.call(source, () -> verdicts.ask(source, subject.reason(), idNumber, subject.details()))
        .compose(answer -> evidence.record(new Evidence(source, new JsonObject().put("dependency", source)
                    .put("idNumber", idNumber).put("details", subject.details()), answer.raw(),
                "withdrawal-verification:" + subject.personId() + ":" + subject.reason(), subject.personId()))
            .map(evidenceId -> new Check(source, answer.outcome(), answer.detail() + "（存证 " + evidenceId + "）")))
        .recover(e -> Future.succeededFuture(new Check(source, Outcome.UNAVAILABLE, unavailable(source, e))));
  }

  private static String unavailable(String source, Throwable e) {
    if (e instanceof DependencyIsolatedException isolated) {
      return isolated.serviceName() + "已隔离，暂停调用，需人工审核";
    }
    return SourceVerdicts.nameOf(source) + "暂时无法查询，需人工审核";
  }
}
