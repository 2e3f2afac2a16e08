package hpf.loan;

import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.kit.CopyFormat;
import hpf.kit.Money;
import hpf.loan.terms.Installment;
import hpf.loan.terms.Schedule;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The row formats of the loan room's tables for bulk loading (the data set generator), with the names its rows and
 * bookings use (encrypted field, business type, ledger accounts, business reference) and the signed contract
 * document exactly as signing writes it. A bulk load is checked by the same constraints and triggers as the room.
 */
public final class LoanRows {

  /** The encrypted repayment card's field name (row key: the application id). */
  public static final String CARD_FIELD = LoanRecords.CARD_FIELD;
  /** The review room's business type of loan applications. */
  public static final String REVIEW_BUSINESS_TYPE = LoanApplications.BUSINESS_TYPE;
  /** The ledger business type of a disbursement (L01) and the settlement BusType of its payment (04). */
  public static final String DISBURSEMENT_TYPE = LoanDisbursements.BUSINESS_TYPE;
  public static final String DISBURSEMENT_BUS_TYPE = LoanDisbursements.BUS_TYPE;
  /** Money on its way to the sellers, credited by a disbursement and debited when the bank pays. */
  public static final String PAYABLE = LoanDisbursements.PAYABLE;

  public static final CopyFormat APPLICATION = new CopyFormat("loan_application", List.of("application_id",
      "person_id", "account_no", "contract_no", "house_price", "house_area", "house_kind", "home_ordinal", "amount",
      "term_months", "repayment_method", "repayment_bank_code", "repayment_card_enc", "repayment_card_idx", "ceiling",
      "binding_limit", "channel", "app_id", "state", "state_reason", "created_at", "updated_at"));
  public static final CopyFormat STATE_HISTORY = new CopyFormat("loan_state_history", List.of("application_id", "seq",
      "state", "reason", "actor", "entered_at"));
  public static final CopyFormat CONTRACT = new CopyFormat("loan_contract", List.of("contract_id", "application_id",
      "person_id", "account_no", "principal", "term_months", "repayment_method", "home_ordinal", "house_contract_no",
      "payee_id", "payee_name", "payee_bank_code", "payee_masked", "document", "signed_by", "signed_channel",
      "signed_at", "pre_registration_no", "state", "annual_rate", "disbursed_on", "requested_by", "instruction_id",
      "ledger_txn", "next_due_on", "settled_on", "created_at", "updated_at"));
  public static final CopyFormat CONTRACT_HISTORY = new CopyFormat("loan_contract_history", List.of("contract_id",
      "seq", "state", "reason", "actor", "entered_at"));
  public static final CopyFormat INSTALLMENT = new CopyFormat("loan_installment", List.of("contract_id", "period",
      "due_on", "principal", "interest", "payment", "outstanding_after"));
  /** Servicing's deductions from the repayment card, receipts and their split (hpf.loan.servicing writes them). */
  public static final CopyFormat DEDUCTION = new CopyFormat("loan_deduction", List.of("deduction_id", "contract_id",
      "attempt_on", "amount", "state", "reason", "created_at", "finished_at"));
  public static final CopyFormat REPAYMENT = new CopyFormat("loan_repayment", List.of("repayment_id", "contract_id",
      "detail_type", "source", "business_ref", "value_date", "amount", "principal", "interest", "penalty", "ledger_txn",
      "created_at"));
  public static final CopyFormat REPAYMENT_PART = new CopyFormat("loan_repayment_part", List.of("repayment_id",
      "contract_id", "period", "part", "overdue", "amount", "value_date"));
  /**
   * The business reference prefix of a card deduction (loanrepay:&lt;deduction id&gt;, also its receipt's and its
   * ledger posting's idempotency key) and the income accounts a receipt credits, as hpf.loan.servicing names them.
   */
  public static final String REPAYMENT_PREFIX = hpf.loan.servicing.LoanServicing.DEDUCTION_PREFIX;
  public static final String INTEREST_INCOME = hpf.loan.servicing.LoanServicing.INTEREST_INCOME;
  public static final String PENALTY_INCOME = hpf.loan.servicing.LoanServicing.PENALTY_INCOME;

  /** An application as the room writes it (the card already sealed); amounts in yuan. */
  public record Application(String applicationId, String personId, String accountNo, String houseContractNo,
                            Money price, String area, String houseKind, int homeOrdinal, Money amount, int termMonths,
                            String method, String bankCode, String cardEnc, String cardIdx, Money ceiling,
                            String bindingLimit, String channel, String appId, String state, String stateReason,
                            OffsetDateTime createdAt, OffsetDateTime updatedAt) {}

  /** A contract as the room writes it; the payment fields are null until a disbursement is asked for. */
  public record Contract(String contractId, String applicationId, String personId, String accountNo, Money principal,
                         int termMonths, String method, int homeOrdinal, String houseContractNo, long payeeId,
                         String payeeName, String payeeBankCode, String payeeMasked, String document, String signedBy,
                         String signedChannel, OffsetDateTime signedAt, String preRegistrationNo, String state,
                         java.math.BigDecimal annualRate, LocalDate disbursedOn, String requestedBy, UUID instructionId,
                         UUID ledgerTxn, LocalDate nextDueOn, LocalDate settledOn, OffsetDateTime updatedAt) {}

  /** A deduction from the repayment card, answered (SUCCEEDED, or FAILED with the bank's reason). */
  public record Deduction(UUID deductionId, String contractId, LocalDate attemptOn, Money amount, String state,
                          String reason, OffsetDateTime createdAt, OffsetDateTime finishedAt) {}

