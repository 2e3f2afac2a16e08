package hpf.audit;

import hpf.crypto.CanonicalJson;
import io.vertx.core.Future;
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
import java.util.TreeMap;

/**
 * The audit log: append-only, each record chained to the previous one by
 * {@code hash = HMAC-SM3(chain key, canonical JSON of the record with prevHash)} ({@link ChainKeys}; records from
 * before keying keep plain SM3). The chain is partitioned: each partition has its own head row and hash chain, so
 * appends on different partitions do not wait for each other; sequence numbers come from one database sequence.
 */
public final class AuditLog {

  static final String GENESIS = ChainHeads.genesis(0);

  private final Pool pool;
  private final ChainKeys keys;
  private final Clock clock;

  /** Records stamped with the system clock (tools and tests). */
  public AuditLog(Pool pool, ChainKeys keys) {
    this(pool, keys, Clock.systemUTC());
  }

  public AuditLog(Pool pool, ChainKeys keys, Clock clock) {
    this.pool = pool;
    this.keys = keys;
    this.clock = clock;
  }

  /** Appends in its own transaction; returns the record's sequence number. */
  public Future<Long> append(AuditEntry entry) {
    return pool.withTransaction(conn -> append(conn, entry));
  }

  /**
   * Appends inside the caller's transaction, so the audited change and its record commit together. The record goes to
   * the partition of this connection's database backend ({@code pg_backend_pid() % partitions}): the transaction holds
   * that one partition head's row lock until it commits, so appends on other connections (other partitions) do not
   * wait for it, and a transaction appending several records never holds two heads (no deadlock between appends).
   */
  public Future<Long> append(SqlConnection conn, AuditEntry entry) {
    if (conn.transaction() == null) {
      // The head's lock must last until the record and the head's move commit: outside a transaction, one of its own.
      return conn.begin().compose(tx -> appendLocked(conn, entry)
          .compose(seq -> tx.commit().map(seq), failure -> tx.rollback().transform(v -> Future.failedFuture(failure))));
    }
    return appendLocked(conn, entry);
  }

  private Future<Long> appendLocked(SqlConnection conn, AuditEntry entry) {
    // Microseconds: what PostgreSQL keeps, so the hash recomputed from the stored row matches.
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    // The sequence number is drawn after the head's lock is held (the outer SELECT reads the locked row), so within a
    // partition sequence numbers rise in chain order; across partitions they give the global order of appends.
    return conn.query("""
            WITH head AS MATERIALIZED (
              SELECT part, last_hash FROM audit_chain_head
               WHERE part = pg_backend_pid() % (SELECT count(*) FROM audit_chain_head) FOR UPDATE)
            SELECT part, last_hash, nextval('audit_log_seq') AS seq FROM head""").execute()
        .compose(rows -> {
          Row head = rows.iterator().next();
          long seq = head.getLong("seq");
          int part = head.getInteger("part");
          String prev = head.getString("last_hash");
          int version = keys.currentVersion();
          String hash = keys.hash(canonical(entry.hashed(seq, at, prev)));
          return conn.preparedQuery("""
                  INSERT INTO audit_log (seq, part, at, actor, actor_kind, channel, operation, target, outcome,
                                         request_id, details, prev_hash, hash, key_version)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)""")
              .execute(Tuple.from(new Object[] {seq, part, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), entry.actor(),
                  entry.actorKind(), entry.channel(), entry.operation(), entry.target(), entry.outcome(),
                  entry.requestId(), new JsonObject(new LinkedHashMap<>(entry.details())), prev, hash, version}))
              .compose(inserted -> conn.preparedQuery(
                      "UPDATE audit_chain_head SET last_seq = $1, last_hash = $2 WHERE part = $3")
                  .execute(Tuple.of(seq, hash, part)))
              .map(updated -> seq);
        });
  }

  static String canonical(Map<String, Object> record) {
    return CanonicalJson.write(record);
  }

  /** Rebuilds what was hashed from a stored row. */
  static Map<String, Object> hashedFrom(Row row) {
    Map<String, String> details = new TreeMap<>();
    JsonObject stored = (JsonObject) row.getJson("details");
    stored.forEach(e -> details.put(e.getKey(), String.valueOf(e.getValue())));
    AuditEntry entry = new AuditEntry(row.getString("actor"), row.getString("actor_kind"), row.getString("channel"),
        row.getString("operation"), row.getString("target"), row.getString("outcome"), row.getString("request_id"),
        details);
    return entry.hashed(row.getLong("seq"), row.getOffsetDateTime("at").toInstant(), row.getString("prev_hash"));
  }
}
