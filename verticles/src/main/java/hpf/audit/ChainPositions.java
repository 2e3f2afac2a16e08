package hpf.audit;

import java.util.HashMap;
import java.util.Map;

/**
 * Where one walk of a chain stands in each partition (the last record that held, or the partition's start, or the
 * checkpoint the walk starts from), what it has checked, and the tests that name a record's place: gaps, links,
 * heads and the records a signed checkpoint names.
 */
final class ChainPositions {

  private record Position(long seq, String hash) {}

  private final ChainWalk.Table table;
  private final ChainHeads heads;
  private final Checkpoint anchor;
  private final Map<Integer, Position> at = new HashMap<>();
  private final Map<Integer, Checkpoint.Part> anchored = new HashMap<>();
  private final boolean partial;
  private long cursor;
  private long checked;

  /** @param start the checkpoint the walk starts from (null: every partition from its start) */
  ChainPositions(ChainWalk.Table table, ChainHeads heads, Checkpoint start, Checkpoint anchor) {
    this.table = table;
    this.heads = heads;
    this.anchor = anchor;
    this.partial = start != null && table.part() != null;
    for (Checkpoint.Part head : heads.parts()) {
      at.put(head.part(), new Position(0, ChainHeads.genesis(head.part())));
    }
    if (start != null) {
      start.heads().stream().filter(part -> at.containsKey(part.part()))
          .forEach(part -> at.put(part.part(), new Position(part.seq(), part.hash())));
    }
    if (anchor != null) {
      anchor.heads().stream().filter(part -> part.seq() > 0).forEach(part -> anchored.put(part.part(), part));
    }
    cursor = at.values().stream().mapToLong(Position::seq).min().orElse(0);
  }

  /** True when the walk starts from a checkpoint of a partitioned chain: it reads each partition from its place. */
  boolean partial() {
    return partial;
  }

  /** The partitions that have a head, in order. */
  Integer[] partitions() {
    return heads.parts().stream().map(Checkpoint.Part::part).toArray(Integer[]::new);
  }

  /** The sequence each of {@link #partitions()} stands at. */
  Long[] positions() {
    return heads.parts().stream().map(head -> at.get(head.part()).seq()).toArray(Long[]::new);
  }

  ChainHeads heads() {
    return heads;
  }

  /** The highest sequence read so far: the next batch starts after it. */
  long cursor() {
    return cursor;
  }

  void moveTo(long seq) {
    cursor = seq;
  }

  /** False for a record appended after the walk read the heads, or one before the checkpoint the walk starts from. */
  boolean inWalk(int part, long seq) {
    Checkpoint.Part head = heads.head(part);
    return head == null || seq > at.get(part).seq() && seq <= head.seq();
  }

  /** What is wrong with a record's place before it is checked itself: no head, a gap, a checkpoint's record skipped. */
  ChainWalk.Result before(int part, long seq) {
    if (heads.head(part) == null) {
      return result(seq, new ChainWalk.Finding("HEAD_CHANGED", "record " + seq + " is in partition " + part
          + ", which has no head", null));
    }
    Position position = at.get(part);
    if (table.part() == null && seq != position.seq() + 1) {
      return result(position.seq() + 1, new ChainWalk.Finding("MISSING", "record " + (position.seq() + 1)
          + " is missing", null));
    }
    Checkpoint.Part named = anchored.get(part);
    if (named != null && position.seq() < named.seq() && seq > named.seq()) {
      return result(named.seq(), new ChainWalk.Finding("TRUNCATED", "record " + named.seq() + ", which a signed"
          + " checkpoint of " + anchor.at() + " names, is not in the chain: the chain was cut back and written again",
          null));
    }
    return null;
  }

  /** Takes a record that holds in itself: it must link to its partition's previous one; null when it does. */
  ChainWalk.Result accept(int part, long seq, String prevHash, String hash) {
    Position position = at.get(part);
    if (!position.hash().equals(prevHash)) {
      return result(seq, new ChainWalk.Finding("UNLINKED", "record " + seq + " does not link to "
          + (position.seq() == 0 && table.part() != null ? "the start of partition " + part : "record " + position.seq()), null));
    }
    Checkpoint.Part named = anchored.get(part);
    if (named != null && seq == named.seq() && !hash.equals(named.hash())) {
      return result(seq, new ChainWalk.Finding("TRUNCATED", "record " + seq + " is not the one a signed "
          + "checkpoint of " + anchor.at() + " names: the chain was cut back and written again", null));
    }
    at.put(part, new Position(seq, hash));
    checked++;
    return null;
  }

  /** After the last record: every partition reaches its head, and the heads reach the checkpoint. */
  ChainWalk.Result end() {
    for (Checkpoint.Part named : anchored.values()) {
      Checkpoint.Part head = heads.head(named.part());
      long ends = head == null ? 0 : head.seq();
      if (ends < named.seq()) {
        return result(ends + 1, new ChainWalk.Finding("TRUNCATED", chain(named.part()) + " ends at record " + ends
            + " but a signed checkpoint of " + anchor.at() + " names record " + named.seq(), null));
      }
    }
    for (Checkpoint.Part head : heads.parts()) {
      Position end = at.get(head.part());
      if (end.seq() != head.seq()) {
        return result(end.seq() + 1, new ChainWalk.Finding("TRUNCATED", (table.part() == null ? "the chain head"
            : "the head of partition " + head.part()) + " names record " + head.seq() + " but the log ends at "
            + end.seq(), null));
      }
      if (!end.hash().equals(head.hash())) {
        return result(head.seq(), new ChainWalk.Finding("HEAD_CHANGED", (table.part() == null
            ? "the chain head's hash" : "the head's hash of partition " + head.part()) + " was changed", null));
      }
    }
    return result(0, null);
  }

  ChainWalk.Result result(long brokenAt, ChainWalk.Finding finding) {
    return new ChainWalk.Result(table.chain(), checked, heads.seq(), heads.hash(table), heads.keyedFrom(), null, null,
        finding == null ? null : brokenAt, finding, heads);
  }

  private String chain(int part) {
    return table.part() == null ? "the chain" : "partition " + part;
  }
}
