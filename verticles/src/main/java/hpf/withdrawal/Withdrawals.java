package hpf.withdrawal;

import hpf.account.BankCards;
import hpf.account.MemberLocks;
import hpf.crypto.FieldCipher;
import hpf.identity.PersonFacts;
import hpf.kit.Money;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.policy.Policies;
import hpf.settlement.PayeeAccounts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;

/**
 * Withdrawal applications (提取申请): the reason's rules, the data sources' verdicts, then either the money at once
 * (every check passed) or the review queue (初审/复审) with the reasons shown. Applications of one person are
 * serialised by a lock on the person and the account, so the in-flight rule and the limits are checked against a
 * stable picture; the ledger's own guard makes an overdraft impossible even so. Sources are asked before the
 * application's transaction begins, so a slow source never holds a member's row or a pooled connection.
 */
final class Withdrawals {
  static final String RENT = WithdrawalReasons.RENT;
  /** The center's own list, recorded among the checks so reviewers see why the application came to them. */
  private static final String KEY_REVIEW_SOURCE = "重点审核名单";

  /** An heir who receives a deceased member's balance (death, 08): name, identity number, bank and account. */
  record Heir(String name, String idNumber, String bankCode, String cardNumber) {}

  /**
   * What was asked: for whom, why, how much (null for a closing reason: the whole balance), through which channel
   * app and kind of channel, the declared details, and the heir for a death. An agreed withdrawal has no channel
   * type: its amount was held to the limits when the agreement was signed.
   */
  record Request(String personId, String reason, Money amount, String appId, String channelType, JsonObject details,
                 Heir heir) {
    static Request agreed(String personId, String reason, Money amount, String appId) {
      return new Request(personId, reason, amount, appId, null, new JsonObject(), null);
    }
  }

  private final Verification verification;
  private final ReasonChecks reasonChecks;
  private final WithdrawalGuards guards = new WithdrawalGuards();
  private final WithdrawalPayout payout;
  private final PayeeAccounts payees;
  private final FieldCipher fields;

  Withdrawals(Verification verification, FieldCipher fields) {
    this.verification = verification;
    this.fields = fields;
    this.reasonChecks = new ReasonChecks(new PersonFacts(fields), new hpf.identity.People(fields));
    this.payout = new WithdrawalPayout();
    this.payees = new PayeeAccounts(fields);
  }

  /**
   * Inside one transaction, sources included (the agreed-withdrawal job, whose applications are few and whose
   * sources are the rent's).
   */
  Future<JsonObject> apply(SqlConnection conn, Request request, LocalDate today) {
    WithdrawalReasons.Reason reason = WithdrawalReasons.of(request.reason());
    if (reason == null) {
      return refuse(WithdrawalProblems.REASON_UNSUPPORTED);
    }
    return verify(request).compose(checks -> apply(conn, request, checks, today));
  }

  /**
   * What the sources say, asked without holding a connection: first the refusals the platform gives on its own
   * (blocked, account state, other applications, limits, the reason's rules) in a short transaction rolled back at
   * once, so nobody's data is asked for an application that would be refused anyway; then the sources.
   */
  Future<List<Verification.Check>> verify(Pool pool, Request request, LocalDate today) {
    WithdrawalReasons.Reason reason = WithdrawalReasons.of(request.reason());
    if (reason == null) {
      return refuse(WithdrawalProblems.REASON_UNSUPPORTED);
    }
    return pool.withConnection(conn -> conn.begin().compose(tx -> localChecks(conn, reason, request, today)
            .transform(checked -> tx.rollback().transform(rolledBack -> checked.succeeded()
                ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(checked.cause())))))
        .compose(v -> verify(request));
  }

  private Future<List<Verification.Check>> verify(Request request) {
    WithdrawalReasons.Reason reason = WithdrawalReasons.of(request.reason());
    return verification.verify(new Verification.Subject(request.personId(), reason.code(), reason.sources(),
        request.details()));
  }

  /** The application with the sources' verdicts: every rule again under the locks, then the money or the review. */
  Future<JsonObject> apply(SqlConnection conn, Request request, List<Verification.Check> sourceChecks,
                           LocalDate today) {
    WithdrawalReasons.Reason reason = WithdrawalReasons.of(request.reason());
    return withKeyReview(conn, request.personId(), sourceChecks)
        .compose(checks -> localChecks(conn, reason, request, today)
            .compose(checked -> checks.stream().allMatch(c -> c.outcome() == Verification.Outcome.PASSED)
                ? approve(conn, request, checked.account(), checked.payee(), checks, today)
                : queueForReview(conn, request, checked.account(), checked.payee(), checks)))
        .compose(id -> WithdrawalRecords.one(conn, request.personId(), id));
  }

