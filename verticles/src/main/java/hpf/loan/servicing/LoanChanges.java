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
import hpf.review.ReviewDecision;
import hpf.review.ReviewOutcomes;
import hpf.review.ReviewRequest;
import hpf.review.Reviews;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
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
final class LoanChanges implements ReviewOutcomes {

  static final String BUSINESS_TYPE = "LOAN_CHANGE";
  static final String CARD_FIELD = "loan.change_card";
  static final Problem INVALID = new Problem(422, "LOAN_CHANGE_INVALID", "变更内容有误",
      "延长后的期限须长于现期限且不超过最长期限与年龄上限；还款方式须与现方式不同；还款卡号须有效。");
  static final Problem OPEN = new Problem(409, "LOAN_CHANGE_OPEN", "已有变更申请", "该贷款已有一笔变更申请在办理中。");
  static final Problem NOT_FOUND = new Problem(404, "LOAN_CHANGE_NOT_FOUND", "变更申请不存在", "未找到该变更申请。");
  static final Problem NOT_CANCELLABLE = new Problem(409, "LOAN_CHANGE_NOT_CANCELLABLE", "不能撤回",
      "变更申请已审批，不能撤回。");

  /** What is asked: the kind and its one new value; who asked, where, and the staff entering it. */
  record Request(String personId, String contractId, String kind, Integer termMonths, String method, String bankCode,
                 String cardNumber, String actor, String channel, String staffId) {}

  private final Reviews reviews;
  private final FieldCipher fields;
  private final PayeeAccounts payees;
  private final PersonFacts persons;

  LoanChanges(Reviews reviews, FieldCipher fields) {
    this.reviews = reviews;
    this.fields = fields;
    this.payees = new PayeeAccounts(fields);
    this.persons = new PersonFacts(fields);
  }

  static EncryptedColumn encryptedColumn() {
    return new EncryptedColumn("loan_change", "change_id", "card_enc", CARD_FIELD);
  }

