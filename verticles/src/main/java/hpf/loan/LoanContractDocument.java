package hpf.loan;

import hpf.crypto.KeyRing;
import hpf.crypto.SignedDocument;
import hpf.crypto.Sm2Keys;
import hpf.kit.Money;
import hpf.loan.terms.Installment;
import hpf.loan.terms.Schedule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loan contract as a signed document (canonical JSON + SM2 by the center's key, like the certificates, and
 * checked by the same public verification): the approved terms, the seller's account, and the full schedule at the
 * rate in force on the signing day. The rate that applies is the one in force on the disbursement day; the document
 * says so, and the schedule kept with the active loan is computed again from that day.
 */
final class LoanContractDocument {

  /** Compact rows (period, due, principal, interest, payment, outstanding): 360 of them stay under 25 KB. */
  static final List<String> SCHEDULE_COLUMNS = List.of("period", "due", "principal", "interest", "payment",
      "outstandingAfter");

  private final Vertx vertx;
  private final KeyRing<Sm2Keys.Private> keys;

  LoanContractDocument(Vertx vertx, KeyRing<Sm2Keys.Private> keys) {
    this.vertx = vertx;
    this.keys = keys;
  }

  /** The facts of a contract its document states (the application's terms, the payee, where and when it was signed). */
  record Terms(String contractId, String applicationId, String personId, String accountNo, String houseContractNo,
               int homeOrdinal, Money principal, int termMonths, String payeeBankCode, String payeeName,
               String payeeMasked, String channel, OffsetDateTime signedAt) {}

  /** Signs on a worker (an SM2 signature is about half a millisecond). */
  Future<Map<String, Object>> sign(String contractId, Row application, LoanContracts.Payee payee, String maskedNumber,
                                   Schedule preview, String channel, OffsetDateTime signedAt) {
    Terms terms = new Terms(contractId, application.getString("application_id"), application.getString("person_id"),
        application.getString("account_no"), application.getString("contract_no"), application.getShort("home_ordinal"),
        Money.of(application.getBigDecimal("amount")), application.getInteger("term_months"), payee.bankCode(),
        payee.accountName(), maskedNumber, channel, signedAt);
    return vertx.executeBlocking(() -> sign(terms, preview, keys), false);
  }

  /** The signed document of {@code terms} with the schedule {@code preview}; blocking (SM2). */
  static Map<String, Object> sign(Terms terms, Schedule preview, KeyRing<Sm2Keys.Private> keys) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("type", "HOUSING_LOAN_CONTRACT");
    content.put("contractId", terms.contractId());
    content.put("applicationId", terms.applicationId());
    content.put("borrowerPersonId", terms.personId());
    content.put("accountNo", terms.accountNo());
    content.put("houseContractNo", terms.houseContractNo());
    content.put("homeOrdinal", terms.homeOrdinal());
    content.put("principal", terms.principal().toString());
    content.put("termMonths", terms.termMonths());
    content.put("repaymentMethod", preview.method().code());
    content.put("payee", Map.of("bankCode", terms.payeeBankCode(), "accountName", terms.payeeName(),
        "accountNo", terms.payeeMasked()));
    content.put("rateRule", "按放款日执行的住房公积金贷款利率计息；下列还款计划按签订日利率测算");
    content.put("annualRateAtSigning", preview.annualRate().toPlainString());
    content.put("schedulePreview", Map.of("columns", SCHEDULE_COLUMNS, "rows", rows(preview),
        "totalInterest", preview.totalInterest().toPlainString(), "totalPayment", preview.totalPayment().toPlainString()));
    content.put("signedChannel", terms.channel());
    content.put("signedAt", terms.signedAt().toString());
    return SignedDocument.sign(content, keys.id() + ":" + keys.currentVersion(), keys.current());
  }

  private static List<List<Object>> rows(Schedule schedule) {
    List<List<Object>> rows = new ArrayList<>(schedule.installments().size());
    for (Installment i : schedule.installments()) {
      rows.add(List.of(i.period(), i.due().toString(), i.principal().toPlainString(), i.interest().toPlainString(),
          i.payment().toPlainString(), i.outstandingAfter().toPlainString()));
    }
    return rows;
  }
}
