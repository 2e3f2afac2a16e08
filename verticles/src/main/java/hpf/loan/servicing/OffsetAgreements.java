package hpf.loan.servicing;

import hpf.account.MemberLocks;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Offset repayment (冲还贷): agreements signed, changed and ended, and the fund's part of what a loan owes taken as
 * one receipt from the payer's provident fund account (the person's lock, then the account's, then the ledger, the
 * one lock order of a member's money). A normal or sealed account pays what its balance allows; any other pays
 * nothing and the card is asked as without an agreement.
 */
final class OffsetAgreements {

  static final Problem NOT_ACTIVE = new Problem(409, "LOAN_NOT_ACTIVE", "贷款不在还款期",
      "该贷款尚未放款或已结清，不能签订或变更冲还贷协议。");
  static final Problem PAYER_INVALID = new Problem(422, "LOAN_OFFSET_PAYER_INVALID", "冲还贷账户有误",
      "冲还贷只能使用借款人本人的公积金账户；使用共同借款人（配偶）的账户须在柜面办理。");
  static final Problem NO_AGREEMENT = new Problem(404, "LOAN_OFFSET_AGREEMENT_NOT_FOUND", "没有冲还贷协议",
      "该贷款没有生效中的冲还贷协议。");

  /** The agreement in force: who pays from the fund, in which order. */
  record Agreement(UUID agreementId, String contractId, String payerPersonId, boolean fundFirst, String signedBy,
                   OffsetDateTime signedAt) {
    JsonObject toJson() {
      return new JsonObject().put("agreementId", agreementId.toString()).put("contractId", contractId)
          .put("payerPersonId", payerPersonId).put("order", fundFirst ? "FUND_FIRST" : "CARD_FIRST")
          .put("signedBy", signedBy).put("signedAt", signedAt.toString());
    }
  }

  private final Receipts receipts = new Receipts();
  private final Ledger ledger = new Ledger();

  static Future<Agreement> current(SqlClient sql, String contractId) {
    return sql.preparedQuery("SELECT * FROM loan_offset_agreement WHERE contract_id = $1 AND ended_at IS NULL")
        .execute(Tuple.of(contractId))
        .map(rows -> rows.size() == 0 ? null : agreement(rows.iterator().next()));
  }

  /**
   * Signs (or changes: the one in force ends) the agreement of the person's ACTIVE loan. {@code counter}: a staff
   * member at the counter, who may name the co-borrowing spouse as the payer; online only the borrower's own fund.
   */
  Future<Agreement> sign(SqlConnection conn, String personId, String contractId, String payerPersonId,
                         boolean fundFirst, String actor, String channel, boolean counter, OffsetDateTime now) {
    return owned(conn, personId, contractId).compose(loan -> {
      String payer = payerPersonId == null ? personId : payerPersonId;
      Future<Boolean> allowed = payer.equals(personId) ? Future.succeededFuture(true) : !counter
          ? Future.succeededFuture(false)
          : conn.preparedQuery("SELECT 1 FROM loan_co_borrower WHERE application_id = $1 AND person_id = $2")
              .execute(Tuple.of(loan.getString("application_id"), payer)).map(rows -> rows.size() > 0);
      return allowed.compose(ok -> !ok ? Future.<Agreement>failedFuture(new ProblemException(PAYER_INVALID))
          : endCurrent(conn, contractId, actor, now).compose(v -> {
            UUID id = UUID.randomUUID();
            return conn.preparedQuery("""
                    INSERT INTO loan_offset_agreement (agreement_id, contract_id, payer_person_id, order_kind, signed_by,
                                                       signed_channel, signed_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.of(id, contractId, payer, fundFirst ? "FUND_FIRST" : "CARD_FIRST", actor, channel, now))
                .map(done -> new Agreement(id, contractId, payer, fundFirst, actor, now));
          }));
    });
  }

  /** Ends the agreement in force; refused when there is none. */
  Future<JsonObject> end(SqlConnection conn, String personId, String contractId, String actor, OffsetDateTime now) {
    return owned(conn, personId, contractId).compose(loan -> current(conn, contractId)).compose(agreement -> {
      if (agreement == null) {
        return Future.failedFuture(new ProblemException(NO_AGREEMENT));
      }
      return endCurrent(conn, contractId, actor, now).map(v -> agreement.toJson().put("endedAt", now.toString())
          .put("endedBy", actor));
    });
  }

  /**
   * Takes up to {@code wanted} from the payer's fund as a receipt of {@code day} (the loan locked by the caller);
   * answers the amount taken (zero when the account cannot pay).
   */
  Future<Money> take(SqlConnection conn, ServicedLoan loan, Agreement agreement, LocalDate day, Money wanted,
                     String businessRef) {
    if (!wanted.isPositive()) {
      return Future.succeededFuture(Money.ZERO);
    }
    return MemberLocks.personAndCurrentAccount(conn, agreement.payerPersonId()).compose(account -> {
      if (account == null || !List.of("01", "02").contains(account.status())) {
        return Future.succeededFuture(Money.ZERO);
      }
      return ledger.balance(conn, account.ledgerAccount()).compose(balance -> {
        Money taken = balance.compareTo(wanted) < 0 ? balance : wanted;
        if (!taken.isPositive()) {
          return Future.succeededFuture(Money.ZERO);
        }
        return receipts.receive(conn, loan, Receipts.Source.FUND, businessRef, day, taken, account.ledgerAccount(),
            "冲还贷（公积金账户 " + account.accountNo() + "）").map(receipt -> taken);
      });
    });
  }

  /** Everything the loan owes on {@code day}. */
  static Money owed(ServicedLoan loan, LocalDate day, OverduePolicy policy) {
    return Money.of(Arrears.on(loan.periods(), loan.annualRate(), day, policy).stream().map(Owed::total)
        .reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  private static Future<Row> owned(SqlConnection conn, String personId, String contractId) {
    return conn.preparedQuery("SELECT application_id, state FROM loan_contract WHERE contract_id = $1 "
            + "AND person_id = $2 FOR UPDATE").execute(Tuple.of(contractId, personId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(new ProblemException(ServicingViews.CONTRACT_NOT_FOUND))
            : !"ACTIVE".equals(rows.iterator().next().getString("state"))
            ? Future.failedFuture(new ProblemException(NOT_ACTIVE)) : Future.succeededFuture(rows.iterator().next()));
  }

  /** The agreement in force ends when another borrower takes the loan over (it drew on the old borrower's fund). */
  static Future<Void> endOnBorrowerChange(SqlConnection conn, String contractId, String actor) {
    return conn.preparedQuery("""
            UPDATE loan_offset_agreement SET ended_by = $2, ended_at = now() WHERE contract_id = $1 AND ended_at IS NULL""")
        .execute(Tuple.of(contractId, actor)).mapEmpty();
  }

  private static Future<Void> endCurrent(SqlConnection conn, String contractId, String actor, OffsetDateTime now) {
    return conn.preparedQuery("""
            UPDATE loan_offset_agreement SET ended_by = $2, ended_at = $3 WHERE contract_id = $1 AND ended_at IS NULL""")
        .execute(Tuple.of(contractId, actor, now)).mapEmpty();
  }

  private static Agreement agreement(Row r) {
    return new Agreement(r.getUUID("agreement_id"), r.getString("contract_id"), r.getString("payer_person_id"),
        "FUND_FIRST".equals(r.getString("order_kind")), r.getString("signed_by"), r.getOffsetDateTime("signed_at"));
  }
}
