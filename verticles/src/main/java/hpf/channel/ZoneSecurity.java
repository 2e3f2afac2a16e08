package hpf.channel;

import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * How a listener treats its callers: who checks them (after the body is read, before validation) and, for
 * partners that need proof, who signs the answers. Either may be null.
 */
public record ZoneSecurity(AuthenticationHandler authentication, ResponseSigner signer) {

  public static final ZoneSecurity NONE = new ZoneSecurity(null, null);
}
