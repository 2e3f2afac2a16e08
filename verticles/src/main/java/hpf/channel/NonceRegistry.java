package hpf.channel;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
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
 */
public final class NonceRegistry {

  public static final String MAP = "hpf.channel.nonces";

  private static final long TIMEOUT_MILLIS = 2000;

  private final Vertx vertx;
  private final IMap<String, Boolean> seen;
  private final long ttlMillis;

  public NonceRegistry(Vertx vertx, IMap<String, Boolean> seen, Duration window) {
    this.vertx = vertx;
    this.seen = seen;
    this.ttlMillis = window.toMillis() * 2;
  }

  /** True when this app had not used this nonce yet; records it either way. */
  public Future<Boolean> firstUse(String appId, String nonce) {
    // Completed back on the caller's context, not on a Hazelcast thread; bounded, as the cluster may be slow.
    return Future.fromCompletionStage(seen.submitToKey(appId + "/" + nonce, new FirstUse(ttlMillis)),
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
}
