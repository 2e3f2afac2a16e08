package hpf.settlement.dispatch;

import hpf.settlement.SettlementOutcome;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;

/**
 * The outcome of payouts with no business record (the chaos test's and the benchmarks'): the bank's books are what
 * is checked, so nothing is booked on our side.
 */
final class Unbooked implements SettlementOutcome {

  /** The outcomes map for payouts enqueued under {@code prefix}. */
  static Map<String, SettlementOutcome> under(String prefix) {
    return Map.of(prefix, new Unbooked());
  }

  @Override
  public Future<Void> succeeded(SqlConnection conn, Settled instruction) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> failed(SqlConnection conn, Settled instruction, String reason) {
    return Future.succeededFuture();
  }
}
