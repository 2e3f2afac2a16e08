package hpf.sources.evidence;

import hpf.audit.ChainCheck;
import hpf.audit.ChainWalk;
import hpf.audit.Checkpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * Walks the whole evidence chain, every partition ({@link ChainWalk}: batches on a worker, decryption and SM2
 * verification) and names
 * the first record that does not hold: content whose keyed digest does not match, content that disagrees with its
 * columns or its signature, a missing record or a broken link, a changed head, or a chain cut back below a signed
 * checkpoint.
 */
public final class EvidenceChainCheck implements ChainCheck {

  public static final ChainWalk.Table TABLE = new ChainWalk.Table("evidence", "evidence_chain_head", "last_digest",
      "evidence_record", "digest", "prev_digest", "part", 500);

  private final ChainWalk walk;

  EvidenceChainCheck(Vertx vertx, Pool pool, EvidenceCheck check) {
    this.walk = new ChainWalk(vertx, pool, TABLE, (row, keyed) -> check(check, row, keyed));
  }

  public Future<ChainWalk.Result> run(Checkpoint anchor, String source) {
    return walk.run(anchor, source);
  }

  /** The walk itself, for the anchoring (which verifies what it signs). */
  public ChainWalk walk() {
    return walk;
  }

  private static ChainWalk.Finding check(EvidenceCheck check, Row row, boolean keyed) {
    long seq = row.getLong("seq");
    String evidenceId = row.getUUID("evidence_id").toString();
    if (keyed != (row.getInteger("key_version") != null)) {
      return new ChainWalk.Finding("REHASHED", keyed
          ? "record " + seq + " carries no chain key: it was re-hashed without it"
          : "record " + seq + " is keyed but precedes the first keyed record", evidenceId);
    }
    EvidenceCheck.Verdict verdict = check.check(check.open(row), row.getString("prev_digest"));
    return verdict.valid() ? null : new ChainWalk.Finding(verdict.code(), verdict.problem(), evidenceId);
  }
}