  /** The account under lock and the payee, once the platform's own rules let the application through. */
  private record Checked(WithdrawalPayout.Account account, WithdrawalPayout.Payee payee) {}

  private Future<Checked> localChecks(SqlConnection conn, WithdrawalReasons.Reason reason, Request request,
                                      LocalDate today) {
    return guards.lockAccount(conn, request.personId(), reason.closing())
        .compose(account -> guards.checkNotBlocked(conn, request)
            .compose(v -> guards.checkClosable(conn, reason, account, null))
            .compose(v -> payee(conn, request))
            .compose(payee -> guards.checkInFlight(conn, request)
                .compose(v -> new Policies(conn).asOf(today))
                .compose(policy -> (request.channelType() == null || reason.closing() ? Future.<Void>succeededFuture()
                        : guards.checkChannelLimits(conn, request, policy))
                    .compose(v -> reasonChecks.check(conn, request, account.status(), policy, today)))
                .map(v -> new Checked(account, payee))));
  }

  /** A member on the key-review list (重点审核名单) goes to review whatever the sources said. */
  private static Future<List<Verification.Check>> withKeyReview(SqlConnection conn, String personId,
                                                                List<Verification.Check> checks) {
    return PersonLists.isListed(conn, PersonLists.Kind.KEY_REVIEW, personId).map(listed -> {
      if (!listed) {
        return checks;
      }
      List<Verification.Check> all = new java.util.ArrayList<>(checks);
      all.add(new Verification.Check(KEY_REVIEW_SOURCE, Verification.Outcome.FAILED, "职工列入重点审核名单，须人工审核"));
      return all;
    });
  }

  /** Every check passed: the money moves now and the application is APPROVED. */
  private Future<String> approve(SqlConnection conn, Request request, WithdrawalPayout.Account account, WithdrawalPayout.Payee payee,
                                 List<Verification.Check> checks, LocalDate today) {
    // Recorded as if under review first (no money yet), then paid and approved: the row never claims money it lacks.
    return queueForReview(conn, request, account, payee, checks)
        .compose(id -> payout.pay(conn, id, request, account, payee, today)
            .compose(paid -> WithdrawalRecords.approveReviewed(conn, id, paid))
            .map(v -> id));
  }

  /** A check did not pass: the application waits for the first review with every source's verdict; no money moves. */
  private Future<String> queueForReview(SqlConnection conn, Request request, WithdrawalPayout.Account account, WithdrawalPayout.Payee payee,
                                        List<Verification.Check> checks) {
    return shownAmount(conn, request, account).compose(amount -> nextId(conn)
        .compose(id -> insert(conn, id, request, account, payee, amount)
            .compose(v -> WithdrawalRecords.recordChecks(conn, id, checks))
            .map(v -> id)));
  }

  /** The amount asked for; for a closing reason the balance today (the payout adds the interest accrued). */
  private Future<Money> shownAmount(SqlConnection conn, Request request, WithdrawalPayout.Account account) {
    if (!WithdrawalReasons.of(request.reason()).closing()) {
      return Future.succeededFuture(request.amount());
    }
    return new hpf.ledger.Ledger().balance(conn, account.ledgerAccount())
        .compose(balance -> balance.isPositive() ? Future.succeededFuture(balance)
            : refuse(WithdrawalProblems.NOTHING_TO_WITHDRAW));
  }

  /**
   * The second reviewer approved: the same guards as at application (blocked list, normal account, payee) are taken
   * again under the locks, then the money moves.
   */
  Future<JsonObject> payApproved(SqlConnection conn, Row application, LocalDate today) {
    String personId = application.getString("person_id");
    Request request = WithdrawalRecords.requestOf(application, fields);
    Long heirPayee = application.getLong("heir_payee_id");
    WithdrawalReasons.Reason reason = WithdrawalReasons.of(request.reason());
    String applicationId = application.getString("application_id");
    return guards.lockAccount(conn, personId, reason.closing())
        .compose(account -> guards.checkNotBlocked(conn, request)
            .compose(v -> guards.checkClosable(conn, reason, account, applicationId))
            .compose(v -> heirPayee != null ? PayeeAccounts.find(conn, heirPayee).map(WithdrawalPayout.Payee::account)
                : payoutCard(conn, personId).map(WithdrawalPayout.Payee::card))
            .compose(payee -> payout.pay(conn, applicationId, request, account, payee, today)))
        .compose(paid -> WithdrawalRecords.approveReviewed(conn, applicationId, paid))
        .compose(v -> WithdrawalRecords.one(conn, personId, applicationId));
  }

