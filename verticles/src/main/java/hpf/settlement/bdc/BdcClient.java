package hpf.settlement.bdc;

import hpf.crypto.Sm2Keys;
import hpf.settlement.bank.BankException.Kind;
import hpf.settlement.bank.BankException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Clock;
import java.time.Duration;

/**
 * A partner bank over the BDC protocol: one TCP connection per request (as the protocol says), non-blocking
 * (Vert.x NetClient). No connection → NOT_SENT; the request written but no complete, readable answer within the
 * transaction timeout → UNCERTAIN; a protocol refusal → REFUSED. Signs in (BDC001) on first use and again, once, when
 * the bank answers "not signed in" — safe to resend then, because the bank refused the message before reading it.
 */
public final class BdcClient extends MessageGateway {

  /** Where the bank listens, how long a connection may take, and the center's SM2 key the session key is wrapped for. */
  public record Endpoint(String host, int port, Duration connectTimeout, Sm2Keys.Private centerKey) {}

  private final Vertx vertx;
  private final Endpoint endpoint;
  private final NetClient net;
  private final Object lock = new Object();
  /** The session being established or in use; null before the first sign-in and after a sign-out or refusal. */
  private Future<byte[]> session;

  public BdcClient(Vertx vertx, BankLink link, Endpoint endpoint, Clock clock) {
    super(link, clock);
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.net = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, endpoint.connectTimeout().toMillis())));
  }

  @Override
  public Future<Void> signIn() {
    synchronized (lock) {
      return remember(newSession()).mapEmpty();
    }
  }

  @Override
  public Future<Void> signOut() {
    return headOnly(TxCode.BDC002).onSuccess(v -> {
      synchronized (lock) {
        session = null;
      }
    });
  }

  /** Closes the client's connections (none stay open between requests). */
  public Future<Void> close() {
    return net.close();
  }

  @Override
  protected Future<BdcMessage> exchange(TxCode code, BdcMessage request) {
    if (code.clear()) {
      return send(code, request, null);
    }
    return session().compose(key -> send(code, request, key).compose(answer -> {
      if (!notSignedIn(answer)) {
        return Future.succeededFuture(answer);
      }
      drop(key);
      return session().compose(again -> send(code, request, again));
    }));
  }

  private static boolean notSignedIn(BdcMessage answer) {
    return "1".equals(answer.head("TxStatus")) && ReturnCodes.NOT_SIGNED_IN.equals(answer.head("RtnCode"));
  }

  /** The session in use, signing in when there is none; concurrent callers share one sign-in. */
  private Future<byte[]> session() {
    synchronized (lock) {
      return session != null ? session : remember(newSession());
    }
  }

  /**
   * Keeps a sign-in as the session; a failed one is not kept, so the next call tries again. A sign-in that has
   * already failed runs the callback at once (same thread, reentrant lock) and clears the field: callers get the
   * Future given here, never the field read after registering the callback. Called with the lock held.
   */
  private Future<byte[]> remember(Future<byte[]> fresh) {
    session = fresh;
    fresh.onFailure(e -> {
      synchronized (lock) {
        if (session == fresh) {
          session = null;
        }
      }
    });
    return fresh;
  }

  private void drop(byte[] key) {
    synchronized (lock) {
      if (session != null && session.succeeded() && session.result() == key) {
        session = null;
      }
    }
  }

  private Future<byte[]> newSession() {
    return call(TxCode.BDC001, request(TxCode.BDC001, null, null), a -> a.requireProcessed().text("SessionKey"))
        // SM2 decryption is a millisecond of CPU: a worker's, not the event loop's.
        .compose(wrapped -> vertx.executeBlocking(() -> BdcCipher.unwrapKey(endpoint.centerKey(), wrapped), false))
        .recover(e -> Future.failedFuture(e instanceof BdcException ? new BankException(Kind.REFUSED,
            "bank " + bankCode() + " sent a session key that does not unwrap", e) : e));
  }

  private Future<BdcMessage> send(TxCode code, BdcMessage request, byte[] key) {
    BdcFrame frame = key == null ? BdcCodec.clear(link.centerNode(), code, request)
        : BdcCodec.sealed(link.centerNode(), code, request, key);
    Promise<BdcMessage> answer = Promise.promise();
    net.connect(endpoint.port(), endpoint.host()).onComplete(connected -> {
      if (connected.failed()) {
        answer.fail(new BankException(Kind.NOT_SENT, "bank " + bankCode() + " " + code + ": no connection ("
            + connected.cause().getClass().getSimpleName() + ")", connected.cause()));
        return;
      }
      converse(connected.result(), frame, key, code, answer);
    });
    return answer.future();
  }

  /** Writes the frame and reads one answer frame, within the transaction timeout. */
  private void converse(NetSocket socket, BdcFrame frame, byte[] key, TxCode code, Promise<BdcMessage> answer) {
    FrameDecoder decoder = new FrameDecoder();
    long timer = vertx.setTimer(link.timeout().toMillis(), t -> {
      answer.tryFail(uncertain(code, "no complete answer within " + link.timeout().toSeconds() + " s", null));
      socket.close();
    });
    socket.handler(chunk -> {
      try {
        BdcFrame reply = decoder.feed(chunk);
        if (reply != null) {
          vertx.cancelTimer(timer);
          answer.tryComplete(readAnswer(reply, key, code));
          socket.close();
        }
      } catch (BdcException e) {
        vertx.cancelTimer(timer);
        answer.tryFail(uncertain(code, "an unreadable answer (" + e.getMessage() + ")", e));
        socket.close();
      }
    });
    socket.exceptionHandler(e -> {
      vertx.cancelTimer(timer);
      answer.tryFail(uncertain(code, "a connection error after sending", e));
      socket.close();
    });
    socket.closeHandler(v -> {
      vertx.cancelTimer(timer);
      answer.tryFail(uncertain(code, "the connection closed after " + decoder.received() + " bytes of the answer", null));
    });
    socket.write(frame.toBuffer());
  }

  private static BdcMessage readAnswer(BdcFrame reply, byte[] key, TxCode code) {
    if (reply.header().txCode() != code) {
      throw new BdcException("answer for " + reply.header().txCode() + " to " + code);
    }
    BdcMessage message = BdcCodec.read(reply, reply.header().clear() ? null : key);
    // A business request answered in clear text can only be a refusal: a clear "success" would be unauthenticated.
    if (reply.header().clear() && !code.clear() && !"1".equals(message.head("TxStatus"))) {
      throw new BdcException("a clear answer to an encrypted request that is not a refusal");
    }
    return message;
  }

  private BankException uncertain(TxCode code, String what, Throwable cause) {
    return new BankException(Kind.UNCERTAIN, "bank " + bankCode() + " " + code + ": " + what, cause);
  }
}
