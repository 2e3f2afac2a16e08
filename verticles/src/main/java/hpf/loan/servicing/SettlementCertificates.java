package hpf.loan.servicing;

import hpf.crypto.KeyRing;
import hpf.crypto.SignedDocument;
import hpf.crypto.Sm2Keys;
import hpf.identity.People;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payoff certificate (结清证明) of a settled loan: signed with the center's key (SM2, canonical JSON) the first
 * time it is asked for, kept, and answered the same ever after; verifiable by anyone through the public certificate
 * verification. It carries the notice for releasing the mortgage (抵押权注销) with the registration numbers.
 */
final class SettlementCertificates {

  static final Problem NOT_SETTLED = new Problem(409, "LOAN_NOT_SETTLED", "贷款尚未结清",
      "该贷款尚未全部还清，结清后方可开具结清证明。");

  private final Vertx vertx;
  private final Pool pool;
  private final KeyRing<Sm2Keys.Private> keys;

  SettlementCertificates(Vertx vertx, Pool pool, KeyRing<Sm2Keys.Private> keys) {
    this.vertx = vertx;
    this.pool = pool;
    this.keys = keys;
  }

  Future<JsonObject> of(String personId, String contractId) {
    return pool.preparedQuery("""
            SELECT c.*, s.document AS certificate FROM loan_contract c
              LEFT JOIN loan_settlement_certificate s ON s.contract_id = c.contract_id
             WHERE c.contract_id = $1 AND c.person_id = $2""")
        .execute(Tuple.of(contractId, personId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(ServicingViews.CONTRACT_NOT_FOUND));
          }
          Row loan = rows.iterator().next();
          if (loan.getJsonObject("certificate") != null) {
            return Future.succeededFuture(loan.getJsonObject("certificate"));
          }
          if (!"SETTLED".equals(loan.getString("state"))) {
            return Future.failedFuture(new ProblemException(NOT_SETTLED));
          }
          return People.name(pool, personId)
              .compose(name -> vertx.executeBlocking(() -> sign(loan, name, OffsetDateTime.now()), false))
              // Two first requests at once: the first kept wins, and both answer it.
              .compose(document -> pool.preparedQuery("""
                      INSERT INTO loan_settlement_certificate (contract_id, document) VALUES ($1, $2)
                      ON CONFLICT (contract_id) DO NOTHING""").execute(Tuple.of(contractId, new JsonObject(document))))
              .compose(v -> pool.preparedQuery("SELECT document FROM loan_settlement_certificate WHERE contract_id = $1")
                  .execute(Tuple.of(contractId)))
              .map(found -> found.iterator().next().getJsonObject("document"));
        });
  }

  /** Blocking (SM2). */
  private Map<String, Object> sign(Row loan, String name, OffsetDateTime issuedAt) {
    String contractId = loan.getString("contract_id");
    String principal = Money.of(loan.getBigDecimal("principal")).toString();
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("type", "HOUSING_LOAN_SETTLEMENT_CERTIFICATE");
    content.put("contractId", contractId);
    content.put("borrowerPersonId", loan.getString("person_id"));
    content.put("borrowerName", name);
    content.put("principal", principal);
    content.put("disbursedOn", loan.getLocalDate("disbursed_on").toString());
    content.put("settledOn", loan.getLocalDate("settled_on").toString());
    content.put("statement", "借款人" + name + "的住房公积金个人住房贷款（借款合同 " + contractId + "，本金 " + principal
        + " 元）已于 " + loan.getLocalDate("settled_on") + " 全部还清本息，特此证明。");
    Map<String, Object> release = new LinkedHashMap<>();
    release.put("houseContractNo", loan.getString("house_contract_no"));
    release.put("preRegistrationNo", loan.getString("pre_registration_no") == null ? ""
        : loan.getString("pre_registration_no"));
    release.put("notice", "贷款已结清，请持本证明到不动产登记机构办理抵押权注销登记。");
    content.put("mortgageRelease", release);
    content.put("issuedAt", issuedAt.toString());
    return SignedDocument.sign(content, keys.id() + ":" + keys.currentVersion(), keys.current());
  }
}
