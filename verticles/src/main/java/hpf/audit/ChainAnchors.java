package hpf.audit;

import hpf.crypto.CanonicalJson;
import hpf.crypto.KeyRing;
import hpf.crypto.SignedDocument;
import hpf.crypto.Sm2Keys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed checkpoints (SM2, platform key) of the chains' heads, anchored outside the database: every N records or M
 * minutes and on demand, each is written to the log (one JSON line), to {@code <data dir>/chain-anchors/<chain>.json}
 * and kept in memory; the head sequence is a metric. Only a chain that verifies is signed: the records after the newest
 * anchor are checked first (the whole chain for the first anchor), so a cut or re-hashed chain is logged as an error
 * and never laundered into a newer checkpoint.
 */
public final class ChainAnchors {

  private static final Logger LOG = LoggerFactory.getLogger("hpf.audit.checkpoint");
  private static final long POLL_MILLIS = 10_000;

  /** What this instance holds of one chain. */
  private static final class Held {
    final ChainWalk walk;
    final ChainWalk.Table table;
    final AtomicLong head = new AtomicLong(-1);
    volatile Map<String, Object> document;
    volatile Checkpoint checkpoint;
    volatile long attemptedAtMillis;
    volatile boolean failed;
    Future<Map<String, Object>> inFlight = Future.succeededFuture();

    Held(ChainWalk walk) {
      this.walk = walk;
      this.table = walk.table();
    }
  }

  private final Vertx vertx;
  private final KeyRing<Sm2Keys.Private> keys;
  private final Path dir;
  private final int everyRecords;
  private final Duration every;
  private final Clock clock;
  private final Map<String, Held> chains = new LinkedHashMap<>();

  public ChainAnchors(Vertx vertx, Pool pool, KeyRing<Sm2Keys.Private> keys, Path dataDir, List<ChainWalk> walks,
                      int everyRecords, Duration every, MeterRegistry registry) {
    this.vertx = vertx;
    this.keys = keys;
    this.dir = dataDir.resolve("chain-anchors");
    this.everyRecords = everyRecords;
    this.every = every;
    this.clock = Clock.systemUTC();
    for (ChainWalk walk : walks) {
      Held held = new Held(walk);
      chains.put(walk.table().chain(), held);
      Gauge.builder("hpf_audit_chain_head_sequence", held.head, AtomicLong::get).tag("chain", walk.table().chain())
          .description("Sequence of the chain's head as last read by this instance (-1 before the first read)")
          .register(registry);
    }
  }

  /** Loads the anchors kept in the data directory, anchors each chain's head, then keeps anchoring. */
  public Future<Void> start() {
    return vertx.fileSystem().mkdirs(dir.toString())
        .compose(v -> Future.all(chains.values().stream().map(this::load).toList()))
        .onSuccess(v -> {
          tick();
          vertx.setPeriodic(POLL_MILLIS, POLL_MILLIS, id -> tick());
        })
        .mapEmpty();
  }

  /** The newest checkpoint this instance holds of a chain (highest sequence), or null. */
  public Checkpoint newest(String chain) {
    Held held = chains.get(chain);
    return held == null ? null : held.checkpoint;
  }

  /** The newest signed checkpoint document of a chain, or null. */
  public Map<String, Object> newestDocument(String chain) {
    Held held = chains.get(chain);
    return held == null ? null : held.document;
  }

  public boolean knows(String chain) {
    return chains.containsKey(chain);
  }

  /** The checkpoint a signed document carries, or an {@link IllegalArgumentException} when the platform did not sign it. */
  public Checkpoint accept(Map<?, ?> document) {
    KeyRing<Sm2Keys.Public> publicKeys = keys.map(Sm2Keys.Private::publicKey);
    String prefix = publicKeys.id() + ":";
    boolean signed = SignedDocument.verify(document, keyId -> {
      try {
        return keyId != null && keyId.startsWith(prefix)
            ? publicKeys.version(Integer.parseInt(keyId.substring(prefix.length()))) : null;
      } catch (RuntimeException unknown) {
        return null;
      }
    });
    if (!signed || !(document.get("content") instanceof Map<?, ?> content)) {
      throw new IllegalArgumentException("not signed by this platform");
    }
    return Checkpoint.of(content);
  }

