package hpf.audit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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

  /** Where the walk along the chain has got to. */
  private record Position(long seq, String hash, long checked) {}

  private final Pool pool;

  public AuditChainCheck(Pool pool) {
    this.pool = pool;
  }

  /**
   * Reads the chain head first and checks the records up to it: records appended while the check runs are
   * not part of this check (and cannot make it report a break).
   */
  public Future<Result> run() {
    return pool.query("SELECT last_seq, last_hash FROM audit_chain_head").execute().compose(rows -> {
      Row head = rows.iterator().next();
      Promise<Result> done = Promise.promise();
      batch(new Position(0, AuditLog.GENESIS, 0), head.getLong("last_seq"), head.getString("last_hash"), done);
      return done.future();
    });
  }

  private void batch(Position from, long headSeq, String headHash, Promise<Result> done) {
    pool.preparedQuery("""
            SELECT seq, at, actor, actor_kind, channel, operation, target, outcome, request_id, details, prev_hash, hash
              FROM audit_log WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2""")
        .execute(Tuple.of(from.seq(), BATCH, headSeq))
        .onFailure(done::fail)
        .onSuccess(rows -> {
          try {
            Object outcome = walk(rows, from);
            if (outcome instanceof Result broken) {
              done.complete(broken);
            } else if (rows.size() == BATCH) {
              batch((Position) outcome, headSeq, headHash, done);
            } else {
              Position end = (Position) outcome;
              done.complete(end.seq() != headSeq
                  ? new Result(false, end.checked(), end.seq() + 1,
                      "the chain head names record " + headSeq + " but the log ends at " + end.seq())
                  : !end.hash().equals(headHash)
                      ? new Result(false, end.checked(), headSeq, "the chain head's hash was changed")
                      : new Result(true, end.checked(), null, null));
            }
          } catch (RuntimeException e) {
            done.fail(e);
          }
        });
  }

  /** The position after these rows, or the {@link Result} naming the first record that breaks the chain. */
  private static Object walk(RowSet<Row> rows, Position from) {
    Position at = from;
    for (Row row : rows) {
      long seq = row.getLong("seq");
      if (seq != at.seq() + 1) {
        return new Result(false, at.checked(), at.seq() + 1, "record " + (at.seq() + 1) + " is missing");
      }
      if (!at.hash().equals(row.getString("prev_hash"))) {
        return new Result(false, at.checked(), seq, "record " + seq + " does not link to record " + at.seq());
      }
      String recomputed = AuditLog.hash(AuditLog.hashedFrom(row));
      if (!recomputed.equals(row.getString("hash"))) {
        return new Result(false, at.checked(), seq, "record " + seq + " was changed after it was written");
      }
      at = new Position(seq, recomputed, at.checked() + 1);
    }
    return at;
  }
}
