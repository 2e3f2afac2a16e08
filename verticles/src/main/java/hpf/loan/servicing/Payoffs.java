package hpf.loan.servicing;

import hpf.account.MemberLocks;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.ledger.Ledger;
import hpf.policy.Policies;
import hpf.settlement.PartnerBanks;
import hpf.settlement.PayeeAccounts;
import hpf.settlement.SettlementOutbox;
import hpf.settlement.SettlementOutcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Full payoff (提前结清) of an ACTIVE loan at the borrower's request: the quote of the day, then from the borrower's
 * fund at once (one posting, the member lock order) or from the repayment card as a single collection whose answer
 * comes back through {@link Outcome}. One payoff in flight per loan, none while a deduction is, and no deduction while
 * a payoff is. Settled, the loan is SETTLED; a refused card leaves it as it was.
 */
final class Payoffs {

  static final String PREFIX = "loanpayoff";
  static final Problem IN_FLIGHT = new Problem(409, "LOAN_REPAYMENT_IN_FLIGHT", "有扣款正在处理",
      "该贷款有一笔扣款或结清正在银行处理，请待处理完成后再办理。");
  static final Problem FUND_INSUFFICIENT = new Problem(422, "LOAN_PAYOFF_FUND_INSUFFICIENT", "公积金余额不足",
      "公积金账户余额不足以一次结清贷款，请选择从还款卡扣款。");

  private final Receipts receipts = new Receipts();
  private final Ledger ledger = new Ledger();
  private final SettlementOutbox outbox = new SettlementOutbox();
  private final Deductions deductions;

  Payoffs(Deductions deductions) {
    this.deductions = deductions;
  }

  /** The quote of the person's ACTIVE loan for {@code day}. */
  static Future<PayoffQuote> quote(SqlClient sql, String personId, String contractId, LocalDate day) {
    return ServicedLoan.read(sql, contractId).compose(loan -> {
      if (loan == null || !loan.personId().equals(personId)) {
        return Future.failedFuture(new ProblemException(ServicingViews.CONTRACT_NOT_FOUND));
      }
      if (!"ACTIVE".equals(loan.state())) {
        return Future.failedFuture(new ProblemException(OffsetAgreements.NOT_ACTIVE));
      }
      return new Policies(sql).asOf(day).map(OverduePolicy::of)
          .map(policy -> PayoffQuote.of(loan.periods(), loan.annualRate(), loan.disbursedOn(), day, policy));
    });
  }

  /** Pays the loan off from {@code source}; answers the payoff (SETTLED from the fund, PENDING from the card). */
  Future<JsonObject> request(SqlConnection conn, String personId, String contractId, Receipts.Source source,
                             String actor, LocalDate day) {
    return ServicedLoan.lock(conn, contractId).compose(loan -> {
      if (loan == null || !loan.personId().equals(personId)) {
        return Future.failedFuture(new ProblemException(ServicingViews.CONTRACT_NOT_FOUND));
      }
      if (!"ACTIVE".equals(loan.state())) {
        return Future.failedFuture(new ProblemException(OffsetAgreements.NOT_ACTIVE));
      }
      return ServicedLoan.paymentInFlight(conn, contractId)
          .compose(busy -> busy ? Future.failedFuture(new ProblemException(IN_FLIGHT))
              : new Policies(conn).asOf(day).map(OverduePolicy::of))
          .compose(policy -> {
            PayoffQuote quote = PayoffQuote.of(loan.periods(), loan.annualRate(), loan.disbursedOn(), day, policy);
            UUID id = UUID.randomUUID();
            Money amount = Money.of(quote.total());
            Future<String> state = source == Receipts.Source.FUND ? fromFund(conn, loan, quote, id)
                : deductions.payee(conn, loan).compose(payee -> outbox.enqueueCollection(conn,
                    new SettlementOutbox.ToAccount(Deductions.BUS_TYPE, payee, amount, PREFIX + ":" + id)))
                    .map(instruction -> "PENDING:" + instruction);
            return state.compose(s -> conn.preparedQuery("""
                    INSERT INTO loan_payoff (payoff_id, contract_id, source, value_date, amount, quote, state,
                                             instruction_id, requested_by, finished_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $7 = 'SETTLED' THEN now() END)""")
                .execute(Tuple.from(new Object[] {id, contractId, source.name(), day, amount.toYuan(), quote.toJson(),
                    s.startsWith("PENDING") ? "PENDING" : "SETTLED",
                    s.startsWith("PENDING:") ? UUID.fromString(s.substring(8)) : null, actor}))
                .map(done -> view(id, contractId, source.name(), s.startsWith("PENDING") ? "PENDING" : "SETTLED",
                    quote.toJson(), null)));
          });
    });
  }

