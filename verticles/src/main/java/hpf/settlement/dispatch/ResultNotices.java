package hpf.settlement.dispatch;

import hpf.kit.BusinessTime;
import hpf.kit.Money;
import hpf.settlement.SettlementOutcome;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * A bank's notice of the final result of one of our instructions (by serial), applied in the caller's transaction
 * exactly as the dispatcher applies an answer ({@link Settling}: final state and business booking together). An
 * instruction still open (SENT, UNKNOWN, or MANUAL_REVIEW waiting for this very answer) is settled: the notice takes
 * the row's lease, so a dispatcher whose call or query is still in flight finds the lease lost and books nothing. A
 * notice about an instruction already final is only compared: it agrees, or it contradicts our books (CONFLICT,
 * never applied: an operator looks into it). A serial we do not know, one the notifying bank never carried, one not
 * sent yet or an amount other than ours is a CONFLICT or UNMATCHED too and changes nothing. A batch row is known
 * to the bank (and so to its notices) by its bank serial {@code <batch serial>-<seq>}.
 */
public final class ResultNotices {

  /** What became of a result notice. */
  public enum Verdict { SETTLED, AGREES, CONFLICT, UNMATCHED }

  /** The verdict, the instruction concerned (null when none) and why, in business words. */
  public record Applied(Verdict verdict, UUID instructionId, String detail) {}

  /** The notice: the bank that sent it, our serial, the bank's result, its return code and host serial, the amount. */
  public record Notice(String bankCode, String noticeId, String serialNo, BankGateway.Outcome result,
                       String returnCode, String message, String hostSeqNo, Money amount) {}

  private final InstructionStore store;
  private final Settling settling;
  private final Clock clock;

  public ResultNotices(Pool pool, Map<String, SettlementOutcome> outcomes, Clock clock) {
    this.store = new InstructionStore(pool);
    this.settling = new Settling(store, outcomes);
    this.clock = clock;
  }

  public Future<Applied> apply(SqlConnection conn, Notice notice) {
    return conn.preparedQuery("""
            SELECT\s""" + InstructionStore.COLUMNS + """
            , status FROM settlement_instruction WHERE serial_no = $1 OR bank_serial = $1 FOR UPDATE""")
        .execute(Tuple.of(notice.serialNo()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return done(Verdict.UNMATCHED, null, "无此指令流水号");
          }
          Row row = rows.iterator().next();
          InstructionStore.Claimed c = claimed(row);
          String status = row.getString("status");
          String carrier = c.payingBank() == null ? c.bankCode() : c.payingBank();
          if (!carrier.equals(notice.bankCode())) {
            return done(Verdict.UNMATCHED, null, "该指令不由本行办理");
          }
          if (!c.amount().equals(notice.amount())) {
            return done(Verdict.CONFLICT, c.instructionId(), "通知金额 " + notice.amount() + " 与指令金额 " + c.amount()
                + " 不符，未处理");
          }
          return switch (status) {
            case "SENT", "UNKNOWN", "MANUAL_REVIEW" -> settle(conn, c, notice);
            case "SUCCEEDED", "FAILED" -> status.equals(notice.result().name())
                ? done(Verdict.AGREES, c.instructionId(), "指令已是 " + status)
                : done(Verdict.CONFLICT, c.instructionId(), "指令已是 " + status + "，通知结果为 " + notice.result()
                    + "，待人工核实");
            default -> done(Verdict.CONFLICT, c.instructionId(), "指令尚未发送（" + status + "），通知结果为 "
                + notice.result() + "，待人工核实");
          };
        });
  }

  /** Takes the row's lease for this notice (MANUAL_REVIEW back to UNKNOWN first), then settles it as an answer. */
  private Future<Applied> settle(SqlConnection conn, InstructionStore.Claimed c, Notice notice) {
    String owner = "notice:" + notice.bankCode() + ":" + notice.noticeId();
    BankGateway.Result result = new BankGateway.Result(notice.result(), notice.returnCode(),
        notice.message() == null ? "银行结果通知" : notice.message(), notice.hostSeqNo());
    return conn.preparedQuery("""
            UPDATE settlement_instruction SET status = CASE WHEN status = 'MANUAL_REVIEW' THEN 'UNKNOWN' ELSE status END,
                   lease_owner = $2, lease_until = now() + interval '1 minute', updated_at = now()
             WHERE instruction_id = $1""")
        .execute(Tuple.of(c.instructionId(), owner))
        .compose(taken -> settling.settle(conn, c, owner, notice.result(), result, BusinessTime.today(clock)))
        .compose(mine -> store.log(conn, c.instructionId(), "NOTICE", notice.result().name(), result, owner)
            .map(v -> new Applied(Verdict.SETTLED, c.instructionId(), "指令已按通知结果 " + notice.result() + " 处理")));
  }

  private static Future<Applied> done(Verdict verdict, UUID instructionId, String detail) {
    return Future.succeededFuture(new Applied(verdict, instructionId, detail));
  }

  private static InstructionStore.Claimed claimed(Row r) {
    return InstructionStore.claimed(r);
  }

}
