package hpf.settlement.bdc;

import hpf.settlement.bank.BankConnections.Discard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;

/**
 * One persistent connection of a {@link BdcConnections} pool: one exchange at a time, the whole answer frame read
 * before the next request is written on it. Anything else (a timeout, a broken or unreadable frame, bytes beyond the
 * frame or when nothing was asked, the bank closing it) discards the connection: its stream may be in the middle of a
 * message, so it is never used again.
 */
final class BdcConnection {

  /** A connection the bank closed before anything was written on it: nothing was sent, another may be used. */
  static final class Stale extends RuntimeException {
    Stale() {
      super("the connection was closed before the request was written", null, false, false);
    }
  }

  private final BdcConnections pool;
  private final Vertx vertx;
  private final NetSocket socket;
  /** Out of the pool for good; changed under the pool's lock only. */
  volatile boolean gone;
  /** The exchange in progress (all three null between exchanges); guarded by this. */
  private FrameDecoder decoder;
  private Promise<BdcFrame> answer;
  private long timer = -1;
  private long idleTimer = -1;

  BdcConnection(BdcConnections pool, Vertx vertx, NetSocket socket) {
    this.pool = pool;
    this.vertx = vertx;
    this.socket = socket;
    socket.handler(this::received);
    socket.exceptionHandler(e -> fail(Discard.BROKEN, "a connection error after sending", e));
    socket.closeHandler(v -> closed());
  }

  /**
   * Writes the request and answers the bank's whole answer frame within {@code timeout}, on the caller's context.
   * When it fails the connection is already discarded; {@link Stale} means nothing was written.
   */
  Future<BdcFrame> exchange(Buffer request, Duration timeout) {
    Context caller = vertx.getOrCreateContext();
    Promise<BdcFrame> read = Promise.promise();
    synchronized (this) {
      if (gone) {
        return Future.failedFuture(new Stale());
      }
      decoder = new FrameDecoder();
      answer = read;
      timer = vertx.setTimer(timeout.toMillis(), t -> fail(Discard.TIMEOUT,
          "no complete answer within " + timeout.toSeconds() + " s", null));
    }
    socket.write(request).onFailure(e -> fail(Discard.BROKEN, "the request could not be written whole", e));
    Promise<BdcFrame> onCaller = Promise.promise();
    read.future().onComplete(ar -> {
      if (Vertx.currentContext() == caller) {
        onCaller.handle(ar);
      } else {
        caller.runOnContext(v -> onCaller.handle(ar));
      }
    });
    return onCaller.future();
  }

  private void received(Buffer chunk) {
    Promise<BdcFrame> done = null;
    BdcFrame frame = null;
    String wrong = null;
    BdcException cause = null;
    synchronized (this) {
      if (decoder == null) {
        wrong = "bytes nobody asked for";
      } else {
        try {
          frame = decoder.feed(chunk);
        } catch (BdcException e) {
          wrong = "an unreadable answer (" + e.getMessage() + ")";
          cause = e;
        }
        if (frame != null) {
          done = answer;
          clear(); // answered: any byte from now on is one nobody asked for
        }
      }
    }
    if (wrong != null) {
      fail(Discard.BROKEN, wrong, cause);
    } else if (done != null) {
      done.tryComplete(frame);
    }
  }

  private void closed() {
    int received;
    synchronized (this) {
      received = decoder == null ? -1 : decoder.received();
    }
    fail(Discard.CLOSED_BY_BANK, "the connection closed after " + Math.max(received, 0) + " bytes of the answer", null);
  }

  /** Ends the exchange in progress, if any, with {@code what}, and discards the connection. */
  private void fail(Discard why, String what, Throwable cause) {
    Promise<BdcFrame> pending;
    synchronized (this) {
      pending = answer;
      clear();
    }
    pool.discard(this, why);
    if (pending != null) {
      pending.tryFail(new BdcException(what, cause));
    }
  }

  /** Called with this locked. */
  private void clear() {
    decoder = null;
    answer = null;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  synchronized void idleFor(Duration keep) {
    idleTimer = vertx.setTimer(keep.toMillis(), t -> pool.expire(this));
  }

  synchronized void leased() {
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
      idleTimer = -1;
    }
  }

  void close() {
    socket.close();
  }
}
