package hpf.loan;

import hpf.kit.Money;
import hpf.kit.ProblemException;
import hpf.loan.terms.LoanPolicies;
import hpf.loan.terms.RepaymentMethod;
import hpf.loan.terms.Schedule;
import hpf.loan.terms.Schedules;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Signing (签约): an approved application becomes a loan contract in one transaction — the seller's account
 * registered with the settlement room, the signed document written, the application CONTRACTED. One contract per
 * application; the borrower signs through its own session at a channel, or counter staff sign with the borrower.
 */
final class LoanContracts {

  /** The seller's or developer's account the loan is paid to (收款账户). */
  record Payee(String bankCode, String accountName, String number) {

    static Payee from(JsonObject body) {
      JsonObject p = body == null ? null : body.getJsonObject("payee");
      return p == null ? null : new Payee(p.getString("bankCode"), p.getString("accountName"), p.getString("accountNo"));
    }

    boolean valid() {
      return bankCode != null && bankCode.matches("[0-9]{3}") && accountName != null && !accountName.isBlank()
          && accountName.length() <= 60 && PayeeAccounts.isAccountNumber(number);
    }
  }

  /** Who signs what: the application (of the borrower), the payee, the actor and the channel kind. */
  record Signing(String applicationId, String personId, Payee payee, String actor, String channel) {}

  private final PayeeAccounts payees;
  private final LoanContractDocument documents;

  LoanContracts(PayeeAccounts payees, LoanContractDocument documents) {
    this.payees = payees;
    this.documents = documents;
  }

  /** Signs; answers the contract id. Refuses an application that is not APPROVED (already contracted included). */
  Future<String> sign(SqlConnection conn, Signing s, LocalDate today, OffsetDateTime now) {
    if (s.payee() == null || !s.payee().valid()) {
      return Future.failedFuture(new ProblemException(LoanContractProblems.PAYEE_INVALID));
    }
    return LoanRecords.lock(conn, s.applicationId(), s.personId()).compose(application -> {
      if (!LoanStates.APPROVED.equals(application.getString("state"))) {
        return Future.failedFuture(new ProblemException(LoanContractProblems.NOT_APPROVED));
      }
      return LoanPolicies.inForce(conn, today).compose(policy -> {
        int months = application.getInteger("term_months");
        Schedule preview = Schedules.of(application.getBigDecimal("amount"),
            policy.rate(months, application.getShort("home_ordinal")), months,
            RepaymentMethod.ofCode(application.getString("repayment_method")), today);
        return payees.register(conn, s.payee().bankCode(), s.payee().accountName(), s.payee().number())
            .compose(payee -> LoanContractRows.nextId(conn).compose(contractId ->
                documents.sign(contractId, application, s.payee(), payee.maskedNumber(), preview, s.channel(), now)
                    .compose(document -> insert(conn, contractId, application, payee, new JsonObject(document), s, now))
                    .compose(v -> LoanContractRows.record(conn, contractId, LoanContractRows.SIGNED, null, s.actor(), now))
                    .compose(v -> LoanStates.move(conn, s.applicationId(), LoanStates.APPROVED, LoanStates.CONTRACTED,
                        "合同 " + contractId, s.actor(), now))
                    .map(v -> contractId)));
      });
    });
  }

  private static Future<Void> insert(SqlConnection conn, String contractId, Row application, PayeeAccounts.Payee payee,
                                     JsonObject document, Signing s, OffsetDateTime now) {
    return conn.preparedQuery("""
            INSERT INTO loan_contract (contract_id, application_id, person_id, account_no, principal, term_months,
                   repayment_method, home_ordinal, house_contract_no, payee_id, payee_name, payee_bank_code,
                   payee_masked, document, signed_by, signed_channel, signed_at, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'SIGNED')""")
        .execute(Tuple.from(new Object[] {contractId, application.getString("application_id"),
            application.getString("person_id"), application.getString("account_no"),
            Money.of(application.getBigDecimal("amount")).toYuan(), application.getInteger("term_months"),
            application.getString("repayment_method"), application.getShort("home_ordinal"),
            application.getString("contract_no"), payee.payeeId(), payee.accountName(), payee.bankCode(),
            payee.maskedNumber(), document, s.actor(), s.channel(), now}))
        .mapEmpty();
  }
}