  /** Cancels an application in review, or an approved one whose instruction has not gone to the bank. */
  Future<JsonObject> cancel(SqlConnection conn, String personId, String applicationId, LocalDate today) {
    // Person and account rows first, as every other writer of this member's money takes them, then the ledger.
    return MemberLocks.personAndAccounts(conn, personId)
        .compose(v -> WithdrawalRecords.lock(conn, applicationId, personId)).compose(row -> {
      String status = row.getString("status");
      if (status.endsWith("_REVIEW")) {
        return WithdrawalRecords.setStatus(conn, applicationId, "CANCELLED")
            .compose(v -> WithdrawalRecords.one(conn, personId, applicationId));
      }
      if (!"APPROVED".equals(status)) {
        return refuse(WithdrawalProblems.NOT_CANCELLABLE);
      }
      return new hpf.settlement.SettlementOutbox().cancel(conn, row.getUUID("instruction_id"))
          .compose(cancelled -> !cancelled ? refuse(WithdrawalProblems.NOT_CANCELLABLE)
              : payout.undo(conn, applicationId, row.getUUID("ledger_txn"), row.getUUID("interest_txn"),
                      row.getString("closed_from"), row.getString("account_no"), today)
                  .compose(v -> WithdrawalRecords.setStatus(conn, applicationId, "CANCELLED"))
                  .compose(v -> WithdrawalRecords.one(conn, personId, applicationId)));
    });
  }

  /** Records the application waiting for its first review; {@link #approve} moves it on at once when it may. */
  private Future<Void> insert(SqlConnection conn, String id, Request request, WithdrawalPayout.Account account, WithdrawalPayout.Payee payee,
                              Money amount) {
    Heir heir = request.heir();
    return conn.preparedQuery("""
            INSERT INTO withdrawal_application (application_id, person_id, account_no, reason, amount, status, app_id,
                                                closing, details, heir_name, heir_id_enc, heir_payee_id)
            VALUES ($1, $2, $3, $4, $5, 'FIRST_REVIEW', $6, $7, $8, $9, $10, $11)""")
        .execute(Tuple.from(new Object[] {id, request.personId(), account.accountNo(), request.reason(),
            amount.toYuan(), request.appId(), WithdrawalReasons.of(request.reason()).closing(), request.details(),
            heir == null ? null : heir.name(),
            heir == null ? null : fields.encrypt(WithdrawalRecords.HEIR_ID_FIELD, id, heir.idNumber()),
            payee.account() == null ? null : payee.account().payeeId()}))
        // The unique in-flight index is the last word should the lock ever be bypassed.
        .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? refuse(WithdrawalProblems.IN_FLIGHT) : Future.failedFuture(e))
        .mapEmpty();
  }

  private static Future<String> nextId(SqlConnection conn) {
    return conn.query("SELECT 'W' || nextval('withdrawal_number') AS id").execute()
        .map(rows -> rows.iterator().next().getString("id"));
  }

  /** The member's bound card; for a death, the heir's account registered as a payee (encrypted, masked). */
  private Future<WithdrawalPayout.Payee> payee(SqlConnection conn, Request request) {
    Heir heir = request.heir();
    return heir != null
        ? payees.register(conn, heir.bankCode(), heir.name(), heir.cardNumber()).map(WithdrawalPayout.Payee::account)
        : payoutCard(conn, request.personId()).map(WithdrawalPayout.Payee::card);
  }

  static Future<BankCards.Bound> payoutCard(SqlConnection conn, String personId) {
    return BankCards.bound(conn, personId)
        .compose(card -> card == null ? refuse(WithdrawalProblems.BANK_CARD_REQUIRED) : Future.succeededFuture(card));
  }

  static <T> Future<T> refuse(Problem problem) {
    return Future.failedFuture(new ProblemException(problem));
  }
}
