package hpf.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Sensitive fields at rest (ID, bank card, phone numbers): SM4-GCM under a versioned key, with the field's name
 * and the row's key as associated data (a ciphertext cannot be moved to another column or another row, e.g. to
 * redirect someone's login codes to one's own phone), and an HMAC-SM3 blind index so an exact value can be
 * looked up without storing it in clear.
 *
 * <p>Stored form: {@code v<version>:<base64(nonce ‖ ciphertext ‖ tag)>}.
 */
public final class FieldCipher {

  private final KeyRing<byte[]> keys;
  private final byte[] indexKey;

  public FieldCipher(KeyRing<byte[]> keys, byte[] indexKey) {
    this.keys = keys;
    this.indexKey = indexKey.clone();
  }

  public String encrypt(String field, String rowKey, String plaintext) {
    byte[] sealed = Sm4.gcmEncrypt(keys.current(), plaintext.getBytes(StandardCharsets.UTF_8), aad(field, rowKey));
    return "v" + keys.currentVersion() + ":" + Base64.getEncoder().encodeToString(sealed);
  }

  public String decrypt(String field, String rowKey, String stored) {
    int colon = stored.indexOf(':');
    if (!stored.startsWith("v") || colon < 2) {
      throw new CryptoException("not an encrypted field value");
    }
    int version;
    try {
      version = Integer.parseInt(stored.substring(1, colon));
    } catch (NumberFormatException e) {
      throw new CryptoException("not an encrypted field value");
    }
    byte[] sealed;
    try {
      sealed = Base64.getDecoder().decode(stored.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new CryptoException("not an encrypted field value");
    }
    return new String(Sm4.gcmDecrypt(keys.version(version), sealed, aad(field, rowKey)), StandardCharsets.UTF_8);
  }

  /** The key version a stored value was made with: rotation re-encrypts those below the current one. */
  public static int versionOf(String stored) {
    int colon = stored.indexOf(':');
    try {
      return Integer.parseInt(stored.substring(1, colon));
    } catch (RuntimeException e) {
      throw new CryptoException("not an encrypted field value");
    }
  }

  public int currentVersion() {
    return keys.currentVersion();
  }

  /** Deterministic lookup token for an exact, already normalised value (e.g. upper-case ID number). */
  public String blindIndex(String field, String normalizedValue) {
    return HexFormat.of().formatHex(Sm3.hmac(indexKey, (field + "\u0000" + normalizedValue).getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] aad(String field, String rowKey) {
    return (field + "\u0000" + rowKey).getBytes(StandardCharsets.UTF_8);
  }
}
