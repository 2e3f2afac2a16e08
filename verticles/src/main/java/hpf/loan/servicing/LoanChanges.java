package hpf.loan.servicing;

import hpf.account.BankCards;
import hpf.crypto.FieldCipher;
import hpf.identity.People;
import hpf.identity.PersonFacts;
import hpf.kit.EncryptedColumn;
import hpf.kit.Masking;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.loan.terms.Installment;
import hpf.loan.terms.LoanPolicies;
import hpf.loan.terms.RepaymentMethod;
import hpf.policy.Policies;
import hpf.review.Reviews;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;

/**
 * Post-loan changes (贷后变更) of an ACTIVE loan: a longer term within the policy's longest term and age limit (the
 * rate of the new term's band in force that day), another repayment method, another repayment card. Asked by the
 * borrower or counter staff, decided by the review flow LOAN_CHANGE, applied on the day of the final approval in the
 * decision's transaction: a new schedule version from the next installment (term, method) or a new settlement payee
 * (card). A loan owing anything that day or with a payment in flight is left as it is (FAILED, with the reason).
 */
final class LoanChanges extends ReviewedLoanRequests<LoanChanges.Request> {

  static final String BUSINESS_TYPE = "LOAN_CHANGE";
  static final String CARD_FIELD = "loan.change_card";
  static final Problem INVALID = new Problem(422, "LOAN_CHANGE_INVALID", "变更内容有误",
      "延长后的期限须长于现期限且不超过最长期限与年龄上限；还款方式须与现方式不同；还款卡号须有效。");
  static final Kind KIND = new Kind(BUSINESS_TYPE, "loan_change", "change_id", "BG", List.of("IN_REVIEW", "RETURNED"),
      new Problem(409, "LOAN_CHANGE_OPEN", "已有变更申请", "该贷款已有一笔变更申请在办理中。"),
      new Problem(404, "LOAN_CHANGE_NOT_FOUND", "变更申请不存在", "未找到该变更申请。"),
      new Problem(409, "LOAN_CHANGE_NOT_CANCELLABLE", "不能撤回", "变更申请已审批，不能撤回。"));
  /** The operations of changes, the audit record keeping the kind (never the new card number). */
  static final ReviewedRequestOperations.Api<Request> API = new ReviewedRequestOperations.Api<>("applyLoanChange",
      "listLoanChanges", "cancelLoanChange", "changeId", "loan-change", "kind", LoanChanges::request);

  /** What is asked: the kind and its new values (a party or a collateral for {@link PartyChanges}), by whom. */
  record Request(Applicant who, String kind, Integer termMonths, String method, String bankCode, String cardNumber,
                 JsonObject party, JsonObject collateral) {}

  private final FieldCipher fields;
  private final PayeeAccounts payees;
  private final PersonFacts persons;
  private final PartyChanges parties;

  LoanChanges(Reviews reviews, FieldCipher fields) {
    super(reviews, KIND);
    this.fields = fields;
    this.payees = new PayeeAccounts(fields);
    this.persons = new PersonFacts(fields);
    this.parties = new PartyChanges(fields);
  }

  /** The encrypted columns of changes: the new card, a new mortgagor's ID number (asked, and on the contract). */
  static List<EncryptedColumn> encryptedColumns() {
    return List.of(new EncryptedColumn("loan_change", "change_id", "card_enc", CARD_FIELD),
        new EncryptedColumn("loan_change", "change_id", "party_id_enc", PartyChanges.PARTY_ID_FIELD),
        new EncryptedColumn("loan_contract", "contract_id", "mortgagor_id_enc", PartyChanges.MORTGAGOR_ID_FIELD));
  }

  /** The request a body of {@code applyLoanChange} asks. */
  static Request request(Applicant who, JsonObject body) {
    JsonObject card = body.getJsonObject("repaymentCard");
    JsonObject party = body.getJsonObject("newBorrower", body.getJsonObject("mortgagor"));
    return new Request(who, body.getString("kind"), body.getInteger("termMonths"), body.getString("repaymentMethod"),
        card == null ? null : card.getString("bankCode"), card == null ? null : card.getString("cardNumber"),
        party, body.getJsonObject("collateral"));
  }