  /** Signs and anchors the chain's head now (one at a time per chain); answers the signed document. */
  public Future<Map<String, Object>> anchor(String chain) {
    Held held = chains.get(chain);
    synchronized (held) {
      held.inFlight = held.inFlight.transform(previous -> anchorNow(held));
      return held.inFlight;
    }
  }

  private void tick() {
    chains.values().forEach(held -> held.walk.headSeq().onSuccess(headSeq -> {
      held.head.set(headSeq);
      Checkpoint last = held.checkpoint;
      boolean intervalPassed = clock.millis() - held.attemptedAtMillis >= every.toMillis();
      boolean due = last == null || headSeq - last.seq() >= everyRecords || headSeq != last.seq() && intervalPassed;
      // After a chain failed to verify: the error is logged again once an interval, not on every tick.
      if (due && (!held.failed || intervalPassed)) {
        anchor(held.table.chain());
      }
    }));
  }

  private Future<Map<String, Object>> anchorNow(Held held) {
    Checkpoint last = held.checkpoint;
    held.attemptedAtMillis = clock.millis();
    return (last == null ? held.walk.run(null, null) : held.walk.since(last)).compose(result -> {
      held.head.set(result.headSeq());
      held.failed = !result.valid();
      if (!result.valid()) {
        LOG.atError().addKeyValue("chain", held.table.chain()).addKeyValue("code", result.finding().code())
            .addKeyValue("brokenAt", result.brokenAt()).addKeyValue("headSeq", result.headSeq())
            .log("chain does not verify; no checkpoint signed: " + result.finding().problem());
        return Future.failedFuture(new IllegalStateException(result.finding().code()));
      }
      Checkpoint checkpoint = result.heads().checkpoint(held.table, clock.instant().truncatedTo(ChronoUnit.MILLIS));
      return vertx.executeBlocking(() -> SignedDocument.sign(checkpoint.content(),
              keys.id() + ":" + keys.currentVersion(), keys.current()), false)
          .compose(document -> keep(held, checkpoint, document));
    });
  }

  private Future<Map<String, Object>> keep(Held held, Checkpoint checkpoint, Map<String, Object> document) {
    String text = CanonicalJson.write(document);
    Path file = dir.resolve(checkpoint.chain() + ".json");
    Path temp = dir.resolve(checkpoint.chain() + ".json.tmp");
    return vertx.fileSystem().writeFile(temp.toString(), Buffer.buffer(text))
        .compose(v -> vertx.fileSystem().move(temp.toString(), file.toString(),
            new CopyOptions().setReplaceExisting(true).setAtomicMove(true)))
        .map(v -> {
          held.checkpoint = checkpoint;
          held.document = document;
          // The document travels base64-encoded: the log's masking of digit runs must not touch hash or signature.
          LOG.atInfo().addKeyValue("chain", checkpoint.chain()).addKeyValue("seq", checkpoint.seq())
              .addKeyValue("checkpoint", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)))
              .log("signed chain checkpoint");
          return document;
        });
  }

  private Future<Void> load(Held held) {
    String file = dir.resolve(held.table.chain() + ".json").toString();
    return vertx.fileSystem().exists(file).compose(exists -> !exists ? Future.succeededFuture()
        : vertx.fileSystem().readFile(file).map(buffer -> {
          try {
            @SuppressWarnings("unchecked")
            Map<String, Object> document = (Map<String, Object>) CanonicalJson.parse(buffer.toString(StandardCharsets.UTF_8));
            held.checkpoint = accept(document);
            held.document = document;
          } catch (RuntimeException unreadable) {
            LOG.atError().addKeyValue("file", file).log("kept chain checkpoint is not one this platform signed; ignored");
          }
          return null;
        }));
  }
}
