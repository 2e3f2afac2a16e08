package hpf.channel;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import hpf.kit.ClusterFutures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Nonces seen within the signature window, shared by the whole cluster (a Hazelcast map with per-entry
 * expiry): a signed request replayed to any instance is refused. Entries live for twice the window, so a
 * nonce cannot come back while its timestamp is still acceptable. The check-and-record is one atomic entry
 * operation on the key's owner, sent asynchronously: no event loop waits on the network.
 *
 * <p>The map lives only as long as the cluster: after a full restart it is empty, and a request captured before
 * would pass as new. So the cluster also remembers when its nonce memory began (set once, by the first member that
 * needs it, before any nonce is recorded); a request signed before that moment is refused, whatever its nonce.
 */
public final class NonceRegistry {

  public static final String MAP = "hpf.channel.nonces";
  /** Per nonce map, the cluster time (epoch millis) its memory began. */
  public static final String MEMORY_MAP = "hpf.channel.nonce-memory";

  private static final long TIMEOUT_MILLIS = 2000;

  private final Vertx vertx;
  private final IMap<String, Boolean> seen;
  private final long ttlMillis;
  private final IMap<String, Long> memory;
  private final java.time.Clock clock;
  /** When the cluster's memory of this map's nonces began; 0 until this member has asked. */
  private volatile long memorySince;

  public NonceRegistry(Vertx vertx, IMap<String, Boolean> seen, IMap<String, Long> memory, Duration window,
                       java.time.Clock clock) {
    this.vertx = vertx;
    this.seen = seen;
    this.memory = memory;
    this.clock = clock;
    this.ttlMillis = window.toMillis() * 2;
    // Asked now, at start-up, so the moment is the cluster's start and not its first request (which would refuse
    // requests signed in between); a request arriving before the answer asks again.
    memorySince();
  }

  /**
   * When the cluster began to remember these nonces: asked once per member (the first member of a fresh cluster
   * sets it to its own now), then known locally. Signed requests older than this cannot be told from replays.
   */
  public Future<Long> memorySince() {
    long known = memorySince;
    if (known > 0) {
      return Future.succeededFuture(known);
    }
    return ClusterFutures.onContext(memory.submitToKey(seen.getName(), new BeginIfAbsent(clock.millis())),
            vertx.getOrCreateContext())
        .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onSuccess(since -> memorySince = since);
  }

  /** True when this app had not used this nonce yet; records it either way. */
  public Future<Boolean> firstUse(String appId, String nonce) {
    // Completed back on the caller's context, not on a Hazelcast thread; bounded, as the cluster may be slow.
    return ClusterFutures.onContext(seen.submitToKey(appId + "/" + nonce, new FirstUse(ttlMillis)),
            vertx.getOrCreateContext())
        .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Runs on the member that owns the key: records the nonce if absent, and says whether it was. */
  static final class FirstUse implements EntryProcessor<String, Boolean, Boolean> {
    private static final long serialVersionUID = 1L;
    private final long ttlMillis;

    FirstUse(long ttlMillis) {
      this.ttlMillis = ttlMillis;
    }

    @Override
    public Boolean process(Map.Entry<String, Boolean> entry) {
      if (entry.getValue() != null) {
        return Boolean.FALSE;
      }
      ((ExtendedMapEntry<String, Boolean>) entry).setValue(Boolean.TRUE, ttlMillis, TimeUnit.MILLISECONDS);
      return Boolean.TRUE;
    }
  }

  /** Runs on the member that owns the key: the moment the nonce memory began, set to {@code now} if unknown. */
  static final class BeginIfAbsent implements EntryProcessor<String, Long, Long> {
    private static final long serialVersionUID = 1L;
    private final long now;

    BeginIfAbsent(long now) {
      this.now = now;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      if (entry.getValue() == null) {
        entry.setValue(now);
      }
      return entry.getValue();
    }
  }
}
