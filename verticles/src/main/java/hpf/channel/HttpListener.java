package hpf.channel;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One listener instance (one event loop) of a zone. Several instances of a zone share its port. On undeploy it
 * stops accepting and lets in-flight requests finish within the grace period before closing connections.
 */
public final class HttpListener extends VerticleBase {

  private final Zone zone;
  private final String host;
  private final int port;
  private final Duration grace;
  private final Supplier<Router> routers;
  private final IntConsumer bound;
  private HttpServer server;

  public HttpListener(Zone zone, String host, int port, Duration grace, Supplier<Router> routers, IntConsumer bound) {
    this.zone = zone;
    this.host = host;
    this.port = port;
    this.grace = grace;
    this.routers = routers;
    this.bound = bound;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions().setIdleTimeout(120).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxInitialLineLength(InvalidRequests.MAX_INITIAL_LINE).setMaxHeaderSize(InvalidRequests.MAX_HEADER_BYTES);
    return vertx.createHttpServer(options)
        .requestHandler(routers.get())
        // 414, 431 and undecodable requests never reach the router: answered as problem+json here.
        .invalidRequestHandler(new InvalidRequests())
        .listen(port, host)
        .recover(e -> Future.failedFuture(describe(e)))
        .onSuccess(s -> {
          server = s;
          bound.accept(s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ListenerException describe(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (e instanceof BindException || message.contains("Address already in use")) {
      return new ListenerException(zone.portKey() + ": port " + port + " on " + host
          + " is already in use; stop the other process or choose another port", e);
    }
    return new ListenerException(zone.portKey() + ": cannot listen on " + host + ":" + port + " (" + message + ")", e);
  }

  /** A listener that could not start, with a message naming the setting to change. */
  public static final class ListenerException extends RuntimeException {
    ListenerException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