  @Override
  Future<JsonObject> apply(SqlConnection conn, Request r, LocalDate today) {
    Applicant who = r.who();
    return conn.preparedQuery("SELECT * FROM loan_contract WHERE contract_id = $1 AND person_id = $2 FOR UPDATE")
        .execute(Tuple.of(who.contractId(), who.personId()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(ServicingViews.CONTRACT_NOT_FOUND));
          }
          Row c = rows.iterator().next();
          if (!"ACTIVE".equals(c.getString("state"))) {
            return Future.failedFuture(new ProblemException(OffsetAgreements.NOT_ACTIVE));
          }
          return PartyChanges.handles(r.kind()) ? parties.check(conn, r, c, today)
              : valid(conn, r, c, today).compose(ok -> ok ? Future.<String>succeededFuture(null)
                  : Future.failedFuture(new ProblemException(INVALID)));
        })
        .compose(newBorrower -> file(conn, who, id -> {
          boolean card = "CHANGE_CARD".equals(r.kind()) || PartyChanges.BORROWER.equals(r.kind());
          Object[] party = parties.columns(id, r);
          return conn.preparedQuery("""
                  INSERT INTO loan_change (change_id, contract_id, person_id, kind, term_months, repayment_method,
                                           card_bank_code, card_enc, card_masked, state, requested_by, channel,
                                           new_person_id, party_name, party_id_enc, party_id_masked, collateral)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'IN_REVIEW', $10, $11, $12, $13, $14, $15, $16)""")
              .execute(Tuple.from(new Object[] {id, who.contractId(), who.personId(), r.kind(),
                  "EXTEND_TERM".equals(r.kind()) ? r.termMonths() : null,
                  "CHANGE_METHOD".equals(r.kind()) ? r.method() : null, card ? r.bankCode() : null,
                  card ? fields.encrypt(CARD_FIELD, id, r.cardNumber()) : null,
                  card ? Masking.bankCard(r.cardNumber()) : null, who.actor(), who.channel(), newBorrower,
                  party[0], party[1], party[2], party[3]}));
        }, new JsonObject().put("contractId", who.contractId()).put("kind", r.kind())));
  }

  private Future<Boolean> valid(SqlConnection conn, Request r, Row c, LocalDate today) {
    return switch (r.kind()) {
      case "CHANGE_METHOD" -> Future.succeededFuture(r.method() != null
          && !r.method().equals(c.getString("repayment_method")));
      case "CHANGE_CARD" -> Future.succeededFuture(validCard(r));
      default -> r.termMonths() == null || r.termMonths() <= c.getInteger("term_months")
          ? Future.succeededFuture(false)
          : LoanPolicies.inForce(conn, today).compose(policy -> persons.of(conn, r.who().personId())
              .map(facts -> r.termMonths() <= policy.maxTermMonths() && facts.ageOn(
                  c.getLocalDate("disbursed_on").plusMonths(r.termMonths())) <= policy.maxAgeAtTermEnd()));
    };
  }

  static boolean validCard(Request r) {
    return r.bankCode() != null && r.bankCode().matches("[0-9]{3}") && BankCards.isCardNumber(r.cardNumber());
  }

  @Override
  JsonObject view(Row r) {
    JsonObject out = new JsonObject().put("changeId", r.getString("change_id")).put("contractId", r.getString("contract_id"))
        .put("kind", r.getString("kind")).put("termMonths", r.getInteger("term_months"))
        .put("repaymentMethod", r.getString("repayment_method"))
        .put("repaymentCard", r.getString("card_masked") == null ? null : new JsonObject()
            .put("bankCode", r.getString("card_bank_code")).put("cardNumber", r.getString("card_masked")))
        .put("state", r.getString("state")).put("reason", r.getString("reason"))
        .put("appliedOn", r.getLocalDate("applied_on") == null ? null : r.getLocalDate("applied_on").toString())
        .put("createdAt", r.getOffsetDateTime("created_at").toString());
    PartyChanges.view(r, out);
    return out;
  }

  @Override
  Future<Void> carryOut(SqlConnection tx, Locked locked, LocalDate day) {
    ServicedLoan loan = locked.loan();
    Row ch = locked.request();
    String id = ch.getString("change_id");
    if (!"ACTIVE".equals(loan.state())) {
      return end(tx, id, "FAILED", "贷款不在还款期", day);
    }
    return ServicedLoan.paymentInFlight(tx, loan.contractId())
        .compose(busy -> new Policies(tx).asOf(day).map(OverduePolicy::of).compose(policy -> {
          if (busy) {
            return end(tx, id, "FAILED", "有扣款正在银行处理，请待处理完成后重新申请", day);
          }
          if (!Arrears.on(loan.periods(), loan.annualRate(), day, policy).isEmpty()) {
            return end(tx, id, "FAILED", "贷款有应还未还款项，请先还清", day);
          }
          return switch (ch.getString("kind")) {
            case "CHANGE_CARD" -> card(tx, loan.contractId(), loan.personId(), ch)
                .compose(v -> end(tx, id, "DONE", null, day));
            case PartyChanges.BORROWER -> parties.carryOut(tx, loan, ch, "loan-change:" + id)
                .compose(v -> card(tx, loan.contractId(), ch.getString("new_person_id"), ch))
                .compose(v -> end(tx, id, "DONE", null, day));
            case PartyChanges.MORTGAGOR, PartyChanges.COLLATERAL -> parties.carryOut(tx, loan, ch, "loan-change:" + id)
                .compose(v -> end(tx, id, "DONE", null, day));
            case "CHANGE_METHOD" -> reschedule(tx, loan, day, null, ch.getString("repayment_method"))
                .compose(v -> end(tx, id, "DONE", null, day));
            default -> reschedule(tx, loan, day, ch.getInteger("term_months"), null)
                .compose(v -> end(tx, id, "DONE", null, day));
          };
        }));
  }

  /** The card becomes the loan's repayment payee, in the name of the (possibly new) borrower. */
  private Future<Void> card(SqlConnection tx, String contractId, String personId, Row ch) {
    String number = fields.decrypt(CARD_FIELD, ch.getString("change_id"), ch.getString("card_enc"));
    return People.name(tx, personId)
        .compose(name -> payees.register(tx, ch.getString("card_bank_code"), name, number))
        .compose(payee -> tx.preparedQuery("UPDATE loan_contract SET repayment_payee_id = $2, updated_at = now() "
            + "WHERE contract_id = $1").execute(Tuple.of(contractId, payee.payeeId())))
        .mapEmpty();
  }

  /** A new schedule version from the next installment: a longer term (its band's rate today) or another method. */
  private Future<Void> reschedule(SqlConnection tx, ServicedLoan loan, LocalDate day, Integer newTerm, String newMethod) {
    short next = (short) (loan.scheduleVersion() + 1);
    return tx.preparedQuery("SELECT term_months, home_ordinal FROM loan_contract WHERE contract_id = $1")
        .execute(Tuple.of(loan.contractId())).compose(rows -> {
          Row c = rows.iterator().next();
          RepaymentMethod method = newMethod == null ? loan.method() : RepaymentMethod.ofCode(newMethod);
          return (newTerm == null ? Future.succeededFuture(loan.annualRate())
                  : LoanPolicies.inForce(tx, day).map(p -> p.rate(newTerm, c.getShort("home_ordinal"))))
              .compose(rate -> RepricingJob.schedule(tx, loan.contractId(), loan.scheduleVersion()).compose(current -> {
                // The term in force is the schedule's own length (a prepayment may have shortened it).
                int term = newTerm == null ? current.size() : newTerm;
                List<Installment> rest = Reschedules.respread(current, loan.disbursedOn(), day,
                    Reschedules.notYetDue(current, day), term - Reschedules.dueBy(current, day), rate, method);
                return RepricingJob.write(tx, loan.contractId(), next, rest)
                    .compose(v -> tx.preparedQuery("""
                            UPDATE loan_contract SET schedule_version = $2, term_months = $3, repayment_method = $4,
                                   annual_rate = $5, updated_at = now() WHERE contract_id = $1""")
                        .execute(Tuple.of(loan.contractId(), next, term, method.code(), rate)));
              }));
        }).mapEmpty();
  }

  private static Future<Void> end(SqlConnection tx, String id, String state, String reason, LocalDate day) {
    return tx.preparedQuery("UPDATE loan_change SET state = $2, reason = $3, applied_on = $4, updated_at = now() "
        + "WHERE change_id = $1").execute(Tuple.of(id, state, reason, day)).mapEmpty();
  }
}
