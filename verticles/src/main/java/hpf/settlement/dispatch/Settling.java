package hpf.settlement.dispatch;

import hpf.settlement.SettlementOutcome;
import hpf.settlement.bank.BankGateway;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.util.Map;

/**
 * The final state of an instruction and its business room's booking, in one transaction: the dispatcher's when a
 * bank answers, an operator's when resolving MANUAL_REVIEW. Answers whether the caller still held the row (a
 * dispatcher that lost its lease, or an instruction no longer in review, changes nothing).
 */
final class Settling {

  private final InstructionStore store;
  private final Map<String, SettlementOutcome> outcomes;

  Settling(InstructionStore store, Map<String, SettlementOutcome> outcomes) {
    this.store = store;
    this.outcomes = Map.copyOf(outcomes);
  }

  Future<Boolean> settle(SqlConnection conn, InstructionStore.Claimed c, String owner, BankGateway.Outcome outcome,
                         BankGateway.Result result, LocalDate today) {
    SettlementOutcome room = outcomes.get(prefix(c.businessRef()));
    SettlementOutcome.Settled settled = new SettlementOutcome.Settled(c.instructionId(), c.businessRef(),
        c.payingBank() == null ? c.bankCode() : c.payingBank(), c.amount(), c.collection(), result.hostSeqNo(), today);
    return store.finish(conn, c.instructionId(), owner, outcome.name(), result)
        .compose(mine -> !mine || room == null ? Future.succeededFuture(mine)
            : (outcome == BankGateway.Outcome.SUCCEEDED ? room.succeeded(conn, settled)
                : room.failed(conn, settled, result.message() == null ? result.returnCode() : result.message()))
                .map(mine));
  }

  static String prefix(String businessRef) {
    int colon = businessRef.indexOf(':');
    return colon < 0 ? businessRef : businessRef.substring(0, colon);
  }
}
