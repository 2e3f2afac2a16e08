package hpf.apps;

import hpf.crypto.Sm2Keys;
import hpf.kit.SigningParty;

/**
 * A registered channel app (渠道应用) and the credential it signs requests with: an SM2 key or an HMAC-SM3 secret,
 * and during a rotation's overlap the credential it replaced ({@code previous}, else null).
 */
public record ChannelApp(String appId, String name, String type, String status, String scheme,
                         Sm2Keys.Public publicKey, byte[] hmacSecret, SigningParty.Previous previous) {

  public ChannelApp(String appId, String name, String type, String status, String scheme, Sm2Keys.Public publicKey,
                    byte[] hmacSecret) {
    this(appId, name, type, status, scheme, publicKey, hmacSecret, null);
  }

  public boolean active() {
    return "ACTIVE".equals(status);
  }

  /** The app as a signer of requests, for the public listener's signature check. */
  public SigningParty signingParty() {
    return new SigningParty(appId, type, active(), scheme, publicKey, hmacSecret, previous);
  }

  @Override
  public String toString() {
    return "ChannelApp[" + appId + ", " + type + ", " + status + ", " + scheme + "]";
  }
}
