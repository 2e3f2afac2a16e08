package hpf.audit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a hash chain from its first record to the head as it was when the walk began, in batches (each checked on a
 * worker: keyed hashes, decryption, signatures), and names the first thing that does not hold, also against a signed
 * checkpoint kept outside the database when one is given: {@code REHASHED} (a record's keyed hash does not match),
 * {@code TRUNCATED} (the chain ends below its head or below the checkpoint, or differs at the checkpoint's record),
 * {@code MISSING} (a gap), {@code UNLINKED} (a broken link), {@code HEAD_CHANGED}, or a code of the record check.
 */
public final class ChainWalk {

  /** Where a chain lives: its name in chain_keying, its head table and hash column, its records and their columns. */
  public record Table(String chain, String headTable, String headHash, String records, String hash, String prevHash,
                      int batch) {}

  /** Checks one record whose place and link already hold; null when it holds. Runs on a worker. */
  public interface RecordCheck {
    Finding check(Row row, boolean keyed);
  }

  /** What does not hold: a stable code, a sentence, and the record's own id where it has one. */
  public record Finding(String code, String problem, String recordId) {}

  /** The outcome; {@code anchorSource} is request, platform or null (no checkpoint was held). */
  public record Result(String chain, long checked, long headSeq, String headHash, long keyedFrom, Checkpoint anchor,
                       String anchorSource, Long brokenAt, Finding finding) {
    public boolean valid() {
      return finding == null;
    }

    Result withAnchor(Checkpoint checkpoint, String source) {
      return new Result(chain, checked, headSeq, headHash, keyedFrom, checkpoint, source, brokenAt, finding);
    }

    /** The verification answer; {@code recordIdName} names a record's own id field (e.g. evidenceId). */
    public JsonObject toJson(String recordIdName) {
      JsonObject body = new JsonObject().put("valid", valid()).put("checked", checked).put("headSeq", headSeq)
          .put("keyedFrom", keyedFrom);
      if (anchor != null) {
        body.put("anchor", new JsonObject().put("source", anchorSource).put("seq", anchor.seq())
            .put("hash", anchor.hash()).put("at", anchor.at().toString()));
      }
      if (finding != null) {
        body.put("code", finding.code()).put("brokenAt", brokenAt).put("problem", finding.problem());
        if (finding.recordId() != null && recordIdName != null) {
          body.put(recordIdName, finding.recordId());
        }
      }
      return body;
    }
  }

  private record Head(long seq, String hash, long keyedFrom) {}

  private record Position(long seq, String hash, long checked) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Table table;
  private final RecordCheck check;

  public ChainWalk(Vertx vertx, Pool pool, Table table, RecordCheck check) {
    this.vertx = vertx;
    this.pool = pool;
    this.table = table;
    this.check = check;
  }

  public Table table() {
    return table;
  }

  /** Checks the records up to the head read first: records appended meanwhile are not part of this walk. */
  public Future<Result> run(Checkpoint anchor, String anchorSource) {
    return walk(null, anchor).map(result -> result.withAnchor(anchor, anchor == null ? null : anchorSource));
  }

  /**
   * Checks only what was appended after a checkpoint this platform signed: the chain still reaches it and every
   * later record holds. What the anchoring does before it signs a newer checkpoint.
   */
  public Future<Result> since(Checkpoint from) {
    return walk(from, from);
  }

  private Future<Result> walk(Checkpoint start, Checkpoint anchor) {
    return pool.preparedQuery("SELECT h.last_seq, h." + table.headHash() + " AS last_hash, k.keyed_from FROM "
            + table.headTable() + " h CROSS JOIN chain_keying k WHERE k.chain = $1")
        .execute(Tuple.of(table.chain()))
        .compose(rows -> {
          Row row = rows.iterator().next();
          Head head = new Head(row.getLong("last_seq"), row.getString("last_hash"), row.getLong("keyed_from"));
          if (anchor != null && anchor.keyedFrom() != head.keyedFrom()) {
            return Future.succeededFuture(result(head, 0, anchor.keyedFrom(), new Finding("REHASHED",
                "the first keyed record moved from " + anchor.keyedFrom() + " (signed checkpoint) to " + head.keyedFrom()
                    + ": records were re-hashed without the chain key", null)));
          }
          Promise<Result> done = Promise.promise();
          if (start != null && head.seq() < start.seq()) {
            done.complete(end(new Position(head.seq(), head.hash(), 0), head, anchor));
          } else {
            batch(start == null ? new Position(0, AuditLog.GENESIS, 0) : new Position(start.seq(), start.hash(), 0),
                head, anchor, done);
          }
          return done.future();
        });
  }

  private Result result(Head head, long checked, long brokenAt, Finding finding) {
    return new Result(table.chain(), checked, head.seq(), head.hash(), head.keyedFrom(), null, null,
        finding == null ? null : brokenAt, finding);
  }

  private void batch(Position from, Head head, Checkpoint anchor, Promise<Result> done) {
    pool.preparedQuery("SELECT * FROM " + table.records() + " WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2")
        .execute(Tuple.of(from.seq(), table.batch(), head.seq()))
        .compose(rows -> {
          List<Row> batch = new ArrayList<>();
          rows.forEach(batch::add);
          return vertx.executeBlocking(() -> walk(batch, from, head, anchor), false)
              .map(outcome -> new Object[] {outcome, batch.size()});
        })
        .onFailure(done::fail)
        .onSuccess(walked -> {
          if (walked[0] instanceof Result broken) {
            done.complete(broken);
          } else if ((int) walked[1] == table.batch()) {
            batch((Position) walked[0], head, anchor, done);
          } else {
            done.complete(end((Position) walked[0], head, anchor));
          }
        });
  }

  private Result end(Position end, Head head, Checkpoint anchor) {
    if (anchor != null && head.seq() < anchor.seq()) {
      return result(head, end.checked(), head.seq() + 1, new Finding("TRUNCATED", "the chain ends at record "
          + head.seq() + " but a signed checkpoint of " + anchor.at() + " names record " + anchor.seq(), null));
    }
    if (end.seq() != head.seq()) {
      return result(head, end.checked(), end.seq() + 1, new Finding("TRUNCATED",
          "the chain head names record " + head.seq() + " but the log ends at " + end.seq(), null));
    }
    if (!end.hash().equals(head.hash())) {
      return result(head, end.checked(), head.seq(), new Finding("HEAD_CHANGED",
          "the chain head's hash was changed", null));
    }
    return result(head, end.checked(), 0, null);
  }

  /** The position after these rows, or the {@link Result} naming the first record that breaks the chain. */
  private Object walk(List<Row> rows, Position from, Head head, Checkpoint anchor) {
    Position at = from;
    for (Row row : rows) {
      long seq = row.getLong("seq");
      if (seq != at.seq() + 1) {
        return result(head, at.checked(), at.seq() + 1,
            new Finding("MISSING", "record " + (at.seq() + 1) + " is missing", null));
      }
      Finding finding = !at.hash().equals(row.getString(table.prevHash()))
          ? new Finding("UNLINKED", "record " + seq + " does not link to record " + at.seq(), null)
          : check.check(row, seq >= head.keyedFrom());
      if (finding != null) {
        return result(head, at.checked(), seq, finding);
      }
      String hash = row.getString(table.hash());
      if (anchor != null && seq == anchor.seq() && !hash.equals(anchor.hash())) {
        return result(head, at.checked(), seq, new Finding("TRUNCATED", "record " + seq + " is not the one a signed "
            + "checkpoint of " + anchor.at() + " names: the chain was cut back and written again", null));
      }
      at = new Position(seq, hash, at.checked() + 1);
    }
    return at;
  }
}
