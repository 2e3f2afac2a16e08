package hpf.channel;

import hpf.apps.ChannelApps;
import hpf.crypto.CanonicalRequest;
import hpf.kit.Problem;
import hpf.kit.ProblemException;
import hpf.kit.Requests;
import hpf.kit.SigningParties;
import hpf.kit.SigningParty;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Signed callers: on the public listener every request is signed by a registered channel app, on the bank
 * listener by a partner bank (see {@link CanonicalRequest} for what is signed). Checks, in order: headers
 * present and well formed, caller known and active, timestamp within the window, signature, and only then
 * the nonce (so unsigned traffic cannot burn a real caller's nonces), refusing requests signed before the
 * cluster's nonce memory began. The contract and docs, and any
 * {@code openPaths}, stay readable without a signature.
 */
public final class SignedCallerCheck implements AuthenticationHandler, OpenPaths {

  public static final String TIMESTAMP = "X-HPF-Timestamp";
  public static final String NONCE = "X-HPF-Nonce";
  public static final String SIGNATURE = "X-HPF-Signature";
  private static final Pattern APP = Pattern.compile("[a-z0-9][a-z0-9-]{2,39}");
  private static final Pattern NONCE_FORMAT = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final Pattern MILLIS = Pattern.compile("[0-9]{1,15}");
  private static final int INLINE_DIGEST_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final SigningParties registry;
  private final java.util.Set<String> openPaths;
  private final NonceRegistry nonces;
  private final Duration window;
  private final Clock clock;

  public SignedCallerCheck(Vertx vertx, SigningParties registry, java.util.Set<String> openPaths, NonceRegistry nonces,
                           Duration window, Clock clock) {
    this.vertx = vertx;
    this.registry = registry;
    this.openPaths = java.util.Set.copyOf(openPaths);
    this.nonces = nonces;
    this.window = window;
    this.clock = clock;
  }

  /** With the current credential, or the one a rotation replaced while its overlap lasts. */
  private boolean verify(SigningParty app, CanonicalRequest request, String signature) {
    return app.verifies(request.bytes(), signature, clock.instant());
  }

  /** The registry of channel apps, for the public listener. */
  public static SigningParties channelApps(ChannelApps apps) {
    return new SigningParties() {
      @Override
      public String idHeader() {
        return Requests.APP_ID_HEADER;
      }

      @Override
      public Future<SigningParty> find(String id) {
        return apps.find(id).map(app -> app == null ? null : app.signingParty());
      }

      @Override
      public Problem unknown() {
        return AuthProblems.appUnknown();
      }

      @Override
      public Problem disabled() {
        return AuthProblems.appDisabled();
      }
    };
  }


  @Override
  public boolean open(String path) {
    return OpenPaths.documentation(path) || openPaths.contains(path);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (open(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    String appId = ctx.request().getHeader(registry.idHeader());
    String timestamp = ctx.request().getHeader(TIMESTAMP);
    String nonce = ctx.request().getHeader(NONCE);
    String signature = ctx.request().getHeader(SIGNATURE);
    String malformed = appId == null || !APP.matcher(appId).matches() ? registry.idHeader()
        : timestamp == null || !MILLIS.matcher(timestamp).matches() ? TIMESTAMP
        : nonce == null || !NONCE_FORMAT.matcher(nonce).matches() ? NONCE
        : signature == null || signature.isEmpty() || signature.length() > 512 ? SIGNATURE : null;
    if (malformed != null) {
      ctx.fail(new ProblemException(AuthProblems.credentialsInvalid(malformed)));
      return;
    }
    registry.find(appId)
        .compose(app -> check(ctx, app, appId, timestamp, nonce, signature))
        .onSuccess(app -> {
          Requests.recordCaller(ctx, app);
          Requests.recordChannel(ctx, app.id());
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private Future<SigningParty> check(RoutingContext ctx, SigningParty app, String appId, String timestamp,
                                     String nonce, String signature) {
    if (app == null) {
      return Future.failedFuture(new ProblemException(registry.unknown()));
    }
    if (!app.active()) {
      return Future.failedFuture(new ProblemException(registry.disabled()));
    }
    long skew = Math.abs(clock.millis() - Long.parseLong(timestamp));
    if (skew > window.toMillis()) {
      return Future.failedFuture(new ProblemException(AuthProblems.requestExpired(window)));
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    CanonicalRequest request = new CanonicalRequest(
        "SM2".equals(app.scheme()) ? CanonicalRequest.SM2_SCHEME : CanonicalRequest.HMAC_SCHEME,
        ctx.request().method().name(), ctx.request().path(), ctx.request().query(), appId, timestamp, nonce,
        body == null ? new byte[0] : body.getBytes());
    // SM2 verification (about half a millisecond) and the digest of a large body are CPU work for a worker;
    // a small HMAC-signed request is checked in place.
    boolean heavy = "SM2".equals(app.scheme()) || (body != null && body.length() > INLINE_DIGEST_BYTES);
    Future<Boolean> valid = heavy
        ? vertx.executeBlocking(() -> verify(app, request, signature), false)
        : Future.future(p -> p.complete(verify(app, request, signature)));
    valid = valid.recover(e -> Future.failedFuture(e instanceof hpf.crypto.CryptoException unsignable
        ? new ProblemException(AuthProblems.queryNotSignable()) : e));
    long signedAt = Long.parseLong(timestamp);
    return valid.compose(ok -> ok
            ? nonces.memorySince()
                .compose(since -> signedAt < since
                    // Signed before the cluster's nonce memory began (a full restart): its nonce may have been used.
                    ? Future.failedFuture(new ProblemException(AuthProblems.signedBeforeRestart()))
                    : nonces.firstUse(appId, nonce))
                // The replay check did not answer in time (an overloaded cluster, a member leaving): one that
                // might be a replay cannot be let through, so the request is refused as busy.
                .recover(e -> Future.failedFuture(e instanceof ProblemException p ? p : ProblemException.busy()))
            : Future.failedFuture(new ProblemException(AuthProblems.signatureInvalid())))
        .compose(first -> first ? Future.succeededFuture(app)
            : Future.failedFuture(new ProblemException(AuthProblems.nonceReused())));
  }
}