  /** A receipt (amounts in yuan: principal + interest + penalty = amount) and the ledger transaction booking it. */
  public record Repayment(UUID repaymentId, String contractId, String detailType, String source, String businessRef,
                          LocalDate valueDate, Money amount, Money principal, Money interest, Money penalty,
                          UUID ledgerTxn, OffsetDateTime createdAt) {}

  private LoanRows() {}

  /** The loan's own receivable account (debit-normal): its balance is the principal outstanding. */
  public static String receivable(String contractId) {
    return LoanDisbursements.receivable(contractId);
  }

  /** The business reference of a contract's disbursement booking and payment. */
  public static String businessRef(String contractId) {
    return LoanDisbursements.PREFIX + ":" + contractId;
  }

  /** The idempotency key of a contract's n-th disbursement booking (1 = the first attempt). */
  public static String disbursementKey(String contractId, int attempt) {
    return businessRef(contractId) + ":disbursement:" + attempt;
  }

  /**
   * The signed contract document (canonical JSON, SM2 by {@code keys}) as signing writes it: the terms and the
   * schedule {@code preview} at the signing day's rate. Blocking (an SM2 signature).
   */
  public static String document(String contractId, String applicationId, String personId, String accountNo,
                                String houseContractNo, int homeOrdinal, Money principal, String payeeBankCode,
                                String payeeName, String payeeMasked, String channel, OffsetDateTime signedAt,
                                Schedule preview, KeyRing<Sm2Keys.Private> keys) {
    Map<String, Object> signed = LoanContractDocument.sign(new LoanContractDocument.Terms(contractId, applicationId,
        personId, accountNo, houseContractNo, homeOrdinal, principal, preview.months(), payeeBankCode, payeeName,
        payeeMasked, channel, signedAt), preview, keys);
    return new JsonObject(signed).encode();
  }

  public static void application(CopyFormat.Sink rows, Application a) throws SQLException {
    rows.add(a.applicationId()).add(a.personId()).add(a.accountNo()).add(a.houseContractNo()).add(a.price())
        .add(a.area()).add(a.houseKind()).add(a.homeOrdinal()).add(a.amount()).add(a.termMonths()).add(a.method())
        .add(a.bankCode()).add(a.cardEnc()).add(a.cardIdx()).add(a.ceiling()).add(a.bindingLimit()).add(a.channel())
        .add(a.appId()).add(a.state()).add(a.stateReason()).add(a.createdAt()).add(a.updatedAt()).row();
  }

  /** One entry of a history (an application's or a contract's): the same columns. */
  public static void history(CopyFormat.Sink rows, String id, int seq, String state, String reason, String actor,
                             OffsetDateTime at) throws SQLException {
    rows.add(id).add(seq).add(state).add(reason).add(actor).add(at).row();
  }

  public static void contract(CopyFormat.Sink rows, Contract c) throws SQLException {
    rows.add(c.contractId()).add(c.applicationId()).add(c.personId()).add(c.accountNo()).add(c.principal())
        .add(c.termMonths()).add(c.method()).add(c.homeOrdinal()).add(c.houseContractNo()).add(c.payeeId())
        .add(c.payeeName()).add(c.payeeBankCode()).add(c.payeeMasked()).add(c.document()).add(c.signedBy())
        .add(c.signedChannel()).add(c.signedAt()).add(c.preRegistrationNo()).add(c.state())
        .add(c.annualRate() == null ? null : c.annualRate().toPlainString()).add(c.disbursedOn()).add(c.requestedBy())
        .add(c.instructionId()).add(c.ledgerTxn()).add(c.nextDueOn()).add(c.settledOn()).add(c.signedAt())
        .add(c.updatedAt()).row();
  }

  public static void deduction(CopyFormat.Sink rows, Deduction d) throws SQLException {
    rows.add(d.deductionId()).add(d.contractId()).add(d.attemptOn()).add(d.amount()).add(d.state()).add(d.reason())
        .add(d.createdAt()).add(d.finishedAt()).row();
  }

  public static void repayment(CopyFormat.Sink rows, Repayment r) throws SQLException {
    rows.add(r.repaymentId()).add(r.contractId()).add(r.detailType()).add(r.source()).add(r.businessRef())
        .add(r.valueDate()).add(r.amount()).add(r.principal()).add(r.interest()).add(r.penalty()).add(r.ledgerTxn())
        .add(r.createdAt()).row();
  }

  /** One part of a receipt: an installment's PENALTY, INTEREST or PRINCIPAL, and whether it was overdue that day. */
  public static void repaymentPart(CopyFormat.Sink rows, UUID repaymentId, String contractId, int period, String part,
                                   boolean overdue, java.math.BigDecimal amount, LocalDate valueDate)
      throws SQLException {
    rows.add(repaymentId).add(contractId).add(period).add(part).add(overdue).add(amount.toPlainString())
        .add(valueDate).row();
  }

  /** The schedule of an active loan, one row per period. */
  public static void installments(CopyFormat.Sink rows, String contractId, Schedule schedule) throws SQLException {
    for (Installment i : schedule.installments()) {
      rows.add(contractId).add(i.period()).add(i.due()).add(i.principal().toPlainString())
          .add(i.interest().toPlainString()).add(i.payment().toPlainString()).add(i.outstandingAfter().toPlainString())
          .row();
    }
  }
}
