package hpf.thirdparty.evidence;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks the whole evidence chain up to the head as it was when the check began, in batches (each checked on a
 * worker: decryption and SM2 verification), and names the first record that does not hold: changed content,
 * content that disagrees with its columns, a missing record or a broken link, or a changed chain head.
 */
public final class EvidenceChainCheck {

  private static final int BATCH = 500;

  /** The outcome: valid, how many records were checked, and the first broken record (seq, id) and why. */
  public record Result(boolean valid, long checked, Long brokenAt, String evidenceId, String problem) {}

  private record Position(long seq, String digest, long checked) {}

  private final Vertx vertx;
  private final Pool pool;
  private final EvidenceCheck check;

  EvidenceChainCheck(Vertx vertx, Pool pool, EvidenceCheck check) {
    this.vertx = vertx;
    this.pool = pool;
    this.check = check;
  }

  public Future<Result> run() {
    return pool.query("SELECT last_seq, last_digest FROM evidence_chain_head").execute().compose(rows -> {
      Row head = rows.iterator().next();
      Promise<Result> done = Promise.promise();
      batch(new Position(0, EvidenceLog.GENESIS, 0), head.getLong("last_seq"), head.getString("last_digest"), done);
      return done.future();
    });
  }

  private void batch(Position from, long headSeq, String headDigest, Promise<Result> done) {
    pool.preparedQuery("SELECT * FROM evidence_record WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2")
        .execute(Tuple.of(from.seq(), BATCH, headSeq))
        .compose(rows -> {
          List<Row> batch = new ArrayList<>();
          rows.forEach(batch::add);
          return vertx.executeBlocking(() -> walk(batch, from), false).map(outcome -> new Object[] {outcome, batch.size()});
        })
        .onFailure(done::fail)
        .onSuccess(walked -> {
          if (walked[0] instanceof Result broken) {
            done.complete(broken);
          } else if ((int) walked[1] == BATCH) {
            batch((Position) walked[0], headSeq, headDigest, done);
          } else {
            Position end = (Position) walked[0];
            done.complete(end.seq() != headSeq
                ? new Result(false, end.checked(), end.seq() + 1, null,
                    "the chain head names record " + headSeq + " but the log ends at " + end.seq())
                : !end.digest().equals(headDigest)
                    ? new Result(false, end.checked(), headSeq, null, "the chain head's digest was changed")
                    : new Result(true, end.checked(), null, null, null));
          }
        });
  }

  /** The position after these rows, or the {@link Result} naming the first record that breaks the chain. */
  private Object walk(List<Row> rows, Position from) {
    Position at = from;
    for (Row row : rows) {
      long seq = row.getLong("seq");
      if (seq != at.seq() + 1) {
        return new Result(false, at.checked(), at.seq() + 1, null, "record " + (at.seq() + 1) + " is missing");
      }
      EvidenceCheck.Verdict verdict = check.check(check.open(row), at.digest());
      if (!verdict.valid()) {
        return new Result(false, at.checked(), seq, verdict.evidenceId(), verdict.problem());
      }
      at = new Position(seq, row.getString("digest"), at.checked() + 1);
    }
    return at;
  }
}
