package hpf.kit;

import hpf.crypto.CanonicalRequest;
import hpf.crypto.Sm2Keys;
import java.time.Instant;

/**
 * Whoever signs requests to a listener and the credential it signs with: a channel app (kind = its app type,
 * e.g. COUNTER) or a partner bank (kind BANK). After a rotation the credential it replaced may still be accepted
 * for the overlap the operator chose ({@link Previous}).
 */
public record SigningParty(String id, String kind, boolean active, String scheme, Sm2Keys.Public publicKey,
                           byte[] hmacSecret, Previous previous) {

  /** The credential before the last rotation, accepted until {@code validUntil}. */
  public record Previous(Sm2Keys.Public publicKey, byte[] hmacSecret, Instant validUntil) {
    @Override
    public String toString() {
      return "Previous[until " + validUntil + "]";
    }
  }

  public SigningParty(String id, String kind, boolean active, String scheme, Sm2Keys.Public publicKey,
                      byte[] hmacSecret) {
    this(id, kind, active, scheme, publicKey, hmacSecret, null);
  }


  /**
   * Whether the signature verifies with the current credential or, within the overlap after a rotation, with the
   * one it replaced. Outside the overlap the old credential is never tried, so a bad signature costs one check.
   */
  public boolean verifies(byte[] canonical, String signature, Instant now) {
    if (verify(publicKey, hmacSecret, canonical, signature)) {
      return true;
    }
    return previous != null && now.isBefore(previous.validUntil())
        && verify(previous.publicKey(), previous.hmacSecret(), canonical, signature);
  }

  private boolean verify(Sm2Keys.Public key, byte[] secret, byte[] canonical, String signature) {
    return "SM2".equals(scheme) ? key != null && CanonicalRequest.verifySm2(key, canonical, signature)
        : secret != null && CanonicalRequest.verifyHmac(secret, canonical, signature);
  }

  @Override
  public String toString() {
    return "SigningParty[" + id + ", " + scheme + ", active=" + active + "]";
  }
}
