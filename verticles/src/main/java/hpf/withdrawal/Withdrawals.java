package hpf.withdrawal;

import hpf.account.AccountProblems;
import hpf.account.Policies;
import hpf.channel.Problem;
import hpf.channel.ProblemException;
import hpf.ledger.Ledger;
import hpf.ledger.Money;
import hpf.settlement.SettlementOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Withdrawal applications (提取申请) and their money: an approved application moves the amount from the member
 * account to the withdrawals payable (在途应付) and enqueues the payment instruction in the same transaction, so
 * either all three exist or none. Applications of one person are serialised by a lock on the member account, so
 * the in-flight rule and the monthly cap are checked against a stable picture; the ledger's own guard makes an
 * overdraft impossible even so. A cancellation before the bank is instructed reverses the postings.
 */
final class Withdrawals {

  static final String PAYABLE = "PAYABLE:withdrawals";
  /** 租房提取 (JGJ/T 320 A.7 code 07): partial, capped per calendar month by a policy parameter. */
  static final String RENT = "07";
  /** Business type 部分提取 (A.5) of the postings, and BusType 02 partial withdrawal of the instruction. */
  private static final String PARTIAL_WITHDRAWAL = "11";
  private static final String BUS_TYPE_PARTIAL = "02";
  static final ZoneId CENTER_ZONE = ZoneId.of("Asia/Shanghai");
  /**
   * Windows are measured by the database clock, the one that stamps created_at, so a skewed application server
   * cannot count an application into the wrong day or month.
   */
  private static final String CENTER_DAY_START =
      "date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'";
  private static final String CENTER_MONTH_START =
      "date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'";

  /**
   * What was asked: for whom, why, how much, through which channel app and which kind of channel. An agreed
   * withdrawal has no channel type: its amount was held to the limits when the agreement was signed.
   */
  record Request(String personId, String reason, Money amount, String appId, String channelType) {
    static Request agreed(String personId, String reason, Money amount, String appId) {
      return new Request(personId, reason, amount, appId, null);
    }
  }

  private final Ledger ledger = new Ledger();
  private final SettlementOutbox outbox = new SettlementOutbox();

  Future<JsonObject> apply(SqlConnection conn, Request request, LocalDate today) {
    if (!RENT.equals(request.reason())) {
      // Purchase, loan repayment and the closing reasons need the government data sources (their own issue).
      return refuse(WithdrawalProblems.REASON_UNSUPPORTED);
    }
    return lockAccount(conn, request.personId())
        .compose(account -> checkNotBlocked(conn, request)
            .compose(v -> payoutCard(conn, request.personId()))
            .compose(card -> checkLimits(conn, request, today)
                .compose(v -> approve(conn, request, account, card, today))));
  }

  /** One in flight per reason, the channel's limits (not for agreed withdrawals), the month's rent cap. */
  private Future<Void> checkLimits(SqlConnection conn, Request request, LocalDate today) {
    return checkInFlight(conn, request)
        .compose(v -> new Policies(conn).asOf(today))
        .compose(policy -> (request.channelType() == null ? Future.<Void>succeededFuture()
                : checkChannelLimits(conn, request, policy))
            .compose(v -> checkRentCap(conn, request, policy)));
  }

