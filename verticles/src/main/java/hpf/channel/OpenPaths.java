package hpf.channel;

/** An authentication handler that lets some paths through unauthenticated, so the edge can hold them to tighter limits. */
public interface OpenPaths {

  /** Contract and docs: readable on every listener without credentials. */
  static boolean documentation(String path) {
    return path.equals("/openapi.yaml") || path.equals("/docs") || path.startsWith("/docs/");
  }

  /** True when a request to this normalized path is answered without checking its caller. */
  boolean open(String path);
}
