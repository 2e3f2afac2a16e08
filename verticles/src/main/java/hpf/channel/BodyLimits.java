package hpf.channel;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads the body under a size limit: the listener's for authenticated requests, a small one for the paths anyone may
 * call unauthenticated (a certificate to verify is a few kilobytes), so an anonymous caller cannot make the platform
 * buffer megabytes. Over the limit the answer is 413 problem+json naming the limit that applied.
 */
final class BodyLimits implements BodyHandler {

  /** The body limit of an open (unauthenticated) path. */
  static final int OPEN_PATH_BODY_BYTES = 64 * 1024;
  private static final String KEY_LIMIT = "hpf.bodyLimit";

  private final OpenPaths openPaths;
  private final int openLimit;
  private final BodyHandler open;
  private final BodyHandler authenticated;

  BodyLimits(OpenPaths openPaths, int maxBodyBytes) {
    this.openPaths = openPaths;
    this.openLimit = Math.min(OPEN_PATH_BODY_BYTES, maxBodyBytes);
    this.open = BodyHandler.create(false).setBodyLimit(openLimit);
    this.authenticated = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (openPaths != null && openPaths.open(ctx.normalizedPath())) {
      ctx.put(KEY_LIMIT, (long) openLimit);
      open.handle(ctx);
    } else {
      authenticated.handle(ctx);
    }
  }

  // A BodyHandler to the router (it orders handlers by kind: body before authentication); both limits are fixed here.
  @Override
  public BodyHandler setHandleFileUploads(boolean handle) {
    throw new UnsupportedOperationException("fixed at construction");
  }

  @Override
  public BodyHandler setBodyLimit(long limit) {
    throw new UnsupportedOperationException("fixed at construction");
  }

  @Override
  public BodyHandler setUploadsDirectory(String directory) {
    throw new UnsupportedOperationException("fixed at construction");
  }

  @Override
  public BodyHandler setMergeFormAttributes(boolean merge) {
    throw new UnsupportedOperationException("fixed at construction");
  }

  @Override
  public BodyHandler setDeleteUploadedFilesOnEnd(boolean delete) {
    throw new UnsupportedOperationException("fixed at construction");
  }

  @Override
  public BodyHandler setPreallocateBodyBuffer(boolean preallocate) {
    throw new UnsupportedOperationException("fixed at construction");
  }

  /** The body limit that refused this request, or the given default. */
  static long applied(RoutingContext ctx, long otherwise) {
    Long limit = ctx == null ? null : ctx.get(KEY_LIMIT);
    return limit == null ? otherwise : limit;
  }
}