  private Future<String> fromFund(SqlConnection conn, ServicedLoan loan, PayoffQuote quote, UUID id) {
    return MemberLocks.personAndCurrentAccount(conn, loan.personId()).compose(account -> {
      if (account == null || !List.of("01", "02").contains(account.status())) {
        return Future.failedFuture(new ProblemException(FUND_INSUFFICIENT));
      }
      return ledger.balance(conn, account.ledgerAccount()).compose(balance -> balance.compareTo(Money.of(quote.total())) < 0
          ? Future.<String>failedFuture(new ProblemException(FUND_INSUFFICIENT))
          : receipts.payoff(conn, loan, quote, Receipts.Source.FUND, PREFIX + ":" + id, account.ledgerAccount(),
              "提前结清（公积金账户 " + account.accountNo() + "）").map("SETTLED"));
    });
  }

  static JsonObject view(UUID id, String contractId, String source, String state, JsonObject quote, String reason) {
    return new JsonObject().put("payoffId", id.toString()).put("contractId", contractId).put("source", source)
        .put("state", state).put("quote", quote).put("reason", reason);
  }

  /** The bank's answer to a payoff from the card, in the dispatcher's transaction. */
  static final class Outcome implements SettlementOutcome {

    private final Receipts receipts = new Receipts();

    @Override
    public Future<Void> succeeded(SqlConnection conn, Settled collected) {
      UUID id = UUID.fromString(collected.recordId());
      return pending(conn, id).compose(p -> p == null ? Future.succeededFuture()
          : ServicedLoan.read(conn, p.getString("contract_id"))
              .compose(loan -> new Policies(conn).asOf(p.getLocalDate("value_date")).map(OverduePolicy::of)
                  // Nothing else was received for the loan meanwhile: the quote of the value date is the one paid.
                  .map(policy -> PayoffQuote.of(loan.periods(), loan.annualRate(), loan.disbursedOn(),
                      p.getLocalDate("value_date"), policy))
                  .compose(quote -> receipts.payoff(conn, loan, quote, Receipts.Source.CARD, collected.businessRef(),
                      PartnerBanks.specialAccount(collected.bankCode()),
                      "提前结清（银行流水 " + collected.hostSeqNo() + "）")))
              .compose(receipt -> finish(conn, id, "SETTLED", null)));
    }

    @Override
    public Future<Void> failed(SqlConnection conn, Settled refused, String reason) {
      UUID id = UUID.fromString(refused.recordId());
      return pending(conn, id).compose(p -> p == null ? Future.succeededFuture() : finish(conn, id, "FAILED", reason));
    }

    /** The loan locked first, then the payoff, in the order the request takes them. */
    private static Future<Row> pending(SqlConnection conn, UUID id) {
      return conn.preparedQuery("SELECT contract_id FROM loan_payoff WHERE payoff_id = $1").execute(Tuple.of(id))
          .compose(found -> found.size() == 0 ? Future.succeededFuture(null)
              : ServicedLoan.lock(conn, found.iterator().next().getString("contract_id")).compose(loan -> conn
                  .preparedQuery("SELECT contract_id, value_date FROM loan_payoff WHERE payoff_id = $1 "
                      + "AND state = 'PENDING' FOR UPDATE").execute(Tuple.of(id))
                  .map(rows -> rows.size() == 0 ? null : rows.iterator().next())));
    }

    private static Future<Void> finish(SqlConnection conn, UUID id, String state, String reason) {
      return conn.preparedQuery("UPDATE loan_payoff SET state = $2, reason = $3, finished_at = now() "
          + "WHERE payoff_id = $1").execute(Tuple.of(id, state, reason)).mapEmpty();
    }
  }
}
