package hpf.audit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a hash chain in sequence order, every partition at once, from its first record to the heads as they were when
 * the walk began, in batches (each checked on a worker: keyed hashes, decryption, signatures), and names the first
 * thing that does not hold, also against a signed checkpoint kept outside the database when one is given:
 * {@code REHASHED} (a record's keyed hash does not match), {@code TRUNCATED} (a partition ends below its head or below
 * the checkpoint, or differs at the checkpoint's record), {@code MISSING} (a gap, in a chain without partitions),
 * {@code UNLINKED} (an intact record that does not link to its partition's previous one), {@code HEAD_CHANGED}, or a
 * code of the record check.
 */
public final class ChainWalk {

  /**
   * Where a chain lives: its name in chain_keying, its head table and hash column, its records and their columns, and
   * the partition column of both tables (null: one chain, no partitions, gap-free sequence numbers).
   */
  public record Table(String chain, String headTable, String headHash, String records, String hash, String prevHash,
                      String part, int batch) {

    /** A chain without partitions. */
    public Table(String chain, String headTable, String headHash, String records, String hash, String prevHash,
                 int batch) {
      this(chain, headTable, headHash, records, hash, prevHash, null, batch);
    }
  }

  /** Checks one record whose place already holds; null when it holds. Runs on a worker. */
  public interface RecordCheck {
    Finding check(Row row, boolean keyed);
  }

  /** What does not hold: a stable code, a sentence, and the record's own id where it has one. */
  public record Finding(String code, String problem, String recordId) {}

  /**
   * The outcome; {@code headSeq} and {@code headHash} are the checkpoint of the heads walked to (partitioned: the
   * highest head and the combined hash); {@code anchorSource} is request, platform or null (no checkpoint was held).
   */
  public record Result(String chain, long checked, long headSeq, String headHash, long keyedFrom, Checkpoint anchor,
                       String anchorSource, Long brokenAt, Finding finding, ChainHeads heads) {
    public boolean valid() {
      return finding == null;
    }

    Result withAnchor(Checkpoint checkpoint, String source) {
      return new Result(chain, checked, headSeq, headHash, keyedFrom, checkpoint, source, brokenAt, finding, heads);
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

  /** The chain's head sequence now (partitioned: the highest partition head). */
  public Future<Long> headSeq() {
    return pool.query("SELECT max(last_seq) FROM " + table.headTable()).execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Checks the records up to the heads read first: records appended meanwhile are not part of this walk. */
  public Future<Result> run(Checkpoint anchor, String anchorSource) {
    return walk(null, anchor).map(result -> result.withAnchor(anchor, anchor == null ? null : anchorSource));
  }

  /**
   * Checks only what was appended after a checkpoint this platform signed: every partition still reaches its head
   * there and every later record holds. What the anchoring does before it signs a newer checkpoint.
   */
  public Future<Result> since(Checkpoint from) {
    return walk(from, from);
  }

  private Future<Result> walk(Checkpoint start, Checkpoint anchor) {
    return ChainHeads.read(pool, table).compose(heads -> {
      ChainPositions at = new ChainPositions(table, heads, start, anchor);
      if (anchor != null && anchor.keyedFrom() != heads.keyedFrom()) {
        return Future.succeededFuture(at.result(anchor.keyedFrom(), new Finding("REHASHED",
            "the first keyed record moved from " + anchor.keyedFrom() + " (signed checkpoint) to " + heads.keyedFrom()
                + ": records were re-hashed without the chain key", null)));
      }
      Promise<Result> done = Promise.promise();
      batch(at, done);
      return done.future();
    });
  }

  private void batch(ChainPositions at, Promise<Result> done) {
    Future<RowSet<Row>> read;
    if (at.partial()) {
      // Only what follows a checkpoint, partition by partition: a partition with no record at the checkpoint must not
      // make the walk read the whole log again (an index on (part, seq) serves each partition's range).
      read = pool.preparedQuery("SELECT r.* FROM unnest($1::int[], $2::bigint[]) AS s(part, after) CROSS JOIN LATERAL"
              + " (SELECT * FROM " + table.records() + " t WHERE t." + table.part() + " = s.part AND t.seq > greatest("
              + "s.after, $3) AND t.seq <= $4 ORDER BY t.seq LIMIT $5) r ORDER BY r.seq LIMIT $5")
          .execute(Tuple.of(at.partitions(), at.positions(), at.cursor(), at.heads().seq(), table.batch()));
    } else {
      read = pool.preparedQuery("SELECT * FROM " + table.records() + " WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2")
          .execute(Tuple.of(at.cursor(), table.batch(), at.heads().seq()));
    }
    read.compose(rows -> {
          List<Row> batch = new ArrayList<>();
          rows.forEach(batch::add);
          return vertx.executeBlocking(() -> walk(batch, at), false).map(broken -> new Object[] {broken, batch.size()});
        })
        .onFailure(done::fail)
        .onSuccess(walked -> {
          if (walked[0] instanceof Result broken) {
            done.complete(broken);
          } else if ((int) walked[1] == table.batch()) {
            batch(at, done);
          } else {
            done.complete(at.end());
          }
        });
  }

  /** Null when these rows hold, or the {@link Result} naming the first record that breaks the chain. */
  private Result walk(List<Row> rows, ChainPositions at) {
    for (Row row : rows) {
      long seq = row.getLong("seq");
      int part = table.part() == null ? 0 : row.getInteger(table.part());
      at.moveTo(seq);
      if (!at.inWalk(part, seq)) {
        continue;
      }
      Result broken = at.before(part, seq);
      if (broken != null) {
        return broken;
      }
      // The record itself first: an intact record that does not link means the one before it went (or moved).
      Finding finding = check.check(row, seq >= at.heads().keyedFrom());
      if (finding != null) {
        return at.result(seq, finding);
      }
      broken = at.accept(part, seq, row.getString(table.prevHash()), row.getString(table.hash()));
      if (broken != null) {
        return broken;
      }
    }
    return null;
  }
}
