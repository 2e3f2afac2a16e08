package hpf.channel;

import hpf.crypto.Sm2Keys;

/**
 * Whoever signs requests to a listener and the credential it signs with: a channel app (kind = its app type,
 * e.g. COUNTER) or a partner bank (kind BANK).
 */
public record SigningParty(String id, String kind, boolean active, String scheme, Sm2Keys.Public publicKey,
                           byte[] hmacSecret) {

  public static SigningParty of(ChannelApp app) {
    return new SigningParty(app.appId(), app.type(), app.active(), app.scheme(), app.publicKey(), app.hmacSecret());
  }

  @Override
  public String toString() {
    return "SigningParty[" + id + ", " + scheme + ", active=" + active + "]";
  }
}
