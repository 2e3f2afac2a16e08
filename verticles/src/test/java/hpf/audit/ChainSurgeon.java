package hpf.audit;

import hpf.boot.HpfConfig;
import hpf.boot.Superuser;
import hpf.crypto.Sm3;
import hpf.kit.Settings;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a database superuser can do to the audit chain (and what the tests undo): rewrite records around the
 * append-only guard, re-hash them with plain SM3 (no chain key) or, to restore, with the platform's chain key, cut the
 * tail of every partition and move the heads. Each operation is one transaction holding every partition head's lock,
 * so no append interleaves.
 */
final class ChainSurgeon {

  /** The platform's chain key: the test platform runs with the documented sandbox defaults. */
  static final ChainKeys KEYS = new ChainKeys(HpfConfig.from(Settings.of(Map.of())).security().chains().keys());

  private static final String COLUMNS = "seq, part, at, actor, actor_kind, channel, operation, target, outcome,"
      + " request_id, details, prev_hash, hash, key_version";

  private ChainSurgeon() {}

  /** Runs {@code work} as a superuser with triggers off for the transaction and every partition head locked. */
  static void operate(Consumer<SqlConnection> work) {
    SqlConnection conn = Superuser.pool().getConnection().await();
    try {
      Transaction tx = conn.begin().await();
      // A superuser's way around every trigger, without touching the table definitions.
      conn.query("SET LOCAL session_replication_role = replica").execute().await();
      conn.query("SELECT last_seq FROM audit_chain_head FOR UPDATE").execute().await();
      work.accept(conn);
      tx.commit().await();
    } finally {
      conn.close().await();
    }
  }

  /** The chain's head: the highest partition head. */
  static long headSeq(SqlConnection conn) {
    return conn.query("SELECT max(last_seq) FROM audit_chain_head").execute().await().iterator().next().getLong(0);
  }

  /** The sequence number of the record before {@code seq} in the whole log. */
  static long before(SqlConnection conn, long seq) {
    return conn.preparedQuery("SELECT max(seq) FROM audit_log WHERE seq < $1").execute(Tuple.of(seq)).await()
        .iterator().next().getLong(0);
  }

  /**
   * Re-links and re-hashes records from {@code fromSeq} to the head, in order, each within its partition, and moves
   * the heads' hashes: with the chain key (the platform's way, to restore) or with plain SM3 (all an attacker without
   * the key can do).
   */
  static void rehash(SqlConnection conn, long fromSeq, boolean withChainKey) {
    Map<Integer, String> prev = new HashMap<>();
    for (Row head : conn.query("SELECT part FROM audit_chain_head").execute().await()) {
      int part = head.getInteger(0);
      Row last = oneOrNull(conn.preparedQuery("SELECT hash FROM audit_log WHERE part = $1 AND seq < $2 ORDER BY seq DESC"
          + " LIMIT 1").execute(Tuple.of(part, fromSeq)).await());
      prev.put(part, last == null ? ChainHeads.genesis(part) : last.getString(0));
    }
    List<Long> seqs = new ArrayList<>();
    conn.preparedQuery("SELECT seq FROM audit_log WHERE seq >= $1 ORDER BY seq").execute(Tuple.of(fromSeq)).await()
        .forEach(row -> seqs.add(row.getLong(0)));
    for (long seq : seqs) {
      int part = conn.preparedQuery("SELECT part FROM audit_log WHERE seq = $1").execute(Tuple.of(seq)).await()
          .iterator().next().getInteger(0);
      conn.preparedQuery("UPDATE audit_log SET prev_hash = $2 WHERE seq = $1").execute(Tuple.of(seq, prev.get(part)))
          .await();
      Row row = conn.preparedQuery("SELECT * FROM audit_log WHERE seq = $1").execute(Tuple.of(seq)).await()
          .iterator().next();
      String canonical = AuditLog.canonical(AuditLog.hashedFrom(row));
      String hash = withChainKey ? KEYS.hash(canonical) : Sm3.digestHex(canonical);
      conn.preparedQuery("UPDATE audit_log SET hash = $2, key_version = $3 WHERE seq = $1")
          .execute(Tuple.of(seq, hash, withChainKey ? KEYS.currentVersion() : null)).await();
      prev.put(part, hash);
    }
    prev.forEach((part, hash) -> conn.preparedQuery("UPDATE audit_chain_head SET last_hash = $2 WHERE part = $1")
        .execute(Tuple.of(part, hash)).await());
  }

  /** Cuts every record after {@code keepSeq}, moves each partition's head back to its last record; answers the cut. */
  static List<Row> truncate(SqlConnection conn, long keepSeq) {
    List<Row> cut = new ArrayList<>();
    conn.preparedQuery("SELECT " + COLUMNS + " FROM audit_log WHERE seq > $1 ORDER BY seq").execute(Tuple.of(keepSeq))
        .await().forEach(cut::add);
    conn.preparedQuery("DELETE FROM audit_log WHERE seq > $1").execute(Tuple.of(keepSeq)).await();
    heads(conn);
    return cut;
  }

  /** Moves every partition's head to its last record (or its start). */
  private static void heads(SqlConnection conn) {
    conn.query("""
        UPDATE audit_chain_head h
           SET last_seq = coalesce((SELECT max(seq) FROM audit_log WHERE part = h.part), 0),
               last_hash = coalesce((SELECT hash FROM audit_log WHERE part = h.part ORDER BY seq DESC LIMIT 1),
                                    lpad(to_hex(h.part), 64, '0'))""").execute().await();
  }

  /**
   * Undoes {@link #truncate}: puts the cut records back where they were; records the platform appended meanwhile
   * follow them, re-linked and re-hashed with the chain key.
   */
  static void restore(SqlConnection conn, long keptSeq, List<Row> cut) {
    List<Row> meanwhile = truncate(conn, keptSeq);
    for (List<Row> rows : List.of(cut, meanwhile)) {
      for (Row row : rows) {
        conn.preparedQuery("INSERT INTO audit_log (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                + "$11, $12, $13, $14)")
            .execute(Tuple.from(new Object[] {row.getLong("seq"), row.getInteger("part"), row.getOffsetDateTime("at"),
                row.getString("actor"), row.getString("actor_kind"), row.getString("channel"),
                row.getString("operation"), row.getString("target"), row.getString("outcome"),
                row.getString("request_id"), row.getJson("details"), row.getString("prev_hash"), row.getString("hash"),
                row.getInteger("key_version")}))
            .await();
      }
    }
    heads(conn);
    // The cut records come back byte for byte (their keyed hashes unchanged); only what was appended meanwhile (after
    // every cut record in sequence order) is re-linked and re-hashed.
    if (!meanwhile.isEmpty()) {
      rehash(conn, meanwhile.get(0).getLong("seq"), true);
    }
  }

  private static Row oneOrNull(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.iterator().hasNext() ? rows.iterator().next() : null;
  }
}
