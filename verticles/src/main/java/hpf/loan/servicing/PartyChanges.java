package hpf.loan.servicing;

import hpf.account.MemberLocks;
import hpf.crypto.FieldCipher;
import hpf.identity.Identifiers;
import hpf.identity.People;
import hpf.identity.PersonFacts;
import hpf.kit.Masking;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.loan.terms.LoanPolicies;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The post-loan changes of the parties and the collateral (借款人变更、抵押人变更、抵押物变更), taken at the counter
 * only (the transfer agreements are signed there): what each checks when asked for, and what its approval changes on
 * the contract. A new borrower must be a depositing member of the center who is not the borrower and is within the age
 * limit at the loan's end; they take the loan over with a repayment card of their own, and an offset agreement that
 * drew on the old borrower's fund ends. A new mortgagor is recorded on the contract. A new collateral replaces the
 * mortgaged home when the principal outstanding is within its appraised value × the loan-to-value ratio in force.
 */
final class PartyChanges {

  static final String BORROWER = "CHANGE_BORROWER";
  static final String MORTGAGOR = "CHANGE_MORTGAGOR";
  static final String COLLATERAL = "CHANGE_COLLATERAL";
  /** The new mortgagor's ID number while the change is asked (row key: the change id). */
  static final String PARTY_ID_FIELD = "loan.change_party_id";
  /** The mortgagor's ID number on the contract (row key: the contract id). */
  static final String MORTGAGOR_ID_FIELD = "loan.mortgagor_id";

  static final Problem COUNTER_ONLY = new Problem(403, "LOAN_CHANGE_COUNTER_ONLY", "请到柜面办理",
      "借款人变更、抵押人变更和抵押物变更须签署协议，由柜面工作人员受理。");
  static final Problem BORROWER_INVALID = new Problem(422, "LOAN_CHANGE_BORROWER_INVALID", "新借款人不符合条件",
      "新借款人须为本中心正常缴存的职工（姓名与证件号码一致），不是原借款人，且贷款到期时年龄不超过上限；须提供其还款银行卡。");
  static final Problem PARTY_INVALID = new Problem(422, "LOAN_CHANGE_PARTY_INVALID", "变更内容有误",
      "须提供新抵押人的姓名和有效的居民身份证号码，或新抵押物的不动产权证号、坐落、面积和评估价值。");
  static final Problem COLLATERAL_SHORT = new Problem(422, "LOAN_CHANGE_COLLATERAL_INSUFFICIENT", "抵押物价值不足",
      "剩余贷款本金超过新抵押房屋的评估价值与贷款成数的乘积。");

  private final FieldCipher fields;
  private final People people;
  private final PersonFacts persons;

  PartyChanges(FieldCipher fields) {
    this.fields = fields;
    this.people = new People(fields);
    this.persons = new PersonFacts(fields);
  }

  static boolean handles(String kind) {
    return BORROWER.equals(kind) || MORTGAGOR.equals(kind) || COLLATERAL.equals(kind);
  }

  /** Checks a request on the locked contract row; answers the new borrower's person id (null for the other kinds). */
  Future<String> check(SqlConnection conn, LoanChanges.Request r, Row contract, LocalDate today) {
    if (r.who().staffId() == null) {
      return Future.failedFuture(new ProblemException(COUNTER_ONLY));
    }
    JsonObject party = r.party();
    return switch (r.kind()) {
      case BORROWER -> party == null || !Identifiers.isIdNumber(party.getString("idNumber"))
          || !LoanChanges.validCard(r) ? Future.failedFuture(new ProblemException(BORROWER_INVALID))
          : newBorrower(conn, r, contract, today);
      case MORTGAGOR -> party == null || party.getString("name", "").isBlank()
          || !Identifiers.isIdNumber(party.getString("idNumber"))
          ? Future.failedFuture(new ProblemException(PARTY_INVALID)) : Future.succeededFuture(null);
      default -> collateral(conn, r.collateral(), contract, today);
    };
  }

