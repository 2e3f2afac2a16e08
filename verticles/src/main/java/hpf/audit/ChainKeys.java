package hpf.audit;

import hpf.crypto.KeyRing;
import hpf.crypto.Sm3;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Keys a chain record's hash: {@code HMAC-SM3(chain key of a version, canonical record)}, a secret the database does
 * not hold, so whoever can write the tables cannot re-hash an edited record. Records written before the chains were
 * keyed (no key version) keep their plain SM3.
 */
public final class ChainKeys {

  private final KeyRing<byte[]> ring;

  public ChainKeys(KeyRing<byte[]> ring) {
    this.ring = ring;
  }

  public int currentVersion() {
    return ring.currentVersion();
  }

  /** The keyed hash of a new record, under the current version. */
  public String hash(String canonical) {
    return Sm3.hmacHex(ring.current(), canonical);
  }

  /**
   * True when {@code stored} is the hash of {@code canonical}: keyed with {@code version}, or plain SM3 when the
   * version is null (a record from before keying). A version this process does not hold never matches.
   */
  public boolean matches(String canonical, Integer version, String stored) {
    String expected;
    if (version == null) {
      expected = Sm3.digestHex(canonical);
    } else {
      try {
        expected = Sm3.hmacHex(ring.version(version), canonical);
      } catch (RuntimeException unknownVersion) {
        return false;
      }
    }
    return stored != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        stored.getBytes(StandardCharsets.US_ASCII));
  }
}
