package hpf.keys;

import hpf.crypto.FieldCipher;
import hpf.kit.EncryptedColumn;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-encrypts every declared column under the current field key version, in small batches while the
 * platform keeps running: each batch locks its rows ({@code FOR UPDATE SKIP LOCKED}, so writers are never
 * queued behind the job), decrypts with the version a value names and encrypts with the current one.
 */
public final class FieldKeyRotation {

  static final int BATCH = 200;

  private final Pool pool;
  private final FieldCipher fields;
  private final List<EncryptedColumn> columns;

  public FieldKeyRotation(Pool pool, FieldCipher fields, List<EncryptedColumn> columns) {
    this.pool = pool;
    this.fields = fields;
    this.columns = List.copyOf(columns);
  }

  public int currentVersion() {
    return fields.currentVersion();
  }

  /** Values not yet under the current version, per column. */
  public Future<Map<String, Long>> remaining() {
    List<Future<Long>> counts = new ArrayList<>();
    for (EncryptedColumn c : columns) {
      counts.add(pool.preparedQuery("SELECT count(*) FROM %s WHERE %s IS NOT NULL AND %s NOT LIKE $1"
              .formatted(c.table(), c.column(), c.column()))
          .execute(Tuple.of(prefix())).map(rows -> rows.iterator().next().getLong(0)));
    }
    return Future.all(counts).map(done -> {
      Map<String, Long> out = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        out.put(columns.get(i).label(), counts.get(i).result());
      }
      return out;
    });
  }

  /** Runs until every column is under the current version; answers how many values were re-encrypted. */
  public Future<Long> run() {
    Future<Long> total = Future.succeededFuture(0L);
    for (EncryptedColumn column : columns) {
      total = total.compose(sum -> drain(column).map(n -> sum + n));
    }
    return total;
  }

  private Future<Long> drain(EncryptedColumn column) {
    Promise<Long> done = Promise.promise();
    batch(column, 0, done);
    return done.future();
  }

  private void batch(EncryptedColumn column, long soFar, Promise<Long> done) {
    pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT %s AS k, %s AS v FROM %s WHERE %s IS NOT NULL AND %s NOT LIKE $1
             ORDER BY %s LIMIT $2 FOR UPDATE SKIP LOCKED"""
            .formatted(column.keyColumn(), column.column(), column.table(), column.column(), column.column(),
                column.keyColumn()))
        .execute(Tuple.of(prefix(), BATCH))
        .compose(rows -> {
          List<Tuple> updates = new ArrayList<>();
          for (Row row : rows) {
            String rowKey = String.valueOf(row.getValue("k"));
            String plain = fields.decrypt(column.field(), rowKey, row.getString("v"));
            updates.add(Tuple.of(row.getValue("k"), fields.encrypt(column.field(), rowKey, plain)));
          }
          if (updates.isEmpty()) {
            return Future.succeededFuture(0);
          }
          return conn.preparedQuery("UPDATE %s SET %s = $2 WHERE %s = $1"
                  .formatted(column.table(), column.column(), column.keyColumn()))
              .executeBatch(updates).map(updated -> updates.size());
        }))
        .onFailure(done::fail)
        .onSuccess(count -> {
          // Until a batch finds nothing: rows another transaction held are picked up by a later batch.
          if (count == 0) {
            done.complete(soFar);
          } else {
            batch(column, soFar + count, done);
          }
        });
  }

  private String prefix() {
    return "v" + fields.currentVersion() + ":%";
  }
}