  Future<JsonObject> apply(SqlConnection conn, Request r, LocalDate today) {
    return conn.preparedQuery("SELECT * FROM loan_contract WHERE contract_id = $1 AND person_id = $2 FOR UPDATE")
        .execute(Tuple.of(r.contractId(), r.personId()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(new ProblemException(ServicingViews.CONTRACT_NOT_FOUND));
          }
          Row c = rows.iterator().next();
          if (!"ACTIVE".equals(c.getString("state"))) {
            return Future.failedFuture(new ProblemException(OffsetAgreements.NOT_ACTIVE));
          }
          return valid(conn, r, c, today).compose(ok -> !ok ? Future.failedFuture(new ProblemException(INVALID))
              : conn.preparedQuery("SELECT 1 FROM loan_change WHERE contract_id = $1 AND state IN ('IN_REVIEW', "
                  + "'RETURNED')").execute(Tuple.of(r.contractId())));
        })
        .compose(open -> open.size() > 0 ? Future.failedFuture(new ProblemException(OPEN))
            : conn.query("SELECT 'BG' || nextval('loan_change_number') AS id").execute())
        .compose(next -> {
          String id = next.iterator().next().getString("id");
          boolean card = "CHANGE_CARD".equals(r.kind());
          return conn.preparedQuery("""
                  INSERT INTO loan_change (change_id, contract_id, person_id, kind, term_months, repayment_method,
                                           card_bank_code, card_enc, card_masked, state, requested_by, channel)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'IN_REVIEW', $10, $11)""")
              .execute(Tuple.from(new Object[] {id, r.contractId(), r.personId(), r.kind(),
                  "EXTEND_TERM".equals(r.kind()) ? r.termMonths() : null,
                  "CHANGE_METHOD".equals(r.kind()) ? r.method() : null, card ? r.bankCode() : null,
                  card ? fields.encrypt(CARD_FIELD, id, r.cardNumber()) : null,
                  card ? Masking.bankCard(r.cardNumber()) : null, r.actor(), r.channel()}))
              .compose(v -> reviews.open(conn, new ReviewRequest(BUSINESS_TYPE, id, r.personId(), List.of(),
                  new JsonObject().put("contractId", r.contractId()).put("kind", r.kind())), r.staffId()))
              .compose(c -> one(conn, r.personId(), id));
        });
  }

  private Future<Boolean> valid(SqlConnection conn, Request r, Row c, LocalDate today) {
    return switch (r.kind()) {
      case "CHANGE_METHOD" -> Future.succeededFuture(r.method() != null
          && !r.method().equals(c.getString("repayment_method")));
      case "CHANGE_CARD" -> Future.succeededFuture(r.bankCode() != null && r.bankCode().matches("[0-9]{3}")
          && BankCards.isCardNumber(r.cardNumber()));
      default -> r.termMonths() == null || r.termMonths() <= c.getInteger("term_months")
          ? Future.succeededFuture(false)
          : LoanPolicies.inForce(conn, today).compose(policy -> persons.of(conn, r.personId())
              .map(facts -> r.termMonths() <= policy.maxTermMonths() && facts.ageOn(
                  c.getLocalDate("disbursed_on").plusMonths(r.termMonths())) <= policy.maxAgeAtTermEnd()));
    };
  }

  Future<JsonObject> cancel(SqlConnection conn, String personId, String changeId) {
    return one(conn, personId, changeId).compose(ch -> !List.of("IN_REVIEW", "RETURNED").contains(ch.getString("state"))
        ? Future.failedFuture(new ProblemException(NOT_CANCELLABLE))
        : reviews.cancel(conn, BUSINESS_TYPE, changeId, personId).compose(c -> one(conn, personId, changeId)));
  }

  static Future<JsonObject> one(SqlClient sql, String personId, String changeId) {
    return sql.preparedQuery("SELECT * FROM loan_change WHERE change_id = $1 AND person_id = $2")
        .execute(Tuple.of(changeId, personId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(NOT_FOUND))
            : Future.succeededFuture(view(rows.iterator().next())));
  }

  static Future<JsonArray> list(SqlClient sql, String personId, String contractId) {
    return sql.preparedQuery("SELECT * FROM loan_change WHERE contract_id = $1 AND person_id = $2 "
            + "ORDER BY created_at DESC LIMIT 100").execute(Tuple.of(contractId, personId))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(view(r)));
          return items;
        });
  }

  static JsonObject view(Row r) {
    return new JsonObject().put("changeId", r.getString("change_id")).put("contractId", r.getString("contract_id"))
        .put("kind", r.getString("kind")).put("termMonths", r.getInteger("term_months"))
        .put("repaymentMethod", r.getString("repayment_method"))
        .put("repaymentCard", r.getString("card_masked") == null ? null : new JsonObject()
            .put("bankCode", r.getString("card_bank_code")).put("cardNumber", r.getString("card_masked")))
        .put("state", r.getString("state")).put("reason", r.getString("reason"))
        .put("appliedOn", r.getLocalDate("applied_on") == null ? null : r.getLocalDate("applied_on").toString())
        .put("createdAt", r.getOffsetDateTime("created_at").toString());
  }

  @Override
  public Future<Void> approved(SqlConnection tx, ReviewDecision d) {
    LocalDate day = d.decidedOn();
    return tx.preparedQuery("SELECT contract_id FROM loan_change WHERE change_id = $1").execute(Tuple.of(d.businessId()))
        .compose(found -> ServicedLoan.lock(tx, found.iterator().next().getString("contract_id")))
        .compose(loan -> tx.preparedQuery("SELECT * FROM loan_change WHERE change_id = $1 FOR UPDATE")
            .execute(Tuple.of(d.businessId())).compose(rows -> carryOut(tx, loan, rows.iterator().next(), day)));
  }

  private Future<Void> carryOut(SqlConnection tx, ServicedLoan loan, Row ch, LocalDate day) {
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
            case "CHANGE_CARD" -> card(tx, loan, ch).compose(v -> end(tx, id, "DONE", null, day));
            case "CHANGE_METHOD" -> reschedule(tx, loan, day, null, ch.getString("repayment_method"))
                .compose(v -> end(tx, id, "DONE", null, day));
            default -> reschedule(tx, loan, day, ch.getInteger("term_months"), null)
                .compose(v -> end(tx, id, "DONE", null, day));
          };
        }));
  }

  private Future<Void> card(SqlConnection tx, ServicedLoan loan, Row ch) {
    String number = fields.decrypt(CARD_FIELD, ch.getString("change_id"), ch.getString("card_enc"));
    return People.name(tx, loan.personId())
        .compose(name -> payees.register(tx, ch.getString("card_bank_code"), name, number))
        .compose(payee -> tx.preparedQuery("UPDATE loan_contract SET repayment_payee_id = $2, updated_at = now() "
            + "WHERE contract_id = $1").execute(Tuple.of(loan.contractId(), payee.payeeId())))
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

  @Override
  public Future<Void> refused(SqlConnection tx, ReviewDecision d) {
    return move(tx, d.businessId(), "REFUSED", d.reason());
  }

  @Override
  public Future<Void> returned(SqlConnection tx, ReviewDecision d) {
    return move(tx, d.businessId(), "RETURNED", d.reason());
  }

  @Override
  public Future<Void> cancelled(SqlConnection tx, ReviewDecision d) {
    return move(tx, d.businessId(), "CANCELLED", d.reason());
  }

  private static Future<Void> move(SqlConnection tx, String id, String state, String reason) {
    return tx.preparedQuery("UPDATE loan_change SET state = $2, reason = $3, updated_at = now() "
        + "WHERE change_id = $1 AND state IN ('IN_REVIEW', 'RETURNED')").execute(Tuple.of(id, state, reason)).mapEmpty();
  }
}
