package hpf.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * Recomputes the audit chain, every partition, from the stored rows ({@link ChainWalk}) and names the first record
 * that does not fit: a record whose keyed hash does not match (changed, or re-hashed without the chain key), one whose
 * predecessor was removed or moved, a changed head, or a partition cut back below a signed checkpoint.
 */
public final class AuditChainCheck implements ChainCheck {

  public static final ChainWalk.Table TABLE =
      new ChainWalk.Table("audit", "audit_chain_head", "last_hash", "audit_log", "hash", "prev_hash", "part", 1000);

  private final ChainWalk walk;

  public AuditChainCheck(Vertx vertx, Pool pool, ChainKeys keys) {
    this.walk = new ChainWalk(vertx, pool, TABLE, (row, keyed) -> check(keys, row, keyed));
  }

  /** @param anchor a signed checkpoint to verify against (null: none); {@code source} says whose it is */
  public Future<ChainWalk.Result> run(Checkpoint anchor, String source) {
    return walk.run(anchor, source);
  }

  /** The walk itself, for the anchoring (which verifies what it signs). */
  public ChainWalk walk() {
    return walk;
  }

  private static ChainWalk.Finding check(ChainKeys keys, Row row, boolean keyed) {
    long seq = row.getLong("seq");
    Integer version = row.getInteger("key_version");
    if (keyed != (version != null)) {
      return new ChainWalk.Finding("REHASHED", keyed
          ? "record " + seq + " carries no chain key: it was re-hashed without it"
          : "record " + seq + " is keyed but precedes the first keyed record", null);
    }
    if (!keys.matches(AuditLog.canonical(AuditLog.hashedFrom(row)), version, row.getString("hash"))) {
      return new ChainWalk.Finding("REHASHED", "record " + seq + " was changed after it was written", null);
    }
    return null;
  }
}
