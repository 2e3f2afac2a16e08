package hpf.channel;

import hpf.crypto.CanonicalResponse;
import hpf.crypto.KeyRing;
import hpf.crypto.Sm2Keys;
import hpf.kit.Requests;
import hpf.kit.SignedReplies;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Signs the platform's answers on a listener whose callers need proof of what they were told (banks): see
 * {@link CanonicalResponse}. Signing (SM2) runs on a worker thread; problems are signed like any answer.
 */
public final class ResponseSigner implements SignedReplies {

  public static final String KEY_ID = "X-HPF-Key-Id";

  private final Vertx vertx;
  private final KeyRing<Sm2Keys.Private> keys;
  private final Sm2Keys.Public publicKey;
  private final String publicKeyPem;

  public ResponseSigner(Vertx vertx, KeyRing<Sm2Keys.Private> keys) {
    this.vertx = vertx;
    this.keys = keys;
    // Derived once: a point multiplication per request would be CPU on the event loop for an open endpoint.
    this.publicKey = keys.current().publicKey();
    this.publicKeyPem = Sm2Keys.toPem(publicKey);
  }

  public String publicKeyPem() {
    return publicKeyPem;
  }

  /** The key id answers are signed with now, e.g. {@code platform:1}. */
  public String keyId() {
    return keys.id() + ":" + keys.currentVersion();
  }

  public Sm2Keys.Public publicKey() {
    return publicKey;
  }

  @Override
  public void json(RoutingContext ctx, int status, JsonObject body) {
    send(ctx, status, "application/json", body.toBuffer());
  }

  public void send(RoutingContext ctx, int status, String contentType, Buffer body) {
    String timestamp = String.valueOf(System.currentTimeMillis());
    CanonicalResponse canonical = new CanonicalResponse(status, Requests.requestId(ctx), timestamp, body.getBytes());
    vertx.executeBlocking(() -> canonical.sign(keys.current()), false).onComplete(signed -> {
      if (signed.failed()) {
        // Unsigned answers would be worthless to the bank: the connection is dropped instead.
        ctx.response().reset();
        return;
      }
      ctx.response().setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
          .putHeader(SignedCallerCheck.TIMESTAMP, timestamp)
          .putHeader(KEY_ID, keyId())
          .putHeader(SignedCallerCheck.SIGNATURE, signed.result())
          .end(body);
    });
  }
}
