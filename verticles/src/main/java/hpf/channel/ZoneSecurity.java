package hpf.channel;

import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * How a listener treats its callers: who checks them (after the body is read, before validation), which operations
 * each may call (checked per operation before validation), and, for partners that need proof, who signs the
 * answers. Any may be null.
 */
public record ZoneSecurity(AuthenticationHandler authentication, ResponseSigner signer, OperationGate gate) {

  public static final ZoneSecurity NONE = new ZoneSecurity(null, null, null);

  public ZoneSecurity(AuthenticationHandler authentication, ResponseSigner signer) {
    this(authentication, signer, null);
  }
}
