package hpf.sources.evidence;

import hpf.audit.ChainHeads;
import hpf.audit.ChainKeys;
import hpf.crypto.CanonicalJson;
import hpf.crypto.FieldCipher;
import hpf.crypto.KeyRing;
import hpf.crypto.SignedDocument;
import hpf.crypto.Sm2Keys;
import hpf.kit.EncryptedColumn;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The evidence log (留痕存证): every data-source query and answer as canonical JSON ({@link CanonicalJson}), its keyed
 * digest (HMAC-SM3 under the chain key, {@link ChainKeys}; plain SM3 before keying) and the platform's SM2 signature
 * over it, chained: the content names the previous record's digest in its partition, so a record cannot be changed,
 * removed or reordered without breaking the chain. The chain is partitioned like the audit chain: each partition has
 * its own head row, whose lock orders that partition across every instance; sequence numbers come from one database
 * sequence.
 */
public final class EvidenceLog {

  static final String GENESIS = ChainHeads.genesis(0);
  static final String FIELD = "evidence_record.content";

  private final Vertx vertx;
  private final Pool pool;
  private final FieldCipher fields;
  private final KeyRing<Sm2Keys.Private> keys;
  private final ChainKeys chainKeys;
  private final Clock clock;

  /** Records stamped with the system clock (tests). */
  public EvidenceLog(Vertx vertx, Pool pool, FieldCipher fields, KeyRing<Sm2Keys.Private> keys, ChainKeys chainKeys) {
    this(vertx, pool, fields, keys, chainKeys, Clock.systemUTC());
  }

  public EvidenceLog(Vertx vertx, Pool pool, FieldCipher fields, KeyRing<Sm2Keys.Private> keys, ChainKeys chainKeys,
                     Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.fields = fields;
    this.keys = keys;
    this.chainKeys = chainKeys;
    this.clock = clock;
  }

  /** The encrypted column of this table, for key rotation (the only change its append-only guard lets through). */
  public static EncryptedColumn encryptedColumn() {
    return new EncryptedColumn("evidence_record", "evidence_id", "content_enc", FIELD);
  }

  /** Records in its own transaction; answers the evidence id. */
  public Future<String> record(Evidence evidence) {
    return pool.withTransaction(conn -> record(conn, evidence));
  }

  /**
   * Records inside the caller's transaction, so the evidence commits with the business record it supports; a
   * connection outside a transaction gets one of its own (the chain head's lock must last until the commit).
   */
  public Future<String> record(SqlConnection conn, Evidence evidence) {
    if (conn.transaction() == null) {
      return conn.begin().compose(tx -> append(conn, evidence)
          .compose(id -> tx.commit().map(id), failure -> tx.rollback().transform(v -> Future.failedFuture(failure))));
    }
    return append(conn, evidence);
  }

  private Future<String> append(SqlConnection conn, Evidence evidence) {
    // Microseconds: what PostgreSQL keeps, so the stored column matches the signed content.
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String evidenceId = UUID.randomUUID().toString();
    Object query;
    Object answer;
    try {
      query = normalized(evidence.query());
      answer = normalized(evidence.answer());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    // The partition of this connection's database backend: the transaction holds that one head's row lock until it
    // commits, so records on other connections (other partitions) do not wait for it, and a transaction recording
    // several never holds two heads. The sequence number is drawn after the lock is held (the outer SELECT reads the
    // locked row), so within a partition sequence numbers rise in chain order.
    return conn.query("""
            WITH head AS MATERIALIZED (
              SELECT part, last_digest FROM evidence_chain_head
               WHERE part = pg_backend_pid() % (SELECT count(*) FROM evidence_chain_head) FOR UPDATE)
            SELECT part, last_digest, nextval('evidence_record_seq') AS seq FROM head""").execute()
        .compose(rows -> {
          Row head = rows.iterator().next();
          long seq = head.getLong("seq");
          int part = head.getInteger("part");
          String prev = head.getString("last_digest");
          Map<String, Object> content = new LinkedHashMap<>();
          content.put("seq", seq);
          content.put("evidenceId", evidenceId);
          content.put("recordedAt", at.toString());
          content.put("dependency", evidence.dependency());
          content.put("businessRef", evidence.businessRef());
          content.put("personId", evidence.personId());
          content.put("query", query);
          content.put("answer", answer);
          content.put("prevDigest", prev);
          // Signing (~0.5 ms) and encryption are CPU work: on a worker. They cannot move before the lock: the signed
          // (and encrypted) content names the sequence number and the previous digest, which only the locked head
          // gives. The partition's head stays locked meanwhile, which is what orders its chain.
          return vertx.executeBlocking(() -> seal(evidenceId, content), false)
              .compose(sealed -> conn.preparedQuery("""
                      INSERT INTO evidence_record (seq, part, evidence_id, recorded_at, dependency, business_ref,
                                                   person_id, content_enc, prev_digest, digest, key_id, signature,
                                                   key_version)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""")
                  .execute(Tuple.from(new Object[] {seq, part, UUID.fromString(evidenceId),
                      OffsetDateTime.ofInstant(at, ZoneOffset.UTC), evidence.dependency(), evidence.businessRef(),
                      evidence.personId(), sealed.contentEnc(), prev, sealed.digest(), sealed.keyId(),
                      sealed.signature(), sealed.chainKeyVersion()}))
                  .compose(inserted -> conn.preparedQuery(
                          "UPDATE evidence_chain_head SET last_seq = $1, last_digest = $2 WHERE part = $3")
                      .execute(Tuple.of(seq, sealed.digest(), part))))
              .map(updated -> evidenceId);
        });
  }

  /** What is stored of one record besides its clear columns. */
  private record Sealed(String contentEnc, String digest, String keyId, String signature, int chainKeyVersion) {}

  private Sealed seal(String evidenceId, Map<String, Object> content) {
    String canonical = CanonicalJson.write(content);
    String keyId = keys.id() + ":" + keys.currentVersion();
    Map<?, ?> signature = (Map<?, ?>) SignedDocument.sign(content, keyId, keys.current()).get("signature");
    return new Sealed(fields.encrypt(FIELD, evidenceId, canonical), chainKeys.hash(canonical), keyId,
        (String) signature.get("value"), chainKeys.currentVersion());
  }

  /** JSON as the canonical form holds it: decimals as exact numbers (never floating point), nested maps and lists. */
  private static Object normalized(JsonObject json) {
    return json == null ? null : CanonicalJson.parse(json.encode());
  }
}
