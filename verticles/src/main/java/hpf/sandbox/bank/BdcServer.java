package hpf.sandbox.bank;

import hpf.crypto.Sm2Keys;
import hpf.crypto.Sm4;
import hpf.settlement.bdc.BdcCipher;
import hpf.settlement.bdc.BdcCodec;
import hpf.settlement.bdc.BdcException;
import hpf.settlement.bdc.BdcFrame;
import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.BdcXml;
import hpf.settlement.bdc.FrameDecoder;
import hpf.settlement.bdc.ReturnCodes;
import hpf.settlement.bdc.TxCode;
import io.vertx.core.Future;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * One sandbox bank's BDC listener on its own loopback port. A connection carries as many requests as the center
 * sends, one at a time as a bank's front-end processor takes them on its long connections (a client that closes
 * after one answer is served as well); sign-in hands out a fresh
 * SM4 session key wrapped for the center's SM2 key, business bodies are opened with the sender's session (the last
 * two keys are accepted, so requests in flight during a new sign-in still open). A body that opens with none is
 * answered in clear with E1001 (sign in again). "Down" closes the listener and the connections it kept: connections
 * are refused.
 */
final class BdcServer {

  private static final int KEPT_KEYS = 2;

  private final SimulatedBank bank;
  private final Sm2Keys.Public centerKey;
  private final Map<String, Deque<byte[]>> sessions = new HashMap<>();
  /** The connections open now: a bank that goes down drops them too. */
  private final java.util.Set<NetSocket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private NetServer server;
  private int port;

  BdcServer(SimulatedBank bank, Sm2Keys.Public centerKey) {
    this.bank = bank;
    this.centerKey = centerKey;
  }

  /** Listens on {@code requested} (0: any free port; later restarts reuse the port first bound). */
  Future<Integer> listen(int requested) {
    // Idle connections (a client that never sends, a "no answer" movement) are closed after two minutes.
    NetServer created = bank.vertx().createNetServer(new NetServerOptions().setIdleTimeout(120));
    created.connectHandler(this::serve);
    return created.listen(requested == 0 && port != 0 ? port : requested, "127.0.0.1").map(s -> {
      server = s;
      port = s.actualPort();
      return port;
    });
  }

  /** Stops listening and drops the connections it kept (the center's requests on them end unanswered). */
  Future<Void> close() {
    NetServer s = server;
    server = null;
    open.forEach(NetSocket::close);
    return s == null ? Future.succeededFuture() : s.close();
  }

  boolean listening() {
    return server != null;
  }

  int port() {
    return port;
  }

  private void serve(NetSocket socket) {
    Conversation conversation = new Conversation();
    open.add(socket);
    socket.closeHandler(v -> open.remove(socket));
    socket.handler(chunk -> {
      BdcFrame frame;
      try {
        frame = conversation.feed(chunk);
      } catch (BdcException e) {
        socket.close(); // nothing trustworthy to answer to, or a client that did not wait for its answer
        return;
      }
      if (frame != null) {
        Future<BdcFrame> reply;
        try {
          reply = answer(frame);
        } catch (RuntimeException e) {
          reply = Future.failedFuture(e);
        }
        // A teller fault is a dropped connection (the client's "uncertain"), never a connection left hanging.
        // Ready for the next request before the answer leaves: the client sends it only once it has the answer.
        reply.onSuccess(r -> {
          conversation.answered();
          socket.write(r.toBuffer());
        }).onFailure(e -> socket.close());
      }
    });
  }

  /**
   * The frames of one connection, one at a time: the next request is read only once the answer to the last one is
   * ready; bytes before that are a protocol error (the connection is closed, no request is guessed at).
   */
  private static final class Conversation {
    private FrameDecoder decoder = new FrameDecoder();
    private boolean answering;

    synchronized BdcFrame feed(io.vertx.core.buffer.Buffer chunk) {
      if (answering) {
        throw new BdcException("a request before the answer to the last one");
      }
      BdcFrame frame = decoder.feed(chunk);
      answering = frame != null;
      return frame;
    }

    synchronized void answered() {
      decoder = new FrameDecoder();
      answering = false;
    }
  }

  private Future<BdcFrame> answer(BdcFrame frame) {
    TxCode code = frame.header().txCode();
    String sender = frame.header().senderNode();
    if (frame.header().clear()) {
      BdcMessage request;
      try {
        request = BdcXml.read(frame.payload());
      } catch (BdcException e) {
        return Future.succeededFuture(refusal(code, new BdcMessage().head("TxCode", code.name()), ReturnCodes.FORMAT_ERROR));
      }
      if (!code.clear()) {
        return Future.succeededFuture(refusal(code, request, ReturnCodes.FORMAT_ERROR));
      }
      if (code == TxCode.BDC001) {
        // SM2 encryption of the new key is CPU work: a worker's.
        return bank.vertx().executeBlocking(() -> BdcCodec.clear(bank.bankNode(), code, signIn(sender, request)), false);
      }
      return bank.serve(code, request).map(reply -> BdcCodec.clear(bank.bankNode(), code, reply));
    }
    for (byte[] key : keys(sender)) {
      BdcMessage request;
      try {
        request = BdcCodec.read(frame, key);
      } catch (BdcException e) {
        continue; // another of the sender's keys, or none
      }
      return bank.serve(code, request).map(reply -> BdcCodec.sealed(bank.bankNode(), code, reply, key));
    }
    return Future.succeededFuture(refusal(code, new BdcMessage().head("TxCode", code.name()), ReturnCodes.NOT_SIGNED_IN));
  }

  private BdcMessage signIn(String sender, BdcMessage request) {
    byte[] key = Sm4.newKey();
    synchronized (sessions) {
      Deque<byte[]> keys = sessions.computeIfAbsent(sender, s -> new ArrayDeque<>());
      keys.addFirst(key);
      while (keys.size() > KEPT_KEYS) {
        keys.removeLast();
      }
    }
    return bank.reply(request, ReturnCodes.OK).field("SessionKey", BdcCipher.wrapKey(centerKey, key));
  }

  private byte[][] keys(String sender) {
    synchronized (sessions) {
      return sessions.getOrDefault(sender, new ArrayDeque<>()).toArray(new byte[0][]);
    }
  }

  private BdcFrame refusal(TxCode code, BdcMessage request, String rtnCode) {
    return BdcCodec.clear(bank.bankNode(), code, bank.reply(request, rtnCode));
  }
}
