package hpf.audit;

import io.vertx.core.Future;

/** One hash chain's verification (the audit log's, the evidence log's), as the chain admin runs it. */
public interface ChainCheck {

  /** Walks the chain from its start, checking it against {@code anchor} when one is given. */
  Future<ChainWalk.Result> run(Checkpoint anchor, String source);

  ChainWalk walk();
}
