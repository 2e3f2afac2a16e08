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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a database superuser can do to the audit chain (and what the tests undo): rewrite records around the
 * append-only guard, re-hash them with plain SM3 (no chain key) or, to restore, with the platform's chain key, cut the
 * tail and move the head. Each operation is one transaction holding the chain head's lock, so no append interleaves.
 */
final class ChainSurgeon {

  /** The platform's chain key: the test platform runs with the documented sandbox defaults. */
  static final ChainKeys KEYS = new ChainKeys(HpfConfig.from(Settings.of(Map.of())).security().chains().keys());

  private static final String COLUMNS =
      "seq, at, actor, actor_kind, channel, operation, target, outcome, request_id, details, prev_hash, hash, key_version";

  private ChainSurgeon() {}

  /** Runs {@code work} as a superuser with triggers off for the transaction and the chain head locked. */
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

  static long headSeq(SqlConnection conn) {
    return conn.query("SELECT last_seq FROM audit_chain_head").execute().await().iterator().next().getLong(0);
  }

  /**
   * Re-links and re-hashes records from {@code fromSeq} to the head, in order, and moves the head's hash: with the
   * chain key (the platform's way, to restore) or with plain SM3 (all an attacker without the key can do).
   */
  static void rehash(SqlConnection conn, long fromSeq, boolean withChainKey) {
    String prev = fromSeq == 1 ? AuditLog.GENESIS : conn.preparedQuery("SELECT hash FROM audit_log WHERE seq = $1")
        .execute(Tuple.of(fromSeq - 1)).await().iterator().next().getString(0);
    long head = headSeq(conn);
    for (long seq = fromSeq; seq <= head; seq++) {
      conn.preparedQuery("UPDATE audit_log SET prev_hash = $2 WHERE seq = $1").execute(Tuple.of(seq, prev)).await();
      Row row = conn.preparedQuery("SELECT * FROM audit_log WHERE seq = $1").execute(Tuple.of(seq)).await()
          .iterator().next();
      String canonical = AuditLog.canonical(AuditLog.hashedFrom(row));
      String hash = withChainKey ? KEYS.hash(canonical) : Sm3.digestHex(canonical);
      conn.preparedQuery("UPDATE audit_log SET hash = $2, key_version = $3 WHERE seq = $1")
          .execute(Tuple.of(seq, hash, withChainKey ? KEYS.currentVersion() : null)).await();
      prev = hash;
    }
    conn.preparedQuery("UPDATE audit_chain_head SET last_hash = $1").execute(Tuple.of(prev)).await();
  }

  /** Cuts every record after {@code keepSeq} and moves the head back to it; answers what was cut. */
  static List<Row> truncate(SqlConnection conn, long keepSeq) {
    List<Row> cut = new ArrayList<>();
    conn.preparedQuery("SELECT " + COLUMNS + " FROM audit_log WHERE seq > $1 ORDER BY seq").execute(Tuple.of(keepSeq))
        .await().forEach(cut::add);
    conn.preparedQuery("DELETE FROM audit_log WHERE seq > $1").execute(Tuple.of(keepSeq)).await();
    String hash = conn.preparedQuery("SELECT hash FROM audit_log WHERE seq = $1").execute(Tuple.of(keepSeq)).await()
        .iterator().next().getString(0);
    conn.preparedQuery("UPDATE audit_chain_head SET last_seq = $1, last_hash = $2").execute(Tuple.of(keepSeq, hash))
        .await();
    return cut;
  }

  /**
   * Undoes {@link #truncate}: puts the cut records back where they were; records the platform appended meanwhile
   * follow them, re-linked and re-hashed with the chain key.
   */
  static void restore(SqlConnection conn, long keptSeq, List<Row> cut) {
    List<Row> meanwhile = truncate(conn, keptSeq);
    long seq = keptSeq;
    for (List<Row> rows : List.of(cut, meanwhile)) {
      for (Row row : rows) {
        seq++;
        conn.preparedQuery("INSERT INTO audit_log (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                + "$11, $12, $13)")
            .execute(Tuple.from(new Object[] {seq, row.getOffsetDateTime("at"), row.getString("actor"),
                row.getString("actor_kind"), row.getString("channel"), row.getString("operation"),
                row.getString("target"), row.getString("outcome"), row.getString("request_id"), row.getJson("details"),
                row.getString("prev_hash"), row.getString("hash"),
                row.getInteger("key_version")}))
            .await();
      }
    }
    conn.preparedQuery("UPDATE audit_chain_head SET last_seq = $1").execute(Tuple.of(seq)).await();
    // The cut records come back byte for byte (their keyed hashes unchanged); only what moved is re-hashed.
    rehash(conn, keptSeq + 1, true);
  }
}
