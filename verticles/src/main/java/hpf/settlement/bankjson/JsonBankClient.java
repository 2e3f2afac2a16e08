package hpf.settlement.bankjson;

import hpf.crypto.CanonicalRequest;
import hpf.crypto.CanonicalResponse;
import hpf.crypto.Sm2Keys;
import hpf.settlement.bank.BankException.Kind;
import hpf.settlement.bank.BankConnections;
import hpf.settlement.bank.BankException;
import hpf.settlement.bdc.BankLink;
import hpf.settlement.bdc.BdcMessage;
import hpf.settlement.bdc.MessageGateway;
import hpf.settlement.bdc.ReturnCodes;
import hpf.settlement.bdc.TxCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A partner bank that takes the BDC transactions as JSON over HTTP(S): {@code POST {baseUrl}/{TxCode}} with the
 * message as {@link JsonMessages} JSON, signed like the platform's channel requests (canonical request, scheme
 * HPF1-SM2-SM3, the center node as the caller id in {@code X-HPF-Center-Node}, SM2 with the center's key); the bank
 * signs its answer like the platform's bank listener does ({@link CanonicalResponse}, the bank's registered key).
 * No session key: transport security is TLS, integrity the signatures. Error kinds as {@code BdcClient}'s: no
 * connection (or a signed "not accepted", E1009) → NOT_SENT; sent but no signed, readable answer in time →
 * UNCERTAIN; a signed protocol refusal → REFUSED. HTTP/1.1 connections are kept alive (at most 32, an idle one
 * closed after 30 s), one request at a time on each (no pipelining): a request written on a kept connection that
 * then fails is UNCERTAIN like any other, never resent.
 */
public final class JsonBankClient extends MessageGateway implements BankConnections {

  public static final String CENTER_NODE = "X-HPF-Center-Node";
  public static final String TIMESTAMP = "X-HPF-Timestamp";
  public static final String NONCE = "X-HPF-Nonce";
  public static final String SIGNATURE = "X-HPF-Signature";
  public static final String REQUEST_ID = "X-Request-Id";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The bank's base URL, connect timeout, the center's signing key and the bank's registered public key. */
  public record Endpoint(String baseUrl, Duration connectTimeout, Sm2Keys.Private centerKey, Sm2Keys.Public bankKey) {}

  private final Vertx vertx;
  private final Endpoint endpoint;
  private final WebClient http;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<Discard, Long> discarded = new EnumMap<>(Discard.class);