  /** Posts member → payable (PAYABLE is opened by migration V20), enqueues the payment, records the application. */
  private Future<JsonObject> approve(SqlConnection conn, Request request, Row account, Row card, LocalDate today) {
    return conn.query("SELECT 'W' || nextval('withdrawal_number') AS id").execute().compose(next -> {
      String applicationId = next.iterator().next().getString("id");
      String ref = "withdrawal:" + applicationId;
      return ledger.post(conn, new Ledger.Posting(PARTIAL_WITHDRAWAL, ref, ref, today, "提取（租房）", List.of(
              new Ledger.Entry(account.getString("ledger_account"), Ledger.Side.DEBIT, request.amount()),
              new Ledger.Entry(PAYABLE, Ledger.Side.CREDIT, request.amount()))))
          .compose(posted -> outbox.enqueue(conn, new SettlementOutbox.Instruction(BUS_TYPE_PARTIAL,
                  card.getString("bank_code"), card.getLong("card_id"), account.getString("name"), request.amount(), ref))
              .compose(instruction -> conn.preparedQuery("""
                      INSERT INTO withdrawal_application (application_id, person_id, account_no, reason, amount,
                                                          status, app_id, ledger_txn, instruction_id)
                      VALUES ($1, $2, $3, $4, $5, 'APPROVED', $6, $7, $8)""")
                  .execute(Tuple.from(new Object[] {applicationId, request.personId(), account.getString("account_no"),
                      request.reason(), request.amount().toYuan(), request.appId(), posted.txnId(), instruction}))))
          // The unique in-flight index is the last word should the lock ever be bypassed.
          .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
              ? refuse(WithdrawalProblems.IN_FLIGHT) : Future.failedFuture(e))
          .compose(v -> one(conn, request.personId(), applicationId));
    });
  }

  /** Cancels an approved application whose instruction has not gone to the bank; the postings are reversed. */
  Future<JsonObject> cancel(SqlConnection conn, String personId, String applicationId, LocalDate today) {
    return conn.preparedQuery("""
            SELECT status, ledger_txn, instruction_id FROM withdrawal_application
             WHERE application_id = $1 AND person_id = $2 FOR UPDATE""")
        .execute(Tuple.of(applicationId, personId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return refuse(WithdrawalProblems.NOT_FOUND);
          }
          Row row = rows.iterator().next();
          if (!"APPROVED".equals(row.getString("status"))) {
            return refuse(WithdrawalProblems.NOT_CANCELLABLE);
          }
          return outbox.cancel(conn, row.getUUID("instruction_id"))
              .compose(cancelled -> !cancelled ? refuse(WithdrawalProblems.NOT_CANCELLABLE)
                  : ledger.reverse(conn, row.getUUID("ledger_txn"), "withdrawal-cancel:" + applicationId, today, "提取撤销")
                      .compose(reversed -> conn.preparedQuery("""
                              UPDATE withdrawal_application SET status = 'CANCELLED', updated_at = now()
                               WHERE application_id = $1""").execute(Tuple.of(applicationId)))
                      .compose(v -> one(conn, personId, applicationId)));
        });
  }

  /** The person's applications, newest first, with the state of their payment (办理进度). */
  Future<JsonArray> list(SqlClient sql, String personId) {
    return sql.preparedQuery(SELECT + " WHERE w.person_id = $1 ORDER BY w.created_at DESC, w.application_id DESC LIMIT 100")
        .execute(Tuple.of(personId))
        .map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(row -> list.add(toJson(row)));
          return list;
        });
  }

  private static final String SELECT = """
      SELECT w.application_id, w.person_id, w.account_no, w.reason, w.amount, w.status, w.created_at, w.updated_at,
             s.status AS payment_status
        FROM withdrawal_application w JOIN settlement_instruction s ON s.instruction_id = w.instruction_id""";

  private Future<JsonObject> one(SqlClient sql, String personId, String applicationId) {
    return sql.preparedQuery(SELECT + " WHERE w.application_id = $1 AND w.person_id = $2")
        .execute(Tuple.of(applicationId, personId))
        .compose(rows -> rows.size() == 0 ? refuse(WithdrawalProblems.NOT_FOUND)
            : Future.succeededFuture(toJson(rows.iterator().next())));
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("applicationId", row.getString("application_id"))
        .put("personId", row.getString("person_id"))
        .put("accountNo", row.getString("account_no"))
        .put("reason", row.getString("reason"))
        .put("amount", Money.of(row.getBigDecimal("amount")).toString())
        .put("status", row.getString("status"))
        .put("paymentStatus", row.getString("payment_status"))
        .put("createdAt", row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC).toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").withOffsetSameInstant(ZoneOffset.UTC).toString());
  }

  /**
   * The person's current account, locked for the rest of the transaction; it must be in normal status. The person
   * row is locked first, as card binding and the blocked list do, so neither can change under this application.
   */
  private Future<Row> lockAccount(SqlConnection conn, String personId) {
    return conn.preparedQuery("SELECT 1 FROM person WHERE person_id = $1 FOR UPDATE").execute(Tuple.of(personId))
        .compose(locked -> conn.preparedQuery("""
            SELECT m.account_no, m.ledger_account, m.status, p.name
              FROM member_account m JOIN person p ON p.person_id = m.person_id
             WHERE m.person_id = $1 ORDER BY (m.status = '01') DESC, m.opened_on DESC, m.account_no DESC
             LIMIT 1 FOR UPDATE OF m""")
        .execute(Tuple.of(personId)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return refuse(AccountProblems.ACCOUNT_NOT_FOUND);
          }
          Row row = rows.iterator().next();
          return "01".equals(row.getString("status")) ? Future.succeededFuture(row)
              : refuse(AccountProblems.MEMBER_NOT_NORMAL);
        });
  }

  private Future<Void> checkNotBlocked(SqlConnection conn, Request request) {
    return BlockedPersons.EXEMPT_REASONS.contains(request.reason()) ? Future.succeededFuture()
        : BlockedPersons.isListed(conn, request.personId())
            .compose(listed -> listed ? refuse(BlockedPersons.BLOCKED) : Future.succeededFuture());
  }

  static Future<Row> payoutCard(SqlConnection conn, String personId) {
    return conn.preparedQuery("SELECT card_id, bank_code FROM bank_card WHERE person_id = $1 AND unbound_at IS NULL")
        .execute(Tuple.of(personId))
        .compose(rows -> rows.size() == 0 ? refuse(WithdrawalProblems.BANK_CARD_REQUIRED)
            : Future.succeededFuture(rows.iterator().next()));
  }

  private Future<Void> checkInFlight(SqlConnection conn, Request request) {
    return conn.preparedQuery("""
            SELECT 1 FROM withdrawal_application WHERE person_id = $1 AND reason = $2 AND status = 'APPROVED'""")
        .execute(Tuple.of(request.personId(), request.reason()))
        .compose(rows -> rows.size() > 0 ? refuse(WithdrawalProblems.IN_FLIGHT) : Future.succeededFuture());
  }

  /**
   * The channel's single and daily limits for this member: today's applications through the same kind of channel
   * that were not cancelled, plus this one. A kind of channel without limits (a partner) cannot withdraw at all.
   */
  private Future<Void> checkChannelLimits(SqlConnection conn, Request request, Policies.AsOf policy) {
    String prefix = "withdrawal.channel." + request.channelType().toLowerCase(java.util.Locale.ROOT);
    if (!policy.values().containsKey(prefix + ".single_max") || !policy.values().containsKey(prefix + ".daily_max")) {
      return refuse(WithdrawalProblems.CHANNEL_NOT_ALLOWED);
    }
    if (request.amount().compareTo(Money.parse(policy.text(prefix + ".single_max"))) > 0) {
      return refuse(WithdrawalProblems.CHANNEL_SINGLE_LIMIT);
    }
    return conn.preparedQuery("""
            SELECT coalesce(sum(w.amount), 0) AS drawn
              FROM withdrawal_application w JOIN channel_app a ON a.app_id = w.app_id
             WHERE w.person_id = $1 AND a.app_type = $2 AND w.status IN ('APPROVED', 'PAID')
               AND w.created_at >= """ + CENTER_DAY_START)
        .execute(Tuple.of(request.personId(), request.channelType()))
        .compose(rows -> Money.of(rows.iterator().next().getBigDecimal("drawn")).plus(request.amount())
            .compareTo(Money.parse(policy.text(prefix + ".daily_max"))) > 0
            ? refuse(WithdrawalProblems.CHANNEL_DAILY_LIMIT) : Future.succeededFuture());
  }

  /** This month's rent withdrawals (approved or paid) plus this one stay within the cap in force today. */
  private Future<Void> checkRentCap(SqlConnection conn, Request request, Policies.AsOf policy) {
    Money cap = Money.parse(policy.text("withdrawal.rent.monthly_cap"));
    return conn.preparedQuery("""
            SELECT coalesce(sum(amount), 0) AS drawn FROM withdrawal_application
             WHERE person_id = $1 AND reason = $2 AND status IN ('APPROVED', 'PAID')
               AND created_at >= """ + CENTER_MONTH_START)
        .execute(Tuple.of(request.personId(), RENT))
        .compose(rows -> Money.of(rows.iterator().next().getBigDecimal("drawn")).plus(request.amount()).compareTo(cap) > 0
            ? refuse(WithdrawalProblems.LIMIT_EXCEEDED) : Future.succeededFuture());
  }

  static <T> Future<T> refuse(Problem problem) {
    return Future.failedFuture(new ProblemException(problem));
  }
}
