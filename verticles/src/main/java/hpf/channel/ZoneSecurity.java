package hpf.channel;

import io.vertx.ext.web.handler.AuthenticationHandler;
import java.util.Objects;
import java.util.Set;

/**
 * How a listener treats its callers: who checks them (after the body is read, before validation), which operations
 * each may call (checked per operation before validation; may be null), and, for partners that need proof, who signs
 * the answers (may be null). A zone always has a caller check: one that has no callers yet is {@link #closed()}, so a
 * new or forgotten zone refuses everything instead of serving everyone.
 */
public record ZoneSecurity(AuthenticationHandler authentication, ResponseSigner signer, OperationGate gate) {

  public ZoneSecurity {
    Objects.requireNonNull(authentication, "every zone checks its callers; ZoneSecurity.closed() refuses them all");
  }

  public ZoneSecurity(AuthenticationHandler authentication, ResponseSigner signer) {
    this(authentication, signer, null);
  }

  /** Refuses every request with 401 except the contract and its docs. */
  public static ZoneSecurity closed() {
    return new ZoneSecurity(new ClosedZone(Set.of()), null);
  }

  /**
   * Serves only {@code openPaths} (and the contract and docs) without credentials, for a zone reached from the
   * internal network only (management: probes and scrapes); every other path is refused with 401.
   */
  public static ZoneSecurity openPathsOnly(Set<String> openPaths) {
    return new ZoneSecurity(new ClosedZone(openPaths), null);
  }
}
