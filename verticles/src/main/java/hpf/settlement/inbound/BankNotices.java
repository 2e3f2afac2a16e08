package hpf.settlement.inbound;

import hpf.crypto.Sm3;
import hpf.kit.Masking;
import hpf.kit.Money;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.kit.SignedReplies;
import hpf.settlement.PartnerBanks;
import hpf.settlement.SettlementOutcome;
import hpf.settlement.bank.BankGateway;
import hpf.settlement.dispatch.ResultNotices;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank listener's notices, signed by the bank: an account change (SBDC100: money in or out of the center's
 * special account at that bank) and the final result of one of our instructions. Each is idempotent by the bank's
 * notice id, which is why this room keeps its own record instead of {@code Idempotency} (the key is the bank's, in
 * the body, and every answer must be signed): the same id and content again replays the first answer and changes
 * nothing; the same id with other content is refused. The notice, its record and whatever it moves (a list paid, a
 * suspense item, an instruction settled) commit in one transaction.
 */
public final class BankNotices {

  private static final Logger LOG = LoggerFactory.getLogger(BankNotices.class);

  /** The work of one kind of notice, in the notice's transaction: what to record. */
  @FunctionalInterface
  private interface Work {
    Future<NoticeLog.Entry> apply(SqlConnection conn, Received notice);
  }

  /** A notice as received: the bank that signed it, its id, the body's fingerprint and the body. */
  private record Received(String bankCode, String noticeId, String fingerprint, JsonObject body) {}

  private record Answered(JsonObject answer, boolean replayed, NoticeLog.Entry entry) {}

  private final Pool pool;
  private final SignedReplies signer;
  private final IncomingMoney incoming;
  private final ResultNotices results;
  private final NoticeLog log = new NoticeLog();
  private final NoticeMetrics metrics;
  private final Clock clock;

  public BankNotices(Pool pool, SignedReplies signer, IncomingMoney incoming, Map<String, SettlementOutcome> outcomes,
                     MeterRegistry registry, Clock clock) {
    this.pool = pool;
    this.signer = signer;
    this.incoming = incoming;
    this.results = new ResultNotices(pool, outcomes, clock);
    this.metrics = new NoticeMetrics(registry);
    this.clock = clock;
  }

  public Map<String, Handler<RoutingContext>> operations() {
    return Map.of(
        "receiveAccountChangeNotice", ctx -> receive(ctx, "ACCOUNT_CHANGE", this::accountChange),
        "receiveResultNotice", ctx -> receive(ctx, "TX_RESULT", this::result));
  }

