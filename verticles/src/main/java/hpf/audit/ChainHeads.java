package hpf.audit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The heads of a chain's partitions, read in one statement (one snapshot), and the chain's first keyed sequence. A
 * chain without partitions has one head, partition 0.
 */
public record ChainHeads(List<Checkpoint.Part> parts, long keyedFrom) {

  /** Where partition {@code part} starts: the 64-hex-digit rendering of its number (partition 0: 64 zeros). */
  public static String genesis(int part) {
    return String.format("%064x", part);
  }

  /** Reads every head of the chain. */
  public static Future<ChainHeads> read(Pool pool, ChainWalk.Table table) {
    String part = table.part() == null ? "0" : "h." + table.part();
    return pool.preparedQuery("SELECT " + part + " AS part, h.last_seq, h." + table.headHash() + " AS last_hash,"
            + " k.keyed_from FROM " + table.headTable() + " h CROSS JOIN chain_keying k WHERE k.chain = $1 ORDER BY 1")
        .execute(Tuple.of(table.chain()))
        .map(rows -> {
          List<Checkpoint.Part> parts = new ArrayList<>();
          long keyedFrom = 1;
          for (Row row : rows) {
            parts.add(new Checkpoint.Part(row.getInteger("part"), row.getLong("last_seq"), row.getString("last_hash")));
            keyedFrom = row.getLong("keyed_from");
          }
          return new ChainHeads(List.copyOf(parts), keyedFrom);
        });
  }

  /** The highest head sequence: the chain's head. */
  public long seq() {
    return parts.stream().mapToLong(Checkpoint.Part::seq).max().orElse(0);
  }

  /** The head of one partition, or null when it has none. */
  Checkpoint.Part head(int part) {
    for (Checkpoint.Part head : parts) {
      if (head.part() == part) {
        return head;
      }
    }
    return null;
  }

  /** The hash a checkpoint of these heads signs: one partition's head hash, or all of them combined. */
  String hash(ChainWalk.Table table) {
    return table.part() == null ? parts.get(0).hash() : Checkpoint.combined(parts);
  }

  /** The checkpoint of these heads: one partition's head as is, or all of them combined. */
  Checkpoint checkpoint(ChainWalk.Table table, java.time.Instant at) {
    if (table.part() == null) {
      Checkpoint.Part only = parts.get(0);
      return new Checkpoint(table.chain(), only.seq(), only.hash(), keyedFrom, at);
    }
    return Checkpoint.of(table.chain(), parts, keyedFrom, at);
  }
}
