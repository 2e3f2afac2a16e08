package hpf.sources.evidence;

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
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a database superuser can do to the evidence chain (and what the tests undo). Generous to the attacker: it
 * even holds the field key, so it can re-encrypt content; what it lacks is the chain key and the platform's SM2 key.
 * Each operation is one transaction holding the chain head's lock, with triggers off.
 */
final class EvidenceSurgeon {

  static final SecurityConfig SECURITY = HpfConfig.from(Settings.of(Map.of())).security();
  static final ChainKeys KEYS = new ChainKeys(SECURITY.chains().keys());
  static final FieldCipher FIELDS = new FieldCipher(SECURITY.fieldKeys(), SECURITY.blindIndexKey());

  private static final String COLUMNS = "seq, evidence_id, recorded_at, dependency, business_ref, person_id, content_enc,"
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

  static long headSeq(SqlConnection conn) {
    return conn.query("SELECT last_seq FROM evidence_chain_head").execute().await().iterator().next().getLong(0);
  }

  /**
   * Rewrites records from {@code fromSeq} to the head in order: {@code change} edits a record's content, then it is
   * linked to the record before and its digest recomputed, keyed and re-signed (the platform's way, to restore) or
   * plain SM3 with the old signature left in place (all an attacker without the keys can do). Moves the head.
   */
  static void rehash(SqlConnection conn, long fromSeq, boolean withPlatformKeys, Consumer<Map<String, Object>> change) {
    String prev = fromSeq == 1 ? EvidenceLog.GENESIS : conn.preparedQuery("SELECT digest FROM evidence_record WHERE seq = $1")
        .execute(Tuple.of(fromSeq - 1)).await().iterator().next().getString(0);
    long head = headSeq(conn);
    for (long seq = fromSeq; seq <= head; seq++) {
      Row row = conn.preparedQuery("SELECT * FROM evidence_record WHERE seq = $1").execute(Tuple.of(seq)).await()
          .iterator().next();
      String evidenceId = row.getUUID("evidence_id").toString();
      Map<String, Object> content = new LinkedHashMap<>();
      ((Map<?, ?>) CanonicalJson.parse(FIELDS.decrypt(EvidenceLog.FIELD, evidenceId, row.getString("content_enc"))))
          .forEach((k, v) -> content.put((String) k, v));
      content.put("seq", seq);
      content.put("prevDigest", prev);
      change.accept(content);
      String canonical = CanonicalJson.write(content);
      String digest = withPlatformKeys ? KEYS.hash(canonical) : Sm3.digestHex(canonical);
      String signature = !withPlatformKeys ? row.getString("signature") : (String) ((Map<?, ?>) SignedDocument.sign(
          content, row.getString("key_id"), SECURITY.platformKeys().current()).get("signature")).get("value");
      conn.preparedQuery("""
              UPDATE evidence_record SET prev_digest = $2, digest = $3, content_enc = $4, signature = $5, key_version = $6
               WHERE seq = $1""")
          .execute(Tuple.of(seq, prev, digest, FIELDS.encrypt(EvidenceLog.FIELD, evidenceId, canonical), signature,
              withPlatformKeys ? KEYS.currentVersion() : null))
          .await();
      prev = digest;
    }
    conn.preparedQuery("UPDATE evidence_chain_head SET last_digest = $1").execute(Tuple.of(prev)).await();
  }

  /** Cuts every record after {@code keepSeq} and moves the head back to it; answers what was cut. */
  static List<Row> truncate(SqlConnection conn, long keepSeq) {
    List<Row> cut = new ArrayList<>();
    conn.preparedQuery("SELECT " + COLUMNS + " FROM evidence_record WHERE seq > $1 ORDER BY seq")
        .execute(Tuple.of(keepSeq)).await().forEach(cut::add);
    conn.preparedQuery("DELETE FROM evidence_record WHERE seq > $1").execute(Tuple.of(keepSeq)).await();
    String digest = conn.preparedQuery("SELECT digest FROM evidence_record WHERE seq = $1").execute(Tuple.of(keepSeq))
        .await().iterator().next().getString(0);
    conn.preparedQuery("UPDATE evidence_chain_head SET last_seq = $1, last_digest = $2")
        .execute(Tuple.of(keepSeq, digest)).await();
    return cut;
  }

  /** Undoes {@link #truncate}: the cut records back in place, then whatever was appended meanwhile, re-chained. */
  static void restore(SqlConnection conn, long keptSeq, List<Row> cut) {
    List<Row> meanwhile = truncate(conn, keptSeq);
    long seq = keptSeq;
    for (List<Row> rows : List.of(cut, meanwhile)) {
      for (Row row : rows) {
        seq++;
        conn.preparedQuery("INSERT INTO evidence_record (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                + " $10, $11, $12)")
            .execute(Tuple.from(new Object[] {seq, row.getUUID("evidence_id"), row.getOffsetDateTime("recorded_at"),
                row.getString("dependency"), row.getString("business_ref"), row.getString("person_id"),
                row.getString("content_enc"), row.getString("prev_digest"), row.getString("digest"),
                row.getString("key_id"), row.getString("signature"), row.getInteger("key_version")}))
            .await();
      }
    }
    conn.preparedQuery("UPDATE evidence_chain_head SET last_seq = $1, last_digest = $2")
        .execute(Tuple.of(seq, cut.get(cut.size() - 1).getString("digest"))).await();
    if (!meanwhile.isEmpty()) {
      rehash(conn, keptSeq + cut.size() + 1, true, content -> { });
    }
  }
}