  public JsonBankClient(Vertx vertx, BankLink link, Endpoint endpoint, Clock clock) {
    super(link, clock);
    this.vertx = vertx;
    this.endpoint = endpoint;
    // Kept-alive connections, closed when idle for 30 s: a connection the bank closes under a request makes that
    // request UNCERTAIN (asked about, never resent blindly), so the idle ones go well before a bank would drop them.
    WebClientOptions options = new WebClientOptions().setKeepAlive(true).setKeepAliveTimeout(30).setPipelining(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, endpoint.connectTimeout().toMillis()));
    this.http = WebClient.wrap(vertx.httpClientBuilder().with(options).with(new PoolOptions().setHttp1MaxSize(32))
        .withConnectHandler(connection -> {
          open.incrementAndGet();
          connection.closeHandler(v -> open.decrementAndGet());
        }).build(), options);
  }

  /** BDC001 for the day's record at the bank; JSON needs no session key. */
  @Override
  public Future<Void> signIn() {
    return headOnly(TxCode.BDC001);
  }

  @Override
  public Future<Void> signOut() {
    return headOnly(TxCode.BDC002);
  }

  public Future<Void> close() {
    http.close();
    return Future.succeededFuture();
  }

  /** Open connections, those carrying a request (the rest idle), and the requests that failed on them. */
  @Override
  public State connections() {
    int opened = open.get();
    int busy = Math.min(inFlight.get(), opened);
    synchronized (discarded) {
      return new State(opened, opened - busy, busy, new EnumMap<>(discarded));
    }
  }

  @Override
  protected Future<BdcMessage> exchange(TxCode code, BdcMessage request) {
    String url = endpoint.baseUrl() + "/" + code.name();
    byte[] body = JsonMessages.toJson(request).toBuffer().getBytes();
    String timestamp = String.valueOf(clock.millis());
    byte[] nonceBytes = new byte[16];
    RANDOM.nextBytes(nonceBytes);
    String nonce = HexFormat.of().formatHex(nonceBytes);
    CanonicalRequest canonical = new CanonicalRequest(CanonicalRequest.SM2_SCHEME, "POST", URI.create(url).getRawPath(),
        null, link.centerNode(), timestamp, nonce, body);
    return vertx.executeBlocking(() -> canonical.signSm2(endpoint.centerKey()), false)
        .compose(signature -> {
          inFlight.incrementAndGet();
          return http.postAbs(url).timeout(link.timeout().toMillis())
              .putHeader("content-type", "application/json").putHeader(CENTER_NODE, link.centerNode())
              .putHeader(TIMESTAMP, timestamp).putHeader(NONCE, nonce).putHeader(SIGNATURE, signature)
              .sendBuffer(Buffer.buffer(body))
              .onComplete(ar -> inFlight.decrementAndGet())
              .transform(ar -> ar.succeeded() ? read(code, ar.result()) : Future.failedFuture(transport(code, ar.cause())));
        });
  }

  private Future<BdcMessage> read(TxCode code, HttpResponse<Buffer> response) {
    String signature = response.getHeader(SIGNATURE);
    CanonicalResponse canonical = new CanonicalResponse(response.statusCode(), String.valueOf(response.getHeader(REQUEST_ID)),
        String.valueOf(response.getHeader(TIMESTAMP)), response.body() == null ? new byte[0] : response.body().getBytes());
    return vertx.executeBlocking(() -> signature != null && canonical.verify(endpoint.bankKey(), signature), false)
        .compose(signed -> {
          if (!signed) {
            // Whatever it says, an unsigned answer proves nothing: the money may or may not have moved.
            return Future.failedFuture(failure(Kind.UNCERTAIN, code, "an answer not signed by the bank (HTTP "
                + response.statusCode() + ")"));
          }
          BdcMessage message;
          try {
            message = JsonMessages.fromJson(new JsonObject(response.body()));
          } catch (RuntimeException e) {
            return Future.failedFuture(failure(Kind.UNCERTAIN, code, "an unreadable answer (HTTP " + response.statusCode() + ")"));
          }
          String rtn = message.head("RtnCode");
          if (response.statusCode() == 200) {
            return Future.succeededFuture(message);
          }
          if (ReturnCodes.NOT_ACCEPTED.equals(rtn)) {
            return Future.failedFuture(failure(Kind.NOT_SENT, code, "the bank did not accept the message (" + rtn + ")"));
          }
          return Future.failedFuture(failure(response.statusCode() < 500 ? Kind.REFUSED : Kind.UNCERTAIN, code,
              "HTTP " + response.statusCode() + " " + rtn));
        });
  }

  private BankException transport(TxCode code, Throwable cause) {
    // Netty's connection refused and connect timeout are both ConnectExceptions: nothing was sent.
    boolean notSent = cause instanceof ConnectException;
    if (!notSent) {
      synchronized (discarded) {
        discarded.merge(cause instanceof TimeoutException ? Discard.TIMEOUT : Discard.BROKEN, 1L, Long::sum);
      }
    }
    return new BankException(notSent ? Kind.NOT_SENT : Kind.UNCERTAIN, "bank " + bankCode() + " " + code + ": "
        + (notSent ? "no connection" : "no answer (" + cause.getClass().getSimpleName() + ")"), cause);
  }

  private BankException failure(Kind kind, TxCode code, String what) {
    return new BankException(kind, "bank " + bankCode() + " " + code + ": " + what, null);
  }
}
