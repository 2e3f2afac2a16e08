package hpf.sources.evidence;

import hpf.audit.ChainHeads;
import hpf.audit.ChainKeys;
import hpf.boot.HpfConfig;
import hpf.boot.SecurityConfig;
import hpf.boot.Superuser;
import hpf.crypto.CanonicalJson;
import hpf.crypto.FieldCipher;
import hpf.crypto.SignedDocument;
import hpf.crypto.Sm3;
import hpf.kit.Settings;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a database superuser can do to the evidence chain (and what the tests undo). Generous to the attacker: it
 * even holds the field key, so it can re-encrypt content; what it lacks is the chain key and the platform's SM2 key.
 * Each operation is one transaction holding every partition head's lock, with triggers off.
 */
final class EvidenceSurgeon {

  static final SecurityConfig SECURITY = HpfConfig.from(Settings.of(Map.of())).security();
  static final ChainKeys KEYS = new ChainKeys(SECURITY.chains().keys());
  static final FieldCipher FIELDS = new FieldCipher(SECURITY.fieldKeys(), SECURITY.blindIndexKey());

  private static final String COLUMNS = "seq, part, evidence_id, recorded_at, dependency, business_ref, person_id, content_enc,"
      + " prev_digest, digest, key_id, signature, key_version";

  private EvidenceSurgeon() {}

  static void operate(Consumer<SqlConnection> work) {
    SqlConnection conn = Superuser.pool().getConnection().await();
    try {
      Transaction tx = conn.begin().await();
      conn.query("SET LOCAL session_replication_role = replica").execute().await();
      conn.query("SELECT last_seq FROM evidence_chain_head FOR UPDATE").execute().await();
      work.accept(conn);
      tx.commit().await();
    } finally {
      conn.close().await();
    }
  }

  /** The chain's head: the highest partition head. */
  static long headSeq(SqlConnection conn) {
    return conn.query("SELECT max(last_seq) FROM evidence_chain_head").execute().await().iterator().next().getLong(0);
  }

  /** The sequence number of the record before the newest one in the whole log. */
  static long beforeLast(SqlConnection conn) {
    return conn.query("SELECT seq FROM evidence_record ORDER BY seq DESC OFFSET 1 LIMIT 1").execute().await()
        .iterator().next().getLong(0);
  }

  /**
   * Rewrites records from {@code fromSeq} to the head in sequence order, each within its partition: {@code change}
   * edits a record's content, then it is linked to its partition's record before and its digest recomputed, keyed and
   * re-signed (the platform's way, to restore) or plain SM3 with the old signature left in place (all an attacker
   * without the keys can do). Moves the heads' digests.
   */
  static void rehash(SqlConnection conn, long fromSeq, boolean withPlatformKeys, Consumer<Map<String, Object>> change) {
    Map<Integer, String> prev = new HashMap<>();
    for (Row head : conn.query("SELECT part FROM evidence_chain_head").execute().await()) {
      int part = head.getInteger(0);
      RowSet<Row> last = conn.preparedQuery("SELECT digest FROM evidence_record WHERE part = $1 AND seq < $2"
          + " ORDER BY seq DESC LIMIT 1").execute(Tuple.of(part, fromSeq)).await();
      prev.put(part, last.size() == 0 ? ChainHeads.genesis(part) : last.iterator().next().getString(0));
    }
    List<Row> rows = new ArrayList<>();
    conn.preparedQuery("SELECT * FROM evidence_record WHERE seq >= $1 ORDER BY seq").execute(Tuple.of(fromSeq)).await()
        .forEach(rows::add);
    for (Row row : rows) {
      long seq = row.getLong("seq");
      int part = row.getInteger("part");
      String evidenceId = row.getUUID("evidence_id").toString();
      Map<String, Object> content = new LinkedHashMap<>();
      ((Map<?, ?>) CanonicalJson.parse(FIELDS.decrypt(EvidenceLog.FIELD, evidenceId, row.getString("content_enc"))))
          .forEach((k, v) -> content.put((String) k, v));
      content.put("seq", seq);
      content.put("prevDigest", prev.get(part));
      change.accept(content);
      String canonical = CanonicalJson.write(content);
      String digest = withPlatformKeys ? KEYS.hash(canonical) : Sm3.digestHex(canonical);
      String signature = !withPlatformKeys ? row.getString("signature") : (String) ((Map<?, ?>) SignedDocument.sign(
          content, row.getString("key_id"), SECURITY.platformKeys().current()).get("signature")).get("value");
      conn.preparedQuery("""
              UPDATE evidence_record SET prev_digest = $2, digest = $3, content_enc = $4, signature = $5, key_version = $6
               WHERE seq = $1""")
          .execute(Tuple.of(seq, prev.get(part), digest, FIELDS.encrypt(EvidenceLog.FIELD, evidenceId, canonical),
              signature, withPlatformKeys ? KEYS.currentVersion() : null))
          .await();
      prev.put(part, digest);
    }
    prev.forEach((part, digest) -> conn.preparedQuery("UPDATE evidence_chain_head SET last_digest = $2 WHERE part = $1")
        .execute(Tuple.of(part, digest)).await());
  }

  /** Cuts every record after {@code keepSeq}, moves each partition's head back to its last record; answers the cut. */
  static List<Row> truncate(SqlConnection conn, long keepSeq) {
    List<Row> cut = new ArrayList<>();
    conn.preparedQuery("SELECT " + COLUMNS + " FROM evidence_record WHERE seq > $1 ORDER BY seq")
        .execute(Tuple.of(keepSeq)).await().forEach(cut::add);
    conn.preparedQuery("DELETE FROM evidence_record WHERE seq > $1").execute(Tuple.of(keepSeq)).await();
    heads(conn);
    return cut;
  }

  /** Moves every partition's head to its last record (or its start). */
  static void heads(SqlConnection conn) {
    conn.query("""
        UPDATE evidence_chain_head h
           SET last_seq = coalesce((SELECT max(seq) FROM evidence_record WHERE part = h.part), 0),
               last_digest = coalesce((SELECT digest FROM evidence_record WHERE part = h.part ORDER BY seq DESC LIMIT 1),
                                      lpad(to_hex(h.part), 64, '0'))""").execute().await();
  }

  /**
   * Undoes {@link #truncate}: the cut records back in place byte for byte, then whatever was appended meanwhile,
   * re-linked and re-signed after them.
   */
  static void restore(SqlConnection conn, long keptSeq, List<Row> cut) {
    List<Row> meanwhile = truncate(conn, keptSeq);
    for (List<Row> rows : List.of(cut, meanwhile)) {
      for (Row row : rows) {
        conn.preparedQuery("INSERT INTO evidence_record (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                + " $10, $11, $12, $13)")
            .execute(Tuple.from(new Object[] {row.getLong("seq"), row.getInteger("part"), row.getUUID("evidence_id"),
                row.getOffsetDateTime("recorded_at"), row.getString("dependency"), row.getString("business_ref"),
                row.getString("person_id"), row.getString("content_enc"), row.getString("prev_digest"),
                row.getString("digest"), row.getString("key_id"), row.getString("signature"),
                row.getInteger("key_version")}))
            .await();
      }
    }
    heads(conn);
    if (!meanwhile.isEmpty()) {
      rehash(conn, meanwhile.get(0).getLong("seq"), true, content -> { });
    }
  }
}
