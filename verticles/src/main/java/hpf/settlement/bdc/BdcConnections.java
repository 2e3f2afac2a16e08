package hpf.settlement.bdc;

import hpf.settlement.bank.BankConnections;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * A bounded pool of persistent BDC connections to one bank endpoint, as a bank's front-end processor keeps them. A
 * connection carries one exchange at a time (request, then its whole answer frame), so an answer read from it is the
 * answer to the request just written on it. It goes back to the pool only after a complete, readable answer with no
 * byte beyond it; a connection that timed out, broke, closed, or sent anything unasked is discarded, never reused in
 * the middle of a message. Idle connections are closed after {@code idleKeep}, well before the bank's own idle
 * timeout, so a reused one is rarely one the bank is closing. A caller that finds every connection busy waits at most
 * {@code waitLimit} (then: not sent).
 */
public final class BdcConnections {

  private final Vertx vertx;
  private final NetClient net;
  private final String host;
  private final int port;
  private final int max;
  private final Duration idleKeep;
  private final Duration waitLimit;
  private final Object lock = new Object();
  /** Most recently used first: the warm connections are taken, the cold ones expire. */
  private final Deque<BdcConnection> idle = new ArrayDeque<>();
  private final Deque<Promise<BdcConnection>> waiters = new ArrayDeque<>();
  private final Map<BankConnections.Discard, Long> discarded = new EnumMap<>(BankConnections.Discard.class);
  /** Connections established or being established. */
  private int open;
  private int inUse;
  private boolean closed;

  BdcConnections(Vertx vertx, NetClient net, String host, int port, int max, Duration idleKeep, Duration waitLimit) {
    if (max < 1) {
      throw new IllegalArgumentException("a bank needs at least one connection");
    }
    this.vertx = vertx;
    this.net = net;
    this.host = host;
    this.port = port;
    this.max = max;
    this.idleKeep = idleKeep;
    this.waitLimit = waitLimit;
  }

  /** A connection for one exchange: an idle one, a new one, or the next one released. Fails only when none came. */
  Future<BdcConnection> acquire() {
    synchronized (lock) {
      if (closed) {
        return Future.failedFuture(new BdcException("the client is closed"));
      }
      BdcConnection warm = idle.pollFirst();
      if (warm != null) {
        warm.leased();
        inUse++;
        return Future.succeededFuture(warm);
      }
      if (open < max) {
        open++;
        inUse++;
        return connect();
      }
      Promise<BdcConnection> waiter = Promise.promise();
      waiters.addLast(waiter);
      long timer = vertx.setTimer(waitLimit.toMillis(), t -> {
        synchronized (lock) {
          waiters.remove(waiter);
        }
        waiter.tryFail(new BdcException("all " + max + " connections busy for " + waitLimit.toMillis() + " ms"));
      });
      return waiter.future().onComplete(ar -> vertx.cancelTimer(timer));
    }
  }

  /** Called with the slot already counted as open and in use. */
  private Future<BdcConnection> connect() {
    return net.connect(port, host).map(socket -> new BdcConnection(this, vertx, socket)).onFailure(e -> {
      synchronized (lock) {
        open--;
        inUse--;
      }
      handOverSlot();
    });
  }

  /** After a complete, readable answer: the next waiter gets it, else the pool keeps it. */
  void release(BdcConnection connection) {
    Promise<BdcConnection> next;
    synchronized (lock) {
      if (connection.gone) {
        return; // discarded meanwhile (the bank closed it, or sent bytes nobody asked for)
      }
      if (closed) {
        connection.gone = true;
        inUse--;
        open--;
        next = null;
      } else if ((next = waiters.pollFirst()) == null) {
        inUse--;
        idle.addFirst(connection);
        connection.idleFor(idleKeep);
        return;
      }
    }
    if (next == null) {
      connection.close();
    } else if (!next.tryComplete(connection)) {
      release(connection); // that waiter gave up meanwhile
    }
  }

  /** A connection that may hold part of a message, or one the bank closed: closed, never used again. */
  void discard(BdcConnection connection, BankConnections.Discard why) {
    synchronized (lock) {
      if (connection.gone) {
        return;
      }
      connection.gone = true;
      if (!idle.remove(connection)) {
        inUse--;
      }
      open--;
      discarded.merge(why, 1L, Long::sum);
    }
    connection.close();
    handOverSlot();
  }

  /** Idle for too long: closed, unless it was taken for an exchange meanwhile. */
  void expire(BdcConnection connection) {
    synchronized (lock) {
      if (connection.gone || !idle.remove(connection)) {
        return;
      }
      connection.gone = true;
      open--;
      discarded.merge(BankConnections.Discard.IDLE_EXPIRED, 1L, Long::sum);
    }
    connection.close();
    handOverSlot();
  }

  /** A slot freed: the oldest waiter gets a new connection. */
  private void handOverSlot() {
    Promise<BdcConnection> next;
    synchronized (lock) {
      if (closed || open >= max || (next = waiters.pollFirst()) == null) {
        return;
      }
      open++;
      inUse++;
    }
    connect().onComplete(ar -> {
      if (ar.succeeded() && !next.tryComplete(ar.result())) {
        release(ar.result());
      } else if (ar.failed()) {
        next.tryFail(ar.cause());
      }
    });
  }

  /** Open, idle, in use, and the discards so far by reason. */
  public BankConnections.State state() {
    synchronized (lock) {
      return new BankConnections.State(open, idle.size(), inUse, new EnumMap<>(discarded));
    }
  }

  /** No new exchange; the idle connections close, the busy ones when their exchange ends. */
  Future<Void> close() {
    Deque<Promise<BdcConnection>> waiting;
    synchronized (lock) {
      closed = true;
      waiting = new ArrayDeque<>(waiters);
      waiters.clear();
      idle.forEach(c -> {
        c.gone = true;
        c.close();
      });
      open -= idle.size();
      idle.clear();
    }
    waiting.forEach(w -> w.tryFail(new BdcException("the client is closed")));
    return net.close();
  }
}
