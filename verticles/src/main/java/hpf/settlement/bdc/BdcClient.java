package hpf.settlement.bdc;

import hpf.crypto.Sm2Keys;
import hpf.settlement.bank.BankException.Kind;
import hpf.settlement.bank.BankException;
import hpf.settlement.bank.BankConnections;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import java.time.Clock;
import java.time.Duration;

/**
 * A partner bank over the BDC protocol, non-blocking (Vert.x NetClient), on persistent connections kept per bank
 * ({@link BdcConnections}: one exchange at a time on a connection, a broken or timed-out one discarded). No
 * connection (or none free in time) → NOT_SENT; the request written but no complete, readable answer within the
 * transaction timeout → UNCERTAIN, whether the connection was new or reused; a protocol refusal → REFUSED. Signs in
 * (BDC001) on first use and again, once, when the bank answers "not signed in" — safe to resend then, because the
 * bank refused the message before reading it.
 */
public final class BdcClient extends MessageGateway implements BankConnections {

  /**
   * Where the bank listens, how long a connection (or a free one) may take, the center's SM2 key the session key is
   * wrapped for, at most how many connections are kept open to the bank and how long an idle one is kept.
   */
  public record Endpoint(String host, int port, Duration connectTimeout, Sm2Keys.Private centerKey,
                         int maxConnections, Duration idleKeep) {

    /** At most 32 connections, an idle one closed after 30 s (the sandbox bank closes idle ones after 120 s). */
    public Endpoint(String host, int port, Duration connectTimeout, Sm2Keys.Private centerKey) {
      this(host, port, connectTimeout, centerKey, 32, Duration.ofSeconds(30));
    }
  }

  private final Vertx vertx;
  private final Endpoint endpoint;
  private final BdcConnections connections;
  private final Object lock = new Object();
  /** The session being established or in use; null before the first sign-in and after a sign-out or refusal. */
  private Future<byte[]> session;

  public BdcClient(Vertx vertx, BankLink link, Endpoint endpoint, Clock clock) {
    super(link, clock);
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.connections = new BdcConnections(vertx, vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, endpoint.connectTimeout().toMillis()))),
        endpoint.host(), endpoint.port(), endpoint.maxConnections(), endpoint.idleKeep(), endpoint.connectTimeout());
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

  /** Closes the client's connections. */
  public Future<Void> close() {
    return connections.close();
  }

  @Override
  public State connections() {
    return connections.state();
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
    return send(code, request, key, frame.toBuffer(), 2);
  }

  /**
   * One exchange on a pooled connection. A connection found closed before anything was written on it is replaced
   * (nothing was sent); once the request is written, any failure is UNCERTAIN and the connection is discarded.
   */
  private Future<BdcMessage> send(TxCode code, BdcMessage request, byte[] key, Buffer bytes, int tries) {
    return connections.acquire()
        .recover(e -> Future.failedFuture(new BankException(Kind.NOT_SENT, "bank " + bankCode() + " " + code
            + ": no connection (" + e.getClass().getSimpleName() + ")", e)))
        .compose(connection -> connection.exchange(bytes, link.timeout()).transform(ar -> {
          if (ar.failed() && ar.cause() instanceof BdcConnection.Stale) {
            return tries > 1 ? send(code, request, key, bytes, tries - 1) : Future.failedFuture(new BankException(
                Kind.NOT_SENT, "bank " + bankCode() + " " + code + ": no open connection", ar.cause()));
          }
          if (ar.failed()) {
            return Future.failedFuture(uncertain(code, ar.cause().getMessage(), ar.cause()));
          }
          try {
            BdcMessage answer = readAnswer(ar.result(), key, code, request);
            connections.release(connection);
            return Future.succeededFuture(answer);
          } catch (BdcException e) {
            connections.discard(connection, Discard.BROKEN);
            return Future.failedFuture(uncertain(code, "an unreadable answer (" + e.getMessage() + ")", e));
          }
        }));
  }

  /**
   * The answer to {@code request}: on a connection that carries one exchange at a time it can only be that, and its
   * transaction code (and the serial, when the bank echoes it) must say so too.
   */
  private static BdcMessage readAnswer(BdcFrame reply, byte[] key, TxCode code, BdcMessage request) {
    if (reply.header().txCode() != code) {
      throw new BdcException("answer for " + reply.header().txCode() + " to " + code);
    }
    BdcMessage message = BdcCodec.read(reply, reply.header().clear() ? null : key);
    String echoed = message.head("SendSeqNo");
    if (echoed != null && !echoed.isEmpty() && !echoed.equals(request.head("SendSeqNo"))) {
      throw new BdcException("an answer to another request");
    }
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