  private void receive(RoutingContext ctx, String kind, Work work) {
    String bank = Requests.caller(ctx).id();
    JsonObject body = Requests.validated(ctx).getBody().getJsonObject();
    String noticeId = body.getString("noticeId");
    if (!Money.parse(body.getString("amount")).isPositive()) {
      ctx.fail(new ProblemException(hpf.kit.Problem.validation("amount：金额须大于零。", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("field", "amount").put("in", "body").put("reason", "须大于零")))));
      return;
    }
    Received notice = new Received(bank, noticeId, HexFormat.of().formatHex(Sm3.digest(ctx.body().buffer().getBytes())),
        body);
    pool.withTransaction(conn -> log.lock(conn, bank + ":" + noticeId)
            .compose(v -> log.find(conn, bank, noticeId))
            .compose(seen -> {
              if (seen != null) {
                return seen.fingerprint().equals(notice.fingerprint())
                    ? Future.succeededFuture(new Answered(seen.answer(), true, null))
                    : Future.<Answered>failedFuture(new ProblemException(NoticeProblems.NOTICE_ID_CONFLICT));
              }
              return work.apply(conn, notice).compose(entry -> {
                JsonObject answer = new JsonObject().put("noticeId", noticeId).put("kind", kind)
                    .put("outcome", entry.outcome()).put("matchedRef", entry.matchedRef())
                    .put("flagged", entry.flagged()).put("detail", entry.detail())
                    .put("receivedAt", clock.instant().toString());
                return log.append(conn, entry, answer).map(v -> new Answered(answer, false, entry));
              });
            }))
        .onSuccess(done -> {
          metrics.received(bank, kind, done.replayed() ? "replayed" : done.entry().outcome());
          if (!done.replayed() && done.entry().flagged()) {
            LOG.atWarn().addKeyValue("bank", bank).addKeyValue("noticeId", noticeId)
                .addKeyValue("serialNo", done.entry().serialNo()).addKeyValue("outcome", done.entry().outcome())
                .addKeyValue("detail", done.entry().detail())
                .log("bank result notice does not agree with our books; kept for an operator");
          }
          if (done.replayed()) {
            ctx.response().putHeader("Idempotent-Replayed", "true");
          }
          signer.json(ctx, 200, done.answer());
        })
        .onFailure(ctx::fail);
  }

  /**
   * Money in on the center's special account at this bank: matched to a due list or parked in suspense. The same
   * booking (host serial) under another notice id is a DUPLICATE and moves nothing; money out is our own payments,
   * recorded only (they are settled by the dispatcher and checked by the daily reconciliation).
   */
  private Future<NoticeLog.Entry> accountChange(SqlConnection conn, Received n) {
    JsonObject b = n.body();
    String hostSeqNo = b.getString("hostSeqNo");
    return PartnerBanks.centerAccountNo(conn, n.bankCode())
        .compose(center -> center == null || !center.equals(b.getString("accountNo"))
            ? Future.failedFuture(new ProblemException(NoticeProblems.ACCOUNT_NOT_CENTER))
            : log.lock(conn, n.bankCode() + ":booking:" + hostSeqNo))
        .compose(v -> log.bookedBy(conn, n.bankCode(), hostSeqNo))
        .compose(first -> {
          if (first != null) {
            return Future.succeededFuture(change(n, "DUPLICATE", "notice:" + first, "该笔入账已由通知 " + first + " 处理"));
          }
          if (!"CREDIT".equals(b.getString("direction"))) {
            return Future.succeededFuture(change(n, "NOT_INCOMING", null, "支出不作到账处理，由对账核对"));
          }
          return incoming.receive(conn, new IncomingMoney.Incoming(n.bankCode(), hostSeqNo, payerBank(n),
                  b.getString("payerName").strip(), b.getString("payerAccountNo"), Money.parse(b.getString("amount")),
                  LocalDate.parse(b.getString("valueDate")), b.getString("summary")))
              .map(m -> change(n, m.outcome(), m.ref(), m.detail()));
        });
  }

  /** The record of an account change: the payer's account only masked (the clear number is the payee room's). */
  private static NoticeLog.Entry change(Received n, String outcome, String ref, String detail) {
    JsonObject b = n.body();
    return new NoticeLog.Entry(n.bankCode(), n.noticeId(), "ACCOUNT_CHANGE", n.fingerprint(), b.getString("hostSeqNo"),
        b.getString("accountNo"), "CREDIT".equals(b.getString("direction")), b.getString("payerName").strip(),
        payerBank(n), Masking.bankCard(b.getString("payerAccountNo")), Money.parse(b.getString("amount")),
        LocalDate.parse(b.getString("valueDate")), b.getString("summary"), null, null, null, outcome, ref, false,
        detail);
  }

  /** The payer's bank: as notified, else the notifying bank itself (a transfer between its own accounts). */
  private static String payerBank(Received n) {
    return n.body().getString("payerBankCode", n.bankCode());
  }

  /** The final result of one of our instructions: settled if still open, compared if final, flagged if it differs. */
  private Future<NoticeLog.Entry> result(SqlConnection conn, Received n) {
    JsonObject b = n.body();
    Money amount = Money.parse(b.getString("amount"));
    BankGateway.Outcome result = BankGateway.Outcome.valueOf(b.getString("result"));
    return results.apply(conn, new ResultNotices.Notice(n.bankCode(), n.noticeId(), b.getString("serialNo"), result,
            b.getString("returnCode"), b.getString("returnMessage"), b.getString("hostSeqNo"), amount))
        .map(applied -> new NoticeLog.Entry(n.bankCode(), n.noticeId(), "TX_RESULT", n.fingerprint(),
            b.getString("hostSeqNo"), null, null, null, null, null, amount, null, null, b.getString("serialNo"),
            result.name(), b.getString("returnCode"), applied.verdict().name(),
            applied.instructionId() == null ? null : "instruction:" + applied.instructionId(),
            applied.verdict() == ResultNotices.Verdict.CONFLICT || applied.verdict() == ResultNotices.Verdict.UNMATCHED,
            applied.detail()));
  }
}