  private Future<String> newBorrower(SqlConnection conn, LoanChanges.Request r, Row contract, LocalDate today) {
    return people.personIdOf(conn, r.party().getString("idNumber")).compose(pid -> {
      if (pid == null || pid.equals(contract.getString("person_id"))) {
        return Future.failedFuture(new ProblemException(BORROWER_INVALID));
      }
      // The person, then the account: the member lock order, after the loan the caller locked.
      return MemberLocks.personAndCurrentAccount(conn, pid).compose(account -> account == null
              || !"01".equals(account.status()) || !account.name().equals(r.party().getString("name"))
              ? Future.failedFuture(new ProblemException(BORROWER_INVALID))
              : LoanPolicies.inForce(conn, today).compose(policy -> persons.of(conn, pid).compose(facts ->
                  facts.ageOn(contract.getLocalDate("disbursed_on").plusMonths(contract.getInteger("term_months")))
                      <= policy.maxAgeAtTermEnd() ? Future.succeededFuture(pid)
                      : Future.failedFuture(new ProblemException(BORROWER_INVALID)))));
    });
  }

  private Future<String> collateral(SqlConnection conn, JsonObject c, Row contract, LocalDate today) {
    if (c == null || c.getString("certificateNo", "").isBlank() || c.getString("address", "").isBlank()) {
      return Future.failedFuture(new ProblemException(PARTY_INVALID));
    }
    BigDecimal value = new BigDecimal(c.getString("appraisedValue"));
    return ServicedLoan.read(conn, contract.getString("contract_id"))
        .compose(loan -> LoanPolicies.inForce(conn, today).compose(policy -> {
          BigDecimal most = value.multiply(policy.loanToValue(contract.getShort("home_ordinal")));
          return loan.outstandingPrincipal().compareTo(most) > 0
              ? Future.failedFuture(new ProblemException(COLLATERAL_SHORT)) : Future.succeededFuture(null);
        }));
  }

  /** The columns of the change row that this kind fills: party name, encrypted and masked ID number, collateral. */
  Object[] columns(String changeId, LoanChanges.Request r) {
    JsonObject party = r.party();
    boolean mortgagor = MORTGAGOR.equals(r.kind());
    return new Object[] {party == null ? null : party.getString("name"),
        mortgagor ? fields.encrypt(PARTY_ID_FIELD, changeId, party.getString("idNumber")) : null,
        mortgagor ? Masking.idNumber(party.getString("idNumber")) : null,
        COLLATERAL.equals(r.kind()) ? r.collateral() : null};
  }

  /** What the approval changes on the contract (the loan is locked and owes nothing that day). */
  Future<Void> carryOut(SqlConnection tx, ServicedLoan loan, Row ch, String staff) {
    String contractId = loan.contractId();
    return switch (ch.getString("kind")) {
      case BORROWER -> tx.preparedQuery("UPDATE loan_contract SET person_id = $2, updated_at = now() "
              + "WHERE contract_id = $1").execute(Tuple.of(contractId, ch.getString("new_person_id")))
          .compose(v -> OffsetAgreements.endOnBorrowerChange(tx, contractId, staff));
      case MORTGAGOR -> {
        String id = fields.decrypt(PARTY_ID_FIELD, ch.getString("change_id"), ch.getString("party_id_enc"));
        yield tx.preparedQuery("""
                UPDATE loan_contract SET mortgagor_name = $2, mortgagor_id_enc = $3, mortgagor_id_masked = $4,
                       updated_at = now() WHERE contract_id = $1""")
            .execute(Tuple.of(contractId, ch.getString("party_name"),
                fields.encrypt(MORTGAGOR_ID_FIELD, contractId, id), ch.getString("party_id_masked")))
            .mapEmpty();
      }
      default -> tx.preparedQuery("UPDATE loan_contract SET collateral = $2, updated_at = now() WHERE contract_id = $1")
          .execute(Tuple.of(contractId, ch.getJsonObject("collateral"))).mapEmpty();
    };
  }

  /** The change's own fields in its view (the ID number masked). */
  static void view(Row r, JsonObject out) {
    if (r.getString("new_person_id") != null) {
      out.put("newBorrower", new JsonObject().put("personId", r.getString("new_person_id"))
          .put("name", r.getString("party_name")));
    }
    if (r.getString("party_id_masked") != null) {
      out.put("mortgagor", new JsonObject().put("name", r.getString("party_name"))
          .put("idNumber", r.getString("party_id_masked")));
    }
    if (r.getValue("collateral") != null) {
      out.put("collateral", r.getJsonObject("collateral"));
    }
  }
}
