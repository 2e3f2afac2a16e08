package hpf.loan;

import hpf.identity.People;
import hpf.isolation.DependencyGuard;
import hpf.kit.ProblemException;
import hpf.sources.AnswerJson;
import hpf.sources.DataSources;
import hpf.sources.RealEstateClient;
import hpf.sources.consent.Consents;
import hpf.sources.evidence.Evidence;
import hpf.sources.evidence.EvidenceLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The mortgage pre-registration check (抵押权预告登记核验) before any money moves: the real estate registry is asked,
 * with the borrower's consent, through the isolation guard, before the transaction (ADR 0006), and its answer kept as
 * evidence under the contract. Only a MORTGAGE pre-registration for the center on the contract's purchase counts.
 * A registry that cannot answer leaves the contract as it was; the staff try again later.
 */
final class LoanPreRegistration {

  static final String SOURCE = RealEstateClient.PRE_REGISTRATIONS.dependency();
  /** The mortgagee must be a provident fund center (住房公积金中心 / 管理中心). */
  private static final String MORTGAGEE_MARK = "住房公积金";

  /** What the registry said: the registration that counts, if any, and the evidence record of the answer. */
  record Found(Optional<RealEstateClient.PreRegistration> registration, String evidenceId) {}

  private final Pool pool;
  private final People people;
  private final Consents consents;
  private final DependencyGuard guard;
  private final EvidenceLog evidence;
  private final DataSources sources;

  LoanPreRegistration(Pool pool, People people, Consents consents, DependencyGuard guard, EvidenceLog evidence,
                      DataSources sources) {
    this.pool = pool;
    this.people = people;
    this.consents = consents;
    this.guard = guard;
    this.evidence = evidence;
    this.sources = sources;
  }

  /** Asks the registry about the contract's borrower; outside any transaction. */
  Future<Found> ask(String contractId) {
    return pool.preparedQuery("SELECT person_id, house_contract_no, state FROM loan_contract WHERE contract_id = $1")
        .execute(Tuple.of(contractId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(LoanContractProblems.CONTRACT_NOT_FOUND));
          }
          Row contract = rows.iterator().next();
          if (!LoanContractRows.SIGNED.equals(contract.getString("state"))) {
            return Future.failedFuture(new ProblemException(LoanContractProblems.NOT_SIGNED));
          }
          String personId = contract.getString("person_id");
          String houseContract = contract.getString("house_contract_no");
          return consents.require(pool, personId, LoanVerification.PURPOSE, SOURCE, null)
              .compose(v -> people.idNumber(pool, personId))
              .compose(idNumber -> guard.call(SOURCE, () -> sources.realEstate().preRegistrations(idNumber))
                  .recover(e -> Future.failedFuture(new ProblemException(LoanContractProblems.REGISTRY_UNAVAILABLE)))
                  .compose(found -> evidence.record(new Evidence(SOURCE, new JsonObject().put("dependency", SOURCE)
                          .put("idNumber", idNumber).put("houseContractNo", houseContract), AnswerJson.list(found),
                          "loan-contract:" + contractId, personId))
                      .map(evidenceId -> new Found(mortgageFor(found, houseContract), evidenceId))));
        });
  }

  /** In the transaction: the contract still SIGNED, and a registration found, makes it PRE_REGISTERED. */
  Future<String> record(SqlConnection conn, String contractId, Found found, String actor, OffsetDateTime now) {
    return LoanContractRows.lock(conn, contractId, null).compose(contract -> {
      if (!LoanContractRows.SIGNED.equals(contract.getString("state"))) {
        return Future.failedFuture(new ProblemException(LoanContractProblems.NOT_SIGNED));
      }
      if (found.registration().isEmpty()) {
        return Future.failedFuture(new ProblemException(LoanContractProblems.PRE_REGISTRATION_MISSING));
      }
      String number = found.registration().get().registrationNo();
      return conn.preparedQuery("UPDATE loan_contract SET pre_registration_no = $2 WHERE contract_id = $1")
          .execute(Tuple.of(contractId, number))
          .compose(v -> LoanContractRows.move(conn, contractId, LoanContractRows.SIGNED, LoanContractRows.PRE_REGISTERED,
              "抵押权预告登记 " + number + "（存证 " + found.evidenceId() + "）", actor, now))
          .map(v -> number);
    });
  }

  private static Optional<RealEstateClient.PreRegistration> mortgageFor(List<RealEstateClient.PreRegistration> found,
                                                                       String houseContract) {
    return found.stream().filter(r -> "MORTGAGE".equals(r.kind()) && r.mortgagee() != null
            && r.mortgagee().contains(MORTGAGEE_MARK)
            && r.houseContractNo().toUpperCase(Locale.ROOT).equals(houseContract.toUpperCase(Locale.ROOT)))
        .findFirst();
  }
}
