package hpf.settlement.reconcile;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The bank's reference of money received, by the ledger transaction that booked it, where the booking room kept one
 * (the account room's suspense items): what reconciliation matches with the bank's host serial. A port the
 * settlement room owns.
 */
@FunctionalInterface
public interface ReceivedReferences {

  Future<Map<UUID, String>> byLedgerTransaction(SqlClient sql, Collection<UUID> txnIds);
}
