package hpf.settlement.dispatch;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The SQL of operators' requests for a batch now ({@code settlement_batch_request}: recorded by the admin API, taken
 * by the first dispatcher round serving the bank) and of the batch list the admin API shows.
 */
final class BatchRequests {

  private final Pool pool;

  BatchRequests(Pool pool) {
    this.pool = pool;
  }

  /** The oldest open operator request for a batch of the bank, taken by this owner; null when none. */
  Future<UUID> takeRequest(String bank, String owner) {
    return pool.preparedQuery("""
            UPDATE settlement_batch_request SET taken_by = $2, taken_at = now()
             WHERE request_id = (SELECT request_id FROM settlement_batch_request
                                  WHERE bank_code = $1 AND taken_at IS NULL
                                  ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING request_id""")
        .execute(Tuple.of(bank, owner))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("request_id"));
  }

  /** What a taken request led to: its batch, or nothing due. */
  Future<Void> requestDone(UUID requestId, UUID batchId) {
    return pool.preparedQuery("""
            UPDATE settlement_batch_request SET batch_id = $2, outcome = $3 WHERE request_id = $1""")
        .execute(Tuple.of(requestId, batchId, batchId == null ? "NOTHING_DUE" : "BATCHED")).mapEmpty();
  }

  /** Records an operator's request (in the caller's transaction). */
  static Future<Void> request(SqlClient sql, UUID requestId, String bank, String operator) {
    return sql.preparedQuery("""
            INSERT INTO settlement_batch_request (request_id, bank_code, requested_by) VALUES ($1, $2, $3)""")
        .execute(Tuple.of(requestId, bank, operator)).mapEmpty();
  }

  /** A page of batches, newest first, optionally of one bank. */
  Future<io.vertx.sqlclient.RowSet<Row>> page(String bank, int page, int size) {
    return pool.preparedQuery("""
            SELECT batch_id, bank_code, kind, serial_no, bank_batch_no, state, row_count, total_amount, succeeded, failed,
                   sent_on, created_at, submitted_at, finished_at, count(*) OVER () AS total
              FROM settlement_batch WHERE ($1::text IS NULL OR bank_code = $1)
             ORDER BY created_at DESC, batch_id LIMIT $2 OFFSET $3""")
        .execute(Tuple.of(bank, size, (page - 1) * size));
  }
}
