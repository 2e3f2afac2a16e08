package hpf.loan;

import hpf.identity.People;
import hpf.isolation.DependencyGuard;
import hpf.isolation.DependencyIsolatedException;
import hpf.loan.LoanCheck.Outcome;
import hpf.sources.DataSources;
import hpf.sources.SourceQuery;
import hpf.sources.consent.Consents;
import hpf.sources.evidence.Evidence;
import hpf.sources.evidence.EvidenceLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loan application's data sources, asked before its transaction (ADR 0006): the consent (purpose LOAN) of the
 * borrower and of each co-borrower must cover every source asked about them before any is asked (else
 * {@code CONSENT_REQUIRED}, nothing asked); each source is then asked through its isolation guard, its answer judged
 * ({@link LoanVerdicts}) and kept as signed, chained evidence under the application's reference. An isolated,
 * failing or slow source answers UNAVAILABLE, which sends the application to manual review, never fails it.
 */
final class LoanVerification {

  static final String PURPOSE = "LOAN";
  private static final Map<String, String> NAMES = DataSources.queries().stream()
      .collect(Collectors.toMap(SourceQuery::dependency, SourceQuery::name));

  private final Pool pool;
  private final People people;
  private final Consents consents;
  private final DependencyGuard guard;
  private final EvidenceLog evidence;
  private final LoanVerdicts verdicts;

  LoanVerification(Pool pool, People people, Consents consents, DependencyGuard guard, EvidenceLog evidence,
                   DataSources sources) {
    this.pool = pool;
    this.people = people;
    this.consents = consents;
    this.guard = guard;
    this.evidence = evidence;
    this.verdicts = new LoanVerdicts(sources);
  }

  /** Every source's verdict on the borrower and each co-borrower, kept as evidence under {@code businessRef}. */
  Future<List<LoanCheck>> verify(LoanRequest request, String businessRef) {
    Future<Void> consented = Future.succeededFuture();
    for (String source : LoanVerdicts.BORROWER_SOURCES) {
      consented = consented.compose(v -> consents.require(pool, request.personId(), PURPOSE, source, null));
    }
    for (String coBorrower : request.coBorrowers()) {
      for (String source : LoanVerdicts.CO_BORROWER_SOURCES) {
        consented = consented.compose(v -> consents.require(pool, coBorrower, PURPOSE, source, null));
      }
    }
    JsonObject declared = request.terms().declared();
    return consented.compose(v -> {
      List<Future<List<LoanCheck>>> parties = new ArrayList<>();
      parties.add(party(LoanCheck.BORROWER, request.personId(), LoanVerdicts.BORROWER_SOURCES, declared, businessRef));
      for (String coBorrower : request.coBorrowers()) {
        parties.add(party(LoanCheck.CO_BORROWER, coBorrower, LoanVerdicts.CO_BORROWER_SOURCES, new JsonObject(),
            businessRef));
      }
      return Future.all(parties).map(done -> parties.stream().flatMap(f -> f.result().stream()).toList());
    });
  }

  private Future<List<LoanCheck>> party(String party, String personId, List<String> sources, JsonObject declared,
                                        String businessRef) {
    return people.idNumber(pool, personId).compose(idNumber -> {
      List<Future<LoanCheck>> checks = new ArrayList<>();
      for (String source : sources) {
        checks.add(ask(party, personId, source, idNumber, declared, businessRef));
      }
      return Future.join(checks).map(done -> checks.stream().map(Future::result).toList());
    });
  }

  /** One source through its guard; every outcome is a check, never a failure of the application. */
  private Future<LoanCheck> ask(String party, String personId, String source, String idNumber, JsonObject declared,
                                String businessRef) {
    return guard.call(source, () -> verdicts.ask(source, idNumber, declared))
        .compose(verdict -> evidence.record(new Evidence(source, new JsonObject().put("dependency", source)
                    .put("idNumber", idNumber).put("party", party).put("declared", declared), verdict.raw(),
                businessRef, personId))
            .map(evidenceId -> new LoanCheck(party, source, verdict.outcome(), verdict.detail(), evidenceId,
                verdict.facts())))
        .recover(e -> Future.succeededFuture(new LoanCheck(party, source, Outcome.UNAVAILABLE, unavailable(source, e),
            null, new JsonObject())));
  }

  private static String unavailable(String source, Throwable e) {
    if (e instanceof DependencyIsolatedException isolated) {
      return isolated.serviceName() + "已隔离，暂停调用，需人工审核";
    }
    return NAMES.getOrDefault(source, source) + "暂时无法查询，需人工审核";
  }
}
