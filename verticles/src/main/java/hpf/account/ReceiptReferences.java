package hpf.account;

import hpf.settlement.reconcile.ReceivedReferences;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The bank's reference of money received, where the account room recorded one (a suspense item's reference, as the
 * bank gave it), by the ledger transaction that booked it: what the settlement room's reconciliation matches with
 * the bank's host serial.
 */
public final class ReceiptReferences implements ReceivedReferences {

  @Override
  public Future<Map<UUID, String>> byLedgerTransaction(SqlClient sql, Collection<UUID> txnIds) {
    if (txnIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return sql.preparedQuery("SELECT ledger_txn, reference FROM suspense_item WHERE ledger_txn = ANY ($1)")
        .execute(Tuple.of(txnIds.toArray(new UUID[0])))
        .map(rows -> {
          Map<UUID, String> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getUUID("ledger_txn"), r.getString("reference")));
          return out;
        });
  }
}
