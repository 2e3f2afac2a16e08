package hpf.channel;

import hpf.crypto.Sm2Keys;

/** Whoever signs requests to a listener (a channel app, a partner bank) and the credential it signs with. */
public record SigningParty(String id, boolean active, String scheme, Sm2Keys.Public publicKey, byte[] hmacSecret) {

  public static SigningParty of(ChannelApp app) {
    return new SigningParty(app.appId(), app.active(), app.scheme(), app.publicKey(), app.hmacSecret());
  }

  @Override
  public String toString() {
    return "SigningParty[" + id + ", " + scheme + ", active=" + active + "]";
  }
}
