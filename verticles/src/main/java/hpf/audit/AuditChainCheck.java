package hpf.audit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Recomputes the audit chain from the stored rows, in batches, and names the first record that does not
 * fit: a changed record (hash differs), a removed or reordered one (sequence gap or broken link), or a
 * changed chain head.
 */
public final class AuditChainCheck {

  private static final int BATCH = 1000;

  /** The outcome: valid, how many records were checked, and where and why the chain first breaks. */
  public record Result(boolean valid, long checked, Long brokenAt, String problem) {}

  private final Pool pool;

  public AuditChainCheck(Pool pool) {
    this.pool = pool;
  }

  public Future<Result> run() {
    Promise<Result> done = Promise.promise();
    batch(0, AuditLog.GENESIS, 0, done);
    return done.future();
  }

  private void batch(long afterSeq, String prevHash, long checked, Promise<Result> done) {
    pool.preparedQuery("""
            SELECT seq, at, actor, actor_kind, channel, operation, target, outcome, request_id, details, prev_hash, hash
              FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2""")
        .execute(Tuple.of(afterSeq, BATCH))
        .onFailure(done::fail)
        .onSuccess(rows -> {
          long seq = afterSeq;
          String prev = prevHash;
          long count = checked;
          for (Row row : rows) {
            long rowSeq = row.getLong("seq");
            if (rowSeq != seq + 1) {
              done.complete(new Result(false, count, seq + 1, "record " + (seq + 1) + " is missing"));
              return;
            }
            if (!prev.equals(row.getString("prev_hash"))) {
              done.complete(new Result(false, count, rowSeq, "record " + rowSeq + " does not link to record " + seq));
              return;
            }
            String recomputed = AuditLog.hash(AuditLog.hashedFrom(row));
            if (!recomputed.equals(row.getString("hash"))) {
              done.complete(new Result(false, count, rowSeq, "record " + rowSeq + " was changed after it was written"));
              return;
            }
            seq = rowSeq;
            prev = recomputed;
            count++;
          }
          if (rows.size() == BATCH) {
            batch(seq, prev, count, done);
          } else {
            checkHead(seq, prev, count, done);
          }
        });
  }

  private void checkHead(long lastSeq, String lastHash, long checked, Promise<Result> done) {
    pool.query("SELECT last_seq, last_hash FROM audit_chain_head").execute().onFailure(done::fail).onSuccess(rows -> {
      Row head = rows.iterator().next();
      if (head.getLong("last_seq") != lastSeq || !head.getString("last_hash").equals(lastHash)) {
        done.complete(new Result(false, checked, lastSeq + 1,
            "the chain head names record " + head.getLong("last_seq") + " but the log ends at " + lastSeq));
      } else {
        done.complete(new Result(true, checked, null, null));
      }
    });
  }
}
